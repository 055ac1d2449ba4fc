// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;
class QTimer;

namespace kubelab::ui {

/// The timeline: a slider over the lab's revisions. Dragging it back shows the cluster as
/// it was (read only); "Now" returns to the present.
class Timeline final : public QWidget {
    Q_OBJECT
public:
    explicit Timeline(QWidget* parent = nullptr);

    /// The committed revisions span [first, last]. When the slider is at the end it stays there.
    void setRange(qint64 first, qint64 last);
    /// Tells which revision and virtual time the canvas shows.
    void setShown(qint64 revision, qint64 virtualTimeMs, bool past);
    [[nodiscard]] bool isLive() const { return m_live; }
    [[nodiscard]] QSlider* slider() const { return m_slider; }
    [[nodiscard]] QPushButton* nowButton() const { return m_now; }
    void retranslate();

public Q_SLOTS:
    void goToNow();

Q_SIGNALS:
    /// The learner asked for revision `revision`; 0 means now.
    void scrubbed(qint64 revision);

private:
    QSlider* m_slider = nullptr;
    QLabel* m_label = nullptr;
    QPushButton* m_now = nullptr;
    QTimer* m_debounce = nullptr;
    qint64 m_first = 0;
    qint64 m_last = 0;
    qint64 m_shownRevision = 0;
    qint64 m_shownTime = 0;
    bool m_live = true;
    bool m_setting = false;
};

} // namespace kubelab::ui
