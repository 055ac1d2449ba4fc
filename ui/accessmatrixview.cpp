// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/accessmatrixview.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "scenes/items/podstyle.h"

namespace kubelab::ui {

namespace okabeito = scenes::okabeito;

namespace {
constexpr quint32 kReads = 0b111; // get, list, watch: the first three verbs
} // namespace

AccessMatrixView::AccessMatrixView(QWidget* parent)
    : QDialog(parent)
    , m_namespaces(new QComboBox(this))
    , m_note(new QLabel(this))
    , m_nsLabel(new QLabel(this))
    , m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("accessMatrix"));
    auto* top = new QHBoxLayout;
    top->addWidget(m_nsLabel);
    top->addWidget(m_namespaces);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    m_note->setWordWrap(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setDefaultSectionSize(96);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_namespaces, &QComboBox::textActivated, this, &AccessMatrixView::namespaceChosen);
    resize(1100, 560);
    retranslate();
}

void AccessMatrixView::retranslate()
{
    setWindowTitle(tr("Who can do what (RBAC)"));
    m_nsLabel->setText(tr("Namespace:"));
    m_note->setText(tr("Each cell asks the lab's authorizer, as `klab auth can-i VERB RESOURCE -n NAMESPACE --as "
                       "SUBJECT` would (hover a cell for the command). \"all\": every verb; \"read\": get, list, "
                       "watch. Subjects come from the kubeconfig's users and from every ClusterRoleBinding and this "
                       "namespace's RoleBindings; those allowed nothing here are not listed. Cluster-scoped "
                       "resources (hover their header) are granted by ClusterRoleBindings only."));
    if (!m_data.verbs.isEmpty())
        fill();
}

void AccessMatrixView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

QString AccessMatrixView::cellText(const QStringList& verbs, quint32 allowed)
{
    const quint32 every = (quint32(1) << verbs.size()) - 1;
    if (allowed == 0)
        return QString();
    if (allowed == every)
        return tr("all");
    if (allowed == kReads)
        return tr("read");
    QStringList out;
    for (int v = 0; v < verbs.size(); ++v)
        if (allowed & (quint32(1) << v))
            out << verbs[v];
    return out.join(QLatin1Char(' '));
}

void AccessMatrixView::showMatrix(const AccessMatrixData& data)
{
    m_data = data;
    fill();
    show();
    raise();
}

void AccessMatrixView::fill()
{
    const AccessMatrixData& data = m_data;
    {
        const QSignalBlocker block(m_namespaces);
        m_namespaces->clear();
        m_namespaces->addItems(data.namespaces);
        m_namespaces->setCurrentText(data.ns);
    }
    m_table->clear();
    m_table->setRowCount(int(data.names.size()));
    m_table->setColumnCount(int(data.resources.size()));
    for (int c = 0; c < data.resources.size(); ++c) {
        QString header = data.resources[c];
        header.replace(QLatin1Char('.'), QStringLiteral(".\n"));
        auto* h = new QTableWidgetItem(header);
        if (!data.namespaced.value(c, true))
            h->setToolTip(tr("cluster-scoped"));
        m_table->setHorizontalHeaderItem(c, h);
    }
    const quint32 every = (quint32(1) << data.verbs.size()) - 1;
    for (int r = 0; r < data.names.size(); ++r) {
        const QString kind = data.kinds[r];
        m_table->setVerticalHeaderItem(r, new QTableWidgetItem(QStringLiteral("%1 %2").arg(kind, data.names[r])));
        for (int c = 0; c < data.resources.size(); ++c) {
            const quint32 bits = data.allowed[r].value(c);
            auto* item = new QTableWidgetItem(cellText(data.verbs, bits));
            item->setTextAlignment(Qt::AlignCenter);
            QColor tint = bits == 0       ? QColor()
                          : bits == every ? okabeito::bluishGreen
                          : (bits & ~kReads) ? okabeito::orange
                                             : okabeito::skyBlue;
            if (tint.isValid()) {
                tint.setAlpha(90);
                item->setBackground(tint);
            }
            // The command that asks the same question.
            QString as = kind == QLatin1String("Group")
                             ? QStringLiteral("--as someone --as-group %1").arg(data.names[r])
                             : kind == QLatin1String("ServiceAccount")
                                   ? QStringLiteral("--as system:serviceaccount:%1")
                                         .arg(QString(data.names[r]).replace(QLatin1Char('/'), QLatin1Char(':')))
                                   : QStringLiteral("--as %1").arg(data.names[r]);
            const QString ns = data.namespaced.value(c, true) ? QStringLiteral(" -n %1").arg(data.ns) : QString();
            QString verbsText = bits ? cellText(data.verbs, bits) : tr("nothing");
            item->setToolTip(tr("%1 %2 may: %3\nklab auth can-i --list%4 %5")
                                 .arg(kind, data.names[r], verbsText, ns, as));
            m_table->setItem(r, c, item);
        }
    }
}

} // namespace kubelab::ui
