// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QString>

class QLabel;
class QTabWidget;
class QTableWidget;

namespace kubelab::ui {

/// Two labs side by side, from `klab diff OTHER -o json`: each node's requests against
/// its allocatable in this lab and the other (cells that differ are tinted), the pods
/// that moved, the pending pods by reason, and the objects added, removed or changed.
class LabDiffView final : public QDialog {
    Q_OBJECT
public:
    explicit LabDiffView(QWidget* parent = nullptr);

    /// Shows a comparison (the JSON `klab diff -o json` prints).
    void showDiff(const QJsonObject& diff);
    [[nodiscard]] QTableWidget* nodes() const { return m_nodes; }
    [[nodiscard]] QTableWidget* moved() const { return m_moved; }
    [[nodiscard]] QTableWidget* pending() const { return m_pending; }
    [[nodiscard]] QTableWidget* objects() const { return m_objects; }
    [[nodiscard]] QString summary() const;
    void retranslate();

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();

    QJsonObject m_diff;
    QLabel* m_summary = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableWidget* m_nodes = nullptr;
    QTableWidget* m_moved = nullptr;
    QTableWidget* m_pending = nullptr;
    QTableWidget* m_objects = nullptr;
};

} // namespace kubelab::ui
