// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QWidget>

class QTimer;

namespace kubelab::ui {

/// One request a person made, as the API server's stages saw it (core::RequestTrace).
struct RequestRow {
    QString user;     ///< empty: not authenticated
    QString verb;
    QString resource; ///< `pods`, `deployments.apps`, `pods/binding`
    QString ns;
    QString name;
    int stage = 0;    ///< core::RequestStage, the last one reached
    bool refused = false;
    bool write = false;
    bool dryRun = false;
    QString plugin;   ///< the admission plugin that refused it
    QString message;  ///< the API server's answer when refused
};

/// The API server's request path, drawn for each request the learner makes (console,
/// canvas, inspector): authentication → authorization → mutating admission → validation
/// → validating admission → etcd. A request lights the stages it passes one after the
/// other; a refused one stops, vermilion with a cross, at the stage that refused it, with
/// the answer beneath. Reads skip admission (dotted). Newest on top.
class RequestPanel final : public QWidget {
    Q_OBJECT
public:
    /// Requests kept; older ones are dropped.
    static constexpr int kMaxRows = 40;
    /// Wall milliseconds a request takes to pass one stage on screen.
    static constexpr int kStageMs = 110;
    static constexpr int kStages = 6;

    explicit RequestPanel(QWidget* parent = nullptr);

    void append(const QList<RequestRow>& requests);
    void clear();
    [[nodiscard]] int rowCount() const { return int(m_entries.size()); }
    [[nodiscard]] const RequestRow& row(int i) const { return m_entries.at(i).request; }
    /// The stage's name in the current language.
    [[nodiscard]] static QString stageText(int stage);
    /// Its short name, for a chip too narrow for the whole one (authn, authz, ...).
    [[nodiscard]] static QString shortStageText(int stage);
    /// How many stages of row `i` are drawn lit now (the newest rows light up over time).
    [[nodiscard]] int shownStages(int i) const;
    /// Where stage `stage` of row `i` is drawn.
    [[nodiscard]] QRect stageRect(int i, int stage) const;
    void retranslate();

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Entry {
        RequestRow request;
        qint64 arrivedMs = 0;
    };
    [[nodiscard]] int rowHeight(int i) const;
    [[nodiscard]] int rowTop(int i) const;
    [[nodiscard]] QString summary(const RequestRow& r) const;
    [[nodiscard]] bool skipped(const RequestRow& r, int stage) const;
    [[nodiscard]] int lastStage(const RequestRow& r) const;

    QList<Entry> m_entries;
    QElapsedTimer m_clock;
    QTimer* m_animation = nullptr;
    QString m_empty;
};

} // namespace kubelab::ui

Q_DECLARE_METATYPE(kubelab::ui::RequestRow)
