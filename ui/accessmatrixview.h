// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

class QComboBox;
class QLabel;
class QTableWidget;

namespace kubelab::ui {

/// Who can do what in one namespace (core's rbac::AccessMatrix, as values for the window).
struct AccessMatrixData {
    QString ns;
    QStringList namespaces; ///< every namespace of the lab, for the picker
    QStringList verbs;
    QStringList resources;  ///< `pods`, `deployments.apps`
    QList<bool> namespaced; ///< per resource
    QStringList kinds;      ///< per row: User, Group, ServiceAccount
    QStringList names;
    QList<QList<quint32>> allowed; ///< per row, per resource: bit i for verbs[i]
};

/// The RBAC matrix: subjects down, resources across, each cell the verbs the subject may
/// use there (all, the reads, or the verbs one by one), coloured by how much it may do; a
/// namespace picker on top. Asked of the lab's authorizer, so it changes as roles and
/// bindings do.
class AccessMatrixView final : public QDialog {
    Q_OBJECT
public:
    explicit AccessMatrixView(QWidget* parent = nullptr);

    void showMatrix(const AccessMatrixData& data);
    [[nodiscard]] QTableWidget* table() const { return m_table; }
    [[nodiscard]] QComboBox* namespaces() const { return m_namespaces; }
    /// The text of a cell: `all`, `read`, or the verbs.
    [[nodiscard]] static QString cellText(const QStringList& verbs, quint32 allowed);
    void retranslate();

Q_SIGNALS:
    void namespaceChosen(const QString& ns);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();

    QComboBox* m_namespaces = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_nsLabel = nullptr;
    QTableWidget* m_table = nullptr;
    AccessMatrixData m_data;
};

} // namespace kubelab::ui

Q_DECLARE_METATYPE(kubelab::ui::AccessMatrixData)
