// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace kubelab::ui {

/// The bar above the canvas that narrows what it shows: a namespace and a label selector
/// in kubectl's form (`app=web,tier!=db`). What the filter leaves out is drawn faint, so
/// the layout never jumps.
class CanvasFilter final : public QWidget {
    Q_OBJECT
public:
    explicit CanvasFilter(QWidget* parent = nullptr);

    /// The namespaces offered (besides "all namespaces").
    void setNamespaces(const QStringList& namespaces);
    /// Says how many pods the filter shows, or the selector's error.
    void showResult(int shownPods, int totalPods, const QString& error);
    /// The same with the last error kept (after a new snapshot).
    void showCount(int shownPods, int totalPods) { showResult(shownPods, totalPods, m_error); }
    [[nodiscard]] QString currentNamespace() const;
    [[nodiscard]] QString selector() const;
    [[nodiscard]] QComboBox* namespaceBox() const { return m_namespace; }
    [[nodiscard]] QLineEdit* selectorEdit() const { return m_selector; }
    [[nodiscard]] QLabel* resultLabel() const { return m_result; }
    void retranslate();

Q_SIGNALS:
    void filterChanged(const QString& ns, const QString& selector);

private:
    QLabel* m_namespaceLabel = nullptr;
    QComboBox* m_namespace = nullptr;
    QLabel* m_selectorLabel = nullptr;
    QLineEdit* m_selector = nullptr;
    QLabel* m_result = nullptr;
    QString m_error;
};

} // namespace kubelab::ui
