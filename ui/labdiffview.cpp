// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/labdiffview.h"

#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QSet>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "scenes/items/podstyle.h"

namespace kubelab::ui {

namespace okabeito = scenes::okabeito;

namespace {

QTableWidget* makeTable(QWidget* parent)
{
    auto* t = new QTableWidget(parent);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setAlternatingRowColors(true);
    return t;
}

QString text(const QJsonValue& v)
{
    return v.isDouble() ? QString::number(v.toDouble()) : v.toString();
}

/// `37% (1500m of 4)`, as `kubectl describe node` pairs a request with its percentage.
QString usage(const QJsonObject& side, const char* resource)
{
    if (side.isEmpty())
        return LabDiffView::tr("(no such node)");
    const QString r = QLatin1String(resource);
    return LabDiffView::tr("%1% (%2 of %3)")
        .arg(text(side.value(r + QStringLiteral("Percent"))), side.value(r + QStringLiteral("Requests")).toString(),
             side.value(r + QStringLiteral("Allocatable")).toString());
}

QTableWidgetItem* cell(const QString& value, bool differs = false)
{
    auto* item = new QTableWidgetItem(value);
    if (differs) {
        QColor tint = okabeito::orange;
        tint.setAlpha(90);
        item->setBackground(tint);
    }
    return item;
}

QString podName(const QJsonObject& p)
{
    const QString ns = p.value(QStringLiteral("namespace")).toString();
    return ns.isEmpty() ? p.value(QStringLiteral("name")).toString()
                        : ns + QLatin1Char('/') + p.value(QStringLiteral("name")).toString();
}

} // namespace

LabDiffView::LabDiffView(QWidget* parent)
    : QDialog(parent)
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_nodes(makeTable(this))
    , m_moved(makeTable(this))
    , m_pending(makeTable(this))
    , m_objects(makeTable(this))
{
    setObjectName(QStringLiteral("labDiff"));
    auto* layout = new QVBoxLayout(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    m_tabs->addTab(m_nodes, QString());
    m_tabs->addTab(m_moved, QString());
    m_tabs->addTab(m_pending, QString());
    m_tabs->addTab(m_objects, QString());
    resize(1000, 520);
    retranslate();
}

void LabDiffView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void LabDiffView::retranslate()
{
    setWindowTitle(tr("Compare labs (what-if)"));
    m_tabs->setTabText(0, tr("Nodes side by side"));
    m_tabs->setTabText(1, tr("Pods that moved"));
    m_tabs->setTabText(2, tr("Pending pods"));
    m_tabs->setTabText(3, tr("Objects"));
    fill();
}

QString LabDiffView::summary() const
{
    return m_summary->text();
}

void LabDiffView::showDiff(const QJsonObject& diff)
{
    m_diff = diff;
    fill();
    show();
    raise();
}

void LabDiffView::fill()
{
    const QString base = QFileInfo(m_diff.value(QStringLiteral("base")).toString()).fileName();
    const QString other = QFileInfo(m_diff.value(QStringLiteral("other")).toString()).fileName();
    const QString thisLab = tr("this lab (%1)").arg(base);
    const QString otherLab = tr("the other (%1)").arg(other);

    // Nodes: this | other, per measure.
    const QJsonArray nodes = m_diff.value(QStringLiteral("nodes")).toArray();
    m_nodes->clear();
    m_nodes->setColumnCount(7);
    m_nodes->setHorizontalHeaderLabels({tr("Node"), tr("CPU requests, this"), tr("CPU requests, other"),
                                        tr("Memory requests, this"), tr("Memory requests, other"), tr("Pods, this"),
                                        tr("Pods, other")});
    m_nodes->setRowCount(int(nodes.size()));
    int nodesDiffering = 0;
    for (int i = 0; i < nodes.size(); ++i) {
        const QJsonObject n = nodes[i].toObject();
        const QJsonObject a = n.value(QStringLiteral("base")).toObject();
        const QJsonObject b = n.value(QStringLiteral("other")).toObject();
        const bool cpu = usage(a, "cpu") != usage(b, "cpu");
        const bool memory = usage(a, "memory") != usage(b, "memory");
        const bool pods = a.value(QStringLiteral("pods")) != b.value(QStringLiteral("pods"));
        nodesDiffering += (cpu || memory || pods) ? 1 : 0;
        m_nodes->setItem(i, 0, cell(n.value(QStringLiteral("name")).toString(), a.isEmpty() || b.isEmpty()));
        m_nodes->setItem(i, 1, cell(usage(a, "cpu"), cpu));
        m_nodes->setItem(i, 2, cell(usage(b, "cpu"), cpu));
        m_nodes->setItem(i, 3, cell(usage(a, "memory"), memory));
        m_nodes->setItem(i, 4, cell(usage(b, "memory"), memory));
        m_nodes->setItem(i, 5, cell(a.isEmpty() ? QString() : text(a.value(QStringLiteral("pods"))), pods));
        m_nodes->setItem(i, 6, cell(b.isEmpty() ? QString() : text(b.value(QStringLiteral("pods"))), pods));
    }
    m_nodes->resizeColumnsToContents();

    // Pods that moved, then those in one lab only.
    const QJsonObject podsDiff = m_diff.value(QStringLiteral("pods")).toObject();
    const QJsonArray moved = podsDiff.value(QStringLiteral("moved")).toArray();
    const QJsonArray onlyBase = podsDiff.value(QStringLiteral("onlyInBase")).toArray();
    const QJsonArray onlyOther = podsDiff.value(QStringLiteral("onlyInOther")).toArray();
    m_moved->clear();
    m_moved->setColumnCount(4);
    m_moved->setHorizontalHeaderLabels({tr("Pod, this"), tr("Node, this"), tr("Pod, other"), tr("Node, other")});
    m_moved->setRowCount(int(moved.size() + onlyBase.size() + onlyOther.size()));
    int row = 0;
    const QString none = QStringLiteral("<none>");
    for (const QJsonValue& v : moved) {
        const QJsonObject m = v.toObject();
        const QJsonObject from = m.value(QStringLiteral("from")).toObject();
        const QJsonObject to = m.value(QStringLiteral("to")).toObject();
        const QString ns = m.value(QStringLiteral("namespace")).toString();
        auto name = [&](const QJsonObject& p) { return ns + QLatin1Char('/') + p.value(QStringLiteral("name")).toString(); };
        auto node = [&](const QJsonObject& p) {
            const QString n = p.value(QStringLiteral("node")).toString();
            return n.isEmpty() ? none : n;
        };
        m_moved->setItem(row, 0, cell(name(from)));
        m_moved->setItem(row, 1, cell(node(from), true));
        m_moved->setItem(row, 2, cell(name(to)));
        m_moved->setItem(row, 3, cell(node(to), true));
        ++row;
    }
    auto nodeOf = [&](const QJsonObject& p) {
        const QString n = p.value(QStringLiteral("node")).toString();
        return n.isEmpty() ? none : n;
    };
    for (const QJsonValue& v : onlyBase) {
        m_moved->setItem(row, 0, cell(podName(v.toObject())));
        m_moved->setItem(row, 1, cell(nodeOf(v.toObject())));
        m_moved->setItem(row, 2, cell(tr("(only in this lab)"), true));
        ++row;
    }
    for (const QJsonValue& v : onlyOther) {
        m_moved->setItem(row, 0, cell(tr("(only in the other)"), true));
        m_moved->setItem(row, 2, cell(podName(v.toObject())));
        m_moved->setItem(row, 3, cell(nodeOf(v.toObject())));
        ++row;
    }
    m_moved->resizeColumnsToContents();

    // Pending pods by reason, side by side.
    const QJsonObject pending = m_diff.value(QStringLiteral("pending")).toObject();
    const QJsonObject pa = pending.value(QStringLiteral("base")).toObject();
    const QJsonObject pb = pending.value(QStringLiteral("other")).toObject();
    QStringList reasons = pa.value(QStringLiteral("reasons")).toObject().keys();
    for (const QString& r : pb.value(QStringLiteral("reasons")).toObject().keys())
        if (!reasons.contains(r))
            reasons << r;
    reasons.sort();
    m_pending->clear();
    m_pending->setColumnCount(3);
    m_pending->setHorizontalHeaderLabels({tr("Reason"), thisLab, otherLab});
    m_pending->setRowCount(int(reasons.size()) + 1);
    auto count = [](const QJsonObject& side, const QString& reason) {
        return side.value(QStringLiteral("reasons")).toObject().value(reason).toInt();
    };
    for (int i = 0; i < reasons.size(); ++i) {
        const int a = count(pa, reasons[i]), b = count(pb, reasons[i]);
        m_pending->setItem(i, 0, cell(reasons[i]));
        m_pending->setItem(i, 1, cell(QString::number(a), a != b));
        m_pending->setItem(i, 2, cell(QString::number(b), a != b));
    }
    const int pendingA = pa.value(QStringLiteral("count")).toInt(), pendingB = pb.value(QStringLiteral("count")).toInt();
    m_pending->setItem(int(reasons.size()), 0, cell(tr("All pending")));
    m_pending->setItem(int(reasons.size()), 1, cell(QString::number(pendingA), pendingA != pendingB));
    m_pending->setItem(int(reasons.size()), 2, cell(QString::number(pendingB), pendingA != pendingB));
    m_pending->resizeColumnsToContents();

    // Objects added, removed, changed.
    const QJsonObject objects = m_diff.value(QStringLiteral("objects")).toObject();
    m_objects->clear();
    m_objects->setColumnCount(3);
    m_objects->setHorizontalHeaderLabels({tr("Object"), tr("What"), tr("Fields that differ")});
    int objectRows = 0;
    for (const char* part : {"added", "removed", "changed"})
        objectRows += int(objects.value(QLatin1String(part)).toArray().size());
    m_objects->setRowCount(objectRows);
    row = 0;
    for (const char* part : {"added", "removed", "changed"}) {
        const QString what = part == std::string_view("added")     ? tr("only in the other")
                             : part == std::string_view("removed") ? tr("only in this lab")
                                                                   : tr("changed");
        for (const QJsonValue& v : objects.value(QLatin1String(part)).toArray()) {
            const QJsonObject o = v.toObject();
            QStringList fields;
            for (const QJsonValue& f : o.value(QStringLiteral("fields")).toArray())
                fields << f.toString();
            m_objects->setItem(row, 0, cell(o.value(QStringLiteral("kind")).toString() + QLatin1Char(' ') + podName(o)));
            m_objects->setItem(row, 1, cell(what, true));
            m_objects->setItem(row, 2, cell(fields.join(QStringLiteral(", "))));
            ++row;
        }
    }
    m_objects->resizeColumnsToContents();

    if (m_diff.isEmpty()) {
        m_summary->clear();
        return;
    }
    m_summary->setText(tr("Comparing %1 with %2: %3 pod(s) moved, pending %4 here and %5 there, %6 node(s) differ, "
                          "%7 object(s) differ. Both labs are compared as they are now (nothing is settled).")
                           .arg(thisLab, otherLab)
                           .arg(moved.size())
                           .arg(pendingA)
                           .arg(pendingB)
                           .arg(nodesDiffering)
                           .arg(objectRows));
}

} // namespace kubelab::ui
