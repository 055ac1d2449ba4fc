// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/palette.h"

#include <QIcon>
#include <QMimeData>

#include "ui/labview.h"

namespace kubelab::ui {

namespace {
constexpr int kKindRole = Qt::UserRole + 1;
}

Palette::Palette(QWidget* parent)
    : QListWidget(parent)
{
    setObjectName(QStringLiteral("palette"));
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setIconSize(QSize(28, 28));
    setSpacing(2);
    for (const QString& kind : kinds()) {
        auto* item = new QListWidgetItem(this);
        item->setData(kKindRole, kind);
        item->setIcon(QIcon(QStringLiteral(":/icons/%1.svg").arg(kind.toLower())));
    }
    retranslate();
}

QStringList Palette::kinds()
{
    return {QStringLiteral("Node"),
            QStringLiteral("Pod"),
            QStringLiteral("Deployment"),
            QStringLiteral("DaemonSet"),
            QStringLiteral("StatefulSet"),
            QStringLiteral("Service"),
            QStringLiteral("Ingress"),
            QStringLiteral("PersistentVolume"),
            QStringLiteral("PersistentVolumeClaim"),
            QStringLiteral("StorageClass"),
            QStringLiteral("Namespace"),
            QStringLiteral("NetworkPolicy")};
}

QListWidgetItem* Palette::itemForKind(const QString& kind) const
{
    for (int i = 0; i < count(); ++i)
        if (item(i)->data(kKindRole).toString() == kind)
            return item(i);
    return nullptr;
}

void Palette::retranslate()
{
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem* it = item(i);
        const QString kind = it->data(kKindRole).toString();
        QString tip;
        if (kind == QLatin1String("Node"))
            tip = tr("A machine that runs pods. Drop it into a zone.");
        else if (kind == QLatin1String("Pod"))
            tip = tr("The smallest thing Kubernetes runs. Drop it on a node to skip the scheduler (spec.nodeName).");
        else if (kind == QLatin1String("Deployment"))
            tip = tr("Keeps a number of identical pods running and rolls out changes.");
        else if (kind == QLatin1String("DaemonSet"))
            tip = tr("Runs one copy of a pod on every node that fits, such as a log or monitoring agent.");
        else if (kind == QLatin1String("StatefulSet"))
            tip = tr("Pods with stable names (web-0, web-1, ...) started and stopped in order, for databases.");
        else if (kind == QLatin1String("Service"))
            tip = tr("A stable virtual IP and DNS name in front of the pods its selector finds.");
        else if (kind == QLatin1String("Ingress"))
            tip = tr("HTTP routing by host and path from outside the cluster to Services.");
        else if (kind == QLatin1String("PersistentVolume"))
            tip = tr("A piece of storage, made by an administrator or provisioned for a claim.");
        else if (kind == QLatin1String("PersistentVolumeClaim"))
            tip = tr("A request for storage; it binds to a volume that fits.");
        else if (kind == QLatin1String("StorageClass"))
            tip = tr("A kind of storage with a provisioner: claims of the class get volumes made for them.");
        else if (kind == QLatin1String("Namespace"))
            tip = tr("A folder for names: objects in different namespaces do not clash.");
        else if (kind == QLatin1String("NetworkPolicy"))
            tip = tr("A firewall for pods: once a pod is selected, only the traffic the policy allows reaches it.");
        it->setText(kind);
        it->setToolTip(tip + QLatin1Char('\n') + tr("Drag onto the canvas to create one."));
    }
}

QStringList Palette::mimeTypes() const
{
    return {QLatin1String(LabView::kKindMime)};
}

QMimeData* Palette::mimeData(const QList<QListWidgetItem*>& items) const
{
    if (items.isEmpty())
        return nullptr;
    auto* data = new QMimeData;
    data->setData(QLatin1String(LabView::kKindMime), items.front()->data(kKindRole).toString().toUtf8());
    return data;
}

} // namespace kubelab::ui
