// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/labscene.h"

#include <algorithm>
#include <cmath>

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsEllipseItem>
#include <QGraphicsLineItem>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QFont>
#include <QPainterPath>
#include <QPalette>
#include <QPen>
#include <QPropertyAnimation>
#include <QVariantAnimation>

#include "scenes/framebudget.h"
#include "scenes/itemfactory.h"
#include "scenes/items/decisionoverlay.h"
#include "scenes/items/ingressitem.h"
#include "scenes/items/nodeitem.h"
#include "scenes/items/poditem.h"
#include "scenes/items/podstyle.h"
#include "scenes/items/serviceitem.h"
#include "scenes/items/volumeitem.h"
#include "scenes/naturalorder.h"

namespace kubelab::scenes {

namespace {

constexpr qreal kLaneWidth = PodItem::kWidth + 16;
constexpr qreal kAreaLeft = kLaneWidth + 28;
constexpr qreal kGap = 18;
constexpr int kTargetRole = 0;

bool selectorMatches(const QMap<QString, QString>& selector, const QMap<QString, QString>& labels)
{
    if (selector.isEmpty())
        return false;
    for (auto it = selector.cbegin(); it != selector.cend(); ++it)
        if (labels.value(it.key()) != it.value())
            return false;
    return true;
}

QGraphicsSimpleTextItem* title(const QString& text, qreal scale = 1.0, bool bold = true)
{
    auto* item = new QGraphicsSimpleTextItem(text);
    QFont f = QApplication::font();
    f.setBold(bold);
    f.setPointSizeF((f.pointSizeF() > 0 ? f.pointSizeF() : 9) * scale);
    item->setFont(f);
    item->setBrush(QApplication::palette().color(QPalette::Text));
    return item;
}

bool podLess(const PodView& a, const PodView& b)
{
    if (a.createdMs != b.createdMs)
        return a.createdMs < b.createdMs;
    return a.key() < b.key();
}

} // namespace

LabScene::LabScene(QObject* parent)
    : QGraphicsScene(parent)
{
    setItemIndexMethod(QGraphicsScene::NoIndex);
    m_queueLane = addRect(QRectF(0, 0, kLaneWidth, 200));
    m_queueLane->setZValue(-2);
    m_queueTitle = title(QString(), 0.95);
    addItem(m_queueTitle);
    m_queueMore = title(QString(), 0.8, false);
    addItem(m_queueMore);
    m_passTimer.setObjectName(QStringLiteral("canvasPass"));
    m_passTimer.setSingleShot(true);
    m_passTimer.setInterval(0);
    connect(&m_passTimer, &QTimer::timeout, this, &LabScene::workPass);
    m_spinner.setObjectName(QStringLiteral("podSpinner"));
    m_spinner.setInterval(90);
    connect(&m_spinner, &QTimer::timeout, this, &LabScene::spin);
    connect(this, &QGraphicsScene::selectionChanged, this, &LabScene::onSelectionChanged);
    retranslate();
}

LabScene::~LabScene()
{
    m_spinner.stop();
    disconnect(this, &QGraphicsScene::selectionChanged, this, &LabScene::onSelectionChanged);
}

void LabScene::retranslate()
{
    m_queueTitle->setText(tr("Scheduling\nqueue"));
    m_queueTitle->setToolTip(tr("Pods waiting for the scheduler to choose a node"));
    if (!m_snapshot.nodes.isEmpty() || !m_snapshot.pods.isEmpty() || !m_decorations.isEmpty())
        relayout();
    update();
}

void LabScene::setSpeed(int multiplier)
{
    m_speed = std::max(1, multiplier);
}

int LabScene::animationMs(int base) const
{
    if (m_speed >= 100)
        return 0;
    return int(base / std::sqrt(double(m_speed)));
}

void LabScene::applySnapshot(const LabSnapshot& snapshot)
{
    m_snapshot = snapshot;
    m_deltas.clear();
    m_dirtyNodes.clear();
    m_dirtyPods.clear();
    m_usageDue = m_servicesDue = m_layoutDue = m_filterDue = false;
    syncAll();
}

void LabScene::syncAll()
{
    m_compact = m_snapshot.nodes.size() > kCompactNodes || m_snapshot.pods.size() > kCompactPods;
    syncNodes();
    syncPods();
    syncServices();
    syncIngresses();
    syncStorage();
    // A change of state alone moves nothing: the boxes keep their places.
    if (m_snapshot.change == ChangeKind::Structure || m_decorations.isEmpty() || m_layoutDue) {
        relayout();
        updateServiceLinks();
        m_layoutDue = false;
    }
    applyFilter();
}

void LabScene::applyDelta(const LabDelta& delta)
{
    m_deltas.push_back(PendingDelta{delta, false, {}, {}});
    if (!m_passTimer.isActive())
        m_passTimer.start(0);
}

bool LabScene::hasPendingWork() const
{
    return !m_deltas.empty() || !m_dirtyNodes.isEmpty() || !m_dirtyPods.isEmpty() || m_usageDue || m_servicesDue ||
           m_layoutDue || m_filterDue;
}

void LabScene::finishPendingWork()
{
    while (!work(-1)) {
    }
}

void LabScene::workPass()
{
    const int budget = FrameBudget::take(kPassBudgetMs, m_passTimer);
    if (budget == 0)
        return;
    const FrameBudget::Slice slice;
    if (!work(budget) && !m_passTimer.isActive())
        m_passTimer.start(0);
}

bool LabScene::spent() const
{
    return m_passBudgetMs >= 0 && m_passClock.elapsed() >= m_passBudgetMs;
}

void LabScene::leavePod(const QString& key)
{
    m_dirtyPods.insert(key);
    const auto old = m_snapshot.pods.constFind(key);
    if (old == m_snapshot.pods.constEnd() || old->nodeName.isEmpty())
        return;
    m_dirtyNodes.insert(old->nodeName);
    if (auto on = m_podsOnNode.find(old->nodeName); on != m_podsOnNode.end()) {
        on->remove(key);
        if (on->isEmpty())
            m_podsOnNode.erase(on);
    }
}

bool LabScene::mergeDeltas()
{
    while (!m_deltas.empty()) {
        PendingDelta& pending = m_deltas.front();
        const LabDelta& delta = pending.delta;
        if (!pending.begun) {
            // Nodes are few: at once, with everything but the pods.
            pending.begun = true;
            for (const QString& name : delta.removedNodes) {
                m_snapshot.nodes.remove(name);
                m_dirtyNodes.insert(name);
            }
            for (auto it = delta.changed.nodes.cbegin(); it != delta.changed.nodes.cend(); ++it) {
                m_snapshot.nodes.insert(it.key(), it.value());
                m_dirtyNodes.insert(it.key());
            }
            m_usageDue = m_usageDue || m_snapshot.nodeUsage != delta.changed.nodeUsage;
            m_servicesDue = m_servicesDue || !delta.changed.pods.isEmpty() || !delta.removedPods.isEmpty() ||
                            m_snapshot.services != delta.changed.services;
            m_layoutDue = m_layoutDue || delta.changed.change == ChangeKind::Structure;
            m_snapshot.mergeRest(delta.changed);
            pending.removedPod = delta.removedPods.cbegin();
            pending.changedPod = delta.changed.pods.cbegin();
        }
        // Pods: as many as the pass allows, the boxes they leave and join marked.
        for (; pending.removedPod != delta.removedPods.cend(); ++pending.removedPod) {
            if (spent())
                return false;
            leavePod(*pending.removedPod);
            m_snapshot.pods.remove(*pending.removedPod);
        }
        for (; pending.changedPod != delta.changed.pods.cend(); ++pending.changedPod) {
            if (spent())
                return false;
            const QString& key = pending.changedPod.key();
            const PodView& view = pending.changedPod.value();
            leavePod(key);
            m_snapshot.pods.insert(key, view);
            if (!view.nodeName.isEmpty()) {
                m_dirtyNodes.insert(view.nodeName);
                m_podsOnNode[view.nodeName].insert(key);
            }
        }
        m_deltas.pop_front();
        // Crossing the size where boxes turn compact redoes every box and every pod.
        const bool compact = m_snapshot.nodes.size() > kCompactNodes || m_snapshot.pods.size() > kCompactPods;
        if (compact != m_compact) {
            m_compact = compact;
            for (auto it = m_snapshot.nodes.cbegin(); it != m_snapshot.nodes.cend(); ++it)
                m_dirtyNodes.insert(it.key());
            for (auto it = m_snapshot.pods.cbegin(); it != m_snapshot.pods.cend(); ++it)
                m_dirtyPods.insert(it.key());
            for (auto it = m_pods.cbegin(); it != m_pods.cend(); ++it)
                m_dirtyPods.insert(it.key());
            m_layoutDue = true;
        }
        if (!m_filterNs.isEmpty() || m_filterSelector)
            m_filterDue = true;
        else
            m_filteredPods = int(m_snapshot.pods.size());
    }
    return true;
}

bool LabScene::work(int budgetMs)
{
    m_passClock.start();
    m_passBudgetMs = budgetMs;
    if (!mergeDeltas())
        return false;
    if (m_decorations.isEmpty())
        m_layoutDue = true;
    while (!m_dirtyNodes.isEmpty() && !spent()) {
        const auto first = m_dirtyNodes.begin();
        const QString name = *first;
        m_dirtyNodes.erase(first);
        if (auto view = m_snapshot.nodes.constFind(name); view != m_snapshot.nodes.constEnd())
            syncNode(*view);
        else if (NodeItem* item = m_nodes.take(name))
            removeAnimated(item);
    }
    while (!m_dirtyPods.isEmpty() && !spent()) {
        const auto first = m_dirtyPods.begin();
        const QString key = *first;
        m_dirtyPods.erase(first);
        syncPod(key);
    }
    if (!m_dirtyNodes.isEmpty() || !m_dirtyPods.isEmpty())
        return false;
    // Every item is up to date: what spans them.
    if (m_usageDue) {
        for (NodeItem* item : std::as_const(m_nodes)) {
            const auto used = m_snapshot.nodeUsage.constFind(item->view().name);
            item->setUsage(used == m_snapshot.nodeUsage.cend() ? std::nullopt : std::optional<UsageView>(*used));
        }
        m_usageDue = false;
    }
    bool spinning = false;
    for (PodItem* item : std::as_const(m_pods))
        spinning = spinning || item->spins();
    if (spinning && !m_spinner.isActive())
        m_spinner.start();
    else if (!spinning)
        m_spinner.stop();
    if (m_servicesDue) {
        syncServices();
        m_servicesDue = false;
    }
    syncIngresses();
    syncStorage();
    if (m_layoutDue) {
        relayout();
        updateServiceLinks();
        m_layoutDue = false;
    }
    if (m_filterDue) {
        applyFilter();
        m_filterDue = false;
    }
    return true;
}

void LabScene::syncPod(const QString& key)
{
    const auto view = m_snapshot.pods.constFind(key);
    const bool wanted = view != m_snapshot.pods.constEnd() &&
                        (view->nodeName.isEmpty() || !m_snapshot.nodes.contains(view->nodeName) || !m_compact);
    PodItem* item = m_pods.value(key);
    if (!wanted) {
        if (item) {
            removeAnimated(item);
            m_pods.remove(key);
        }
    } else if (!item) {
        item = ItemFactory::createPod(*view);
        item->setVisible(false);
        addItem(item);
        m_pods.insert(key, item);
    } else {
        item->setView(*view);
    }
}

QString LabScene::setFilter(const QString& ns, const QString& selector)
{
    std::shared_ptr<const core::LabelSelector> parsed;
    if (!selector.trimmed().isEmpty()) {
        auto result = core::LabelSelector::parse(selector.trimmed().toStdString());
        if (!result)
            return QString::fromStdString(result.error().message);
        parsed = std::make_shared<const core::LabelSelector>(std::move(*result));
    }
    m_filterNs = ns;
    m_filterSelector = std::move(parsed);
    applyFilter();
    return {};
}

void LabScene::applyFilter()
{
    const bool active = !m_filterNs.isEmpty() || m_filterSelector;
    auto labels = [](const QMap<QString, QString>& map) {
        core::Labels out;
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            out.emplace(it.key().toStdString(), it.value().toStdString());
        return out;
    };
    QSet<QString> nodesWithShownPods;
    m_filteredPods = 0;
    // From the snapshot, not the items: compact nodes draw their pods in the bars only.
    for (const PodView& pod : std::as_const(m_snapshot.pods)) {
        const bool shown = !active || ((m_filterNs.isEmpty() || pod.ns == m_filterNs) &&
                                       (!m_filterSelector || m_filterSelector->matches(labels(pod.labels))));
        if (PodItem* item = m_pods.value(pod.key()))
            item->setDimmed(!shown);
        if (shown) {
            ++m_filteredPods;
            nodesWithShownPods.insert(pod.nodeName);
        }
    }
    for (NodeItem* item : std::as_const(m_nodes)) {
        const bool own = m_filterSelector && m_filterSelector->matches(labels(item->view().labels));
        item->setDimmed(active && !own && !nodesWithShownPods.contains(item->view().name));
    }
    for (ServiceItem* item : std::as_const(m_services))
        item->setDimmed(!m_filterNs.isEmpty() && item->view().ns != m_filterNs);
}

template <typename Item, typename Views>
bool LabScene::removeGone(QHash<QString, Item*>& items, const Views& views)
{
    bool removed = false;
    for (auto it = items.begin(); it != items.end();) {
        if (!views.contains(it.key())) {
            removeAnimated(it.value());
            it = items.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    return removed;
}

void LabScene::syncNodes()
{
    removeGone(m_nodes, m_snapshot.nodes);
    // All pods grouped in one pass (the index for later deltas with them).
    m_podsOnNode.clear();
    QHash<QString, QList<PodView>> byNode;
    for (auto it = m_snapshot.pods.cbegin(); it != m_snapshot.pods.cend(); ++it)
        if (!it->nodeName.isEmpty()) {
            m_podsOnNode[it->nodeName].insert(it.key());
            byNode[it->nodeName].append(*it);
        }
    for (const NodeView& view : std::as_const(m_snapshot.nodes)) {
        QList<PodView> pods = byNode.take(view.name);
        syncNode(view, &pods);
    }
}

void LabScene::syncNode(const NodeView& view, QList<PodView>* grouped)
{
    NodeItem* item = m_nodes.value(view.name);
    if (!item) {
        item = ItemFactory::createNode(view);
        // Shown, fading in, once the layout has given it its place.
        item->setVisible(false);
        addItem(item);
        m_nodes.insert(view.name, item);
        m_layoutDue = true;
    } else {
        item->setView(view);
    }
    QList<PodView> pods;
    if (grouped)
        pods = std::move(*grouped);
    else if (auto on = m_podsOnNode.constFind(view.name); on != m_podsOnNode.cend()) {
        pods.reserve(on->size());
        for (const QString& key : *on)
            if (auto pod = m_snapshot.pods.constFind(key); pod != m_snapshot.pods.cend())
                pods.append(*pod);
    }
    std::sort(pods.begin(), pods.end(), podLess);
    item->setPods(pods);
    const auto used = m_snapshot.nodeUsage.constFind(view.name);
    item->setUsage(used == m_snapshot.nodeUsage.cend() ? std::nullopt : std::optional<UsageView>(*used));
    item->setForm(m_compact ? NodeItem::Form::Compact : NodeItem::Form::Full);
}

void LabScene::syncPods()
{
    auto wanted = [this](const PodView& pod) {
        return pod.nodeName.isEmpty() || !m_snapshot.nodes.contains(pod.nodeName) || !m_compact;
    };
    for (auto it = m_pods.begin(); it != m_pods.end();) {
        auto view = m_snapshot.pods.constFind(it.key());
        if (view == m_snapshot.pods.constEnd() || !wanted(*view)) {
            removeAnimated(it.value());
            it = m_pods.erase(it);
        } else {
            ++it;
        }
    }
    bool spinning = false;
    for (const PodView& view : std::as_const(m_snapshot.pods)) {
        if (!wanted(view))
            continue;
        PodItem* item = m_pods.value(view.key());
        if (!item) {
            item = ItemFactory::createPod(view);
            item->setVisible(false);
            addItem(item);
            m_pods.insert(view.key(), item);
        } else {
            item->setView(view);
        }
        spinning = spinning || item->spins();
    }
    if (spinning && !m_spinner.isActive())
        m_spinner.start();
    else if (!spinning)
        m_spinner.stop();
}

void LabScene::syncServices()
{
    removeGone(m_services, m_snapshot.services);
    for (const ServiceView& view : std::as_const(m_snapshot.services)) {
        ServiceItem* item = m_services.value(view.key());
        if (!item) {
            item = ItemFactory::createService(view);
            addItem(item);
            m_services.insert(view.key(), item);
        } else {
            item->setView(view);
        }
        int ready = 0;
        int total = 0;
        for (const PodView& pod : std::as_const(m_snapshot.pods))
            if (pod.ns == view.ns && selectorMatches(view.selector, pod.labels)) {
                ++total;
                if (pod.ready)
                    ++ready;
            }
        item->setEndpoints(ready, total);
    }
}

void LabScene::syncIngresses()
{
    removeGone(m_ingresses, m_snapshot.ingresses);
    for (const IngressView& view : std::as_const(m_snapshot.ingresses)) {
        if (IngressItem* item = m_ingresses.value(view.key())) {
            item->setView(view);
            continue;
        }
        IngressItem* item = ItemFactory::createIngress(view);
        addItem(item);
        m_ingresses.insert(view.key(), item);
    }
}

void LabScene::syncStorage()
{
    removeGone(m_volumes, m_snapshot.volumes);
    removeGone(m_claims, m_snapshot.claims);
    if (removeGone(m_storageClasses, m_snapshot.storageClasses))
        m_layoutDue = true;
    for (const StorageClassView& view : std::as_const(m_snapshot.storageClasses)) {
        if (VolumeItem* item = m_storageClasses.value(view.name)) {
            item->setStorageClass(view);
        } else {
            item = ItemFactory::createStorageClass(view);
            addItem(item);
            m_storageClasses.insert(view.name, item);
            m_layoutDue = true;
        }
    }
    for (const VolumeView& view : std::as_const(m_snapshot.volumes)) {
        if (VolumeItem* item = m_volumes.value(view.name)) {
            item->setVolume(view);
        } else {
            item = ItemFactory::createVolume(view);
            addItem(item);
            m_volumes.insert(view.name, item);
        }
    }
    for (const ClaimView& view : std::as_const(m_snapshot.claims)) {
        VolumeItem* item = m_claims.value(view.key());
        if (item) {
            const bool justBound = item->claim().volumeName.isEmpty() && !view.volumeName.isEmpty();
            item->setClaim(view);
            if (justBound)
                showClaimSearch(view);
        } else {
            item = ItemFactory::createClaim(view);
            addItem(item);
            m_claims.insert(view.key(), item);
        }
        // What a Pending claim waits for, in words.
        QString note;
        if (view.phase == QLatin1String("Pending")) {
            const auto sc = m_snapshot.storageClasses.constFind(view.storageClass);
            if (sc != m_snapshot.storageClasses.constEnd() && sc->bindingMode == QLatin1String("WaitForFirstConsumer"))
                note = tr("Pending: waits for a pod");
            else if (sc == m_snapshot.storageClasses.constEnd())
                note = tr("Pending: no volume fits");
        } else if (view.capacity > 0 && view.request > view.capacity) {
            note = tr("Bound: grows when mounted");
        }
        item->setNote(note);
    }
}

void LabScene::showClaimSearch(const ClaimView& claim)
{
    const int ms = animationMs(1600);
    if (ms == 0)
        return;
    // The volumes the claim could have had (its class, big enough, Available) are outlined for
    // a moment, the one the binder chose (the smallest that fits) in bluish green.
    for (const VolumeView& v : std::as_const(m_snapshot.volumes)) {
        const bool chosen = v.name == claim.volumeName;
        if (!chosen && (v.storageClass != claim.storageClass || v.capacity < claim.request ||
                        v.phase != QLatin1String("Available")))
            continue;
        VolumeItem* volume = m_volumes.value(v.name);
        if (!volume)
            continue;
        auto* outline = new QGraphicsRectItem(QRectF(-6, -9, VolumeItem::kWidth + 12, VolumeItem::kHeight + 15), volume);
        outline->setPen(QPen(chosen ? okabeito::bluishGreen : okabeito::skyBlue, chosen ? 3.2 : 2,
                             chosen ? Qt::SolidLine : Qt::DashLine));
        outline->setToolTip(chosen ? tr("Chosen: the smallest volume that fits the claim")
                                   : tr("A candidate: this volume would fit the claim too"));
        // The animation belongs to the volume, so both go if the volume goes first.
        auto* fade = new QVariantAnimation(volume);
        fade->setStartValue(1.0);
        fade->setEndValue(0.0);
        fade->setDuration(ms);
        fade->setEasingCurve(QEasingCurve::InQuad);
        connect(fade, &QVariantAnimation::valueChanged, volume,
                [outline](const QVariant& value) { outline->setOpacity(value.toReal()); });
        connect(fade, &QVariantAnimation::finished, volume, [outline] { delete outline; });
        fade->start(QAbstractAnimation::DeleteWhenStopped);
    }
}

void LabScene::placePod(PodItem* item, const QPointF& target, bool visible)
{
    const QVariant previous = item->data(kTargetRole);
    const bool wasShown = item->isVisible() && previous.isValid();
    if (!visible) {
        item->setVisible(false);
        item->setData(kTargetRole, QVariant());
        return;
    }
    if (wasShown && previous.toPointF() == target)
        return;
    item->setData(kTargetRole, target);
    for (QPropertyAnimation* a : item->findChildren<QPropertyAnimation*>())
        a->stop();
    const int ms = animationMs(520);
    if (!wasShown) {
        item->setPos(target);
        item->setVisible(true);
        if (ms > 0) {
            item->setOpacity(0);
            auto* fade = new QPropertyAnimation(item, "opacity", item);
            fade->setEndValue(1.0);
            fade->setDuration(ms);
            fade->start(QAbstractAnimation::DeleteWhenStopped);
        } else {
            item->setOpacity(1);
        }
        return;
    }
    item->setOpacity(1);
    if (ms == 0) {
        item->setPos(target);
        return;
    }
    // A pod that moves (from the queue into its node, or to a new slot) flies there.
    auto* fly = new QPropertyAnimation(item, "pos", item);
    fly->setEndValue(target);
    fly->setDuration(ms);
    fly->setEasingCurve(QEasingCurve::InOutCubic);
    item->setZValue(2);
    connect(fly, &QPropertyAnimation::finished, item, [item] { item->setZValue(0); });
    fly->start(QAbstractAnimation::DeleteWhenStopped);
}

void LabScene::removeAnimated(QGraphicsObject* item)
{
    item->setSelected(false);
    item->setFlag(QGraphicsItem::ItemIsSelectable, false);
    const int ms = animationMs(350);
    if (ms == 0 || !item->isVisible()) {
        delete item;
        return;
    }
    for (QPropertyAnimation* a : item->findChildren<QPropertyAnimation*>())
        a->stop();
    auto* fade = new QPropertyAnimation(item, "opacity", item);
    fade->setEndValue(0.0);
    fade->setDuration(ms);
    connect(fade, &QPropertyAnimation::finished, item, &QObject::deleteLater);
    fade->start(QAbstractAnimation::DeleteWhenStopped);
}

void LabScene::relayout()
{
    qDeleteAll(m_decorations);
    m_decorations.clear();
    m_zoneRects.clear();
    const QPalette pal = QApplication::palette();
    auto decorate = [this](QGraphicsItem* item) {
        addItem(item);
        m_decorations.append(item);
        return item;
    };

    const int columns = m_compact ? 8 : 3;
    const qreal nodeWidth = m_compact ? 170 : NodeItem::kColumns * PodItem::kWidth + (NodeItem::kColumns + 1) * 6;
    const qreal areaWidth = columns * (nodeWidth + kGap) - kGap;
    qreal y = 0;

    // Node boxes, grouped by zone.
    QMap<QString, QList<NodeItem*>> zones;
    for (NodeItem* node : std::as_const(m_nodes))
        zones[node->view().zone].append(node);
    if (zones.isEmpty()) {
        auto* hint = title(tr("No nodes yet. Drag a Node from the palette onto the canvas,\n"
                              "or type \"add node node-1\" in the console."),
                           1.0, false);
        hint->setPos(kAreaLeft, 20);
        decorate(hint);
        y = 80;
    }
    for (auto zone = zones.begin(); zone != zones.end(); ++zone) {
        QList<NodeItem*>& nodes = zone.value();
        std::sort(nodes.begin(), nodes.end(),
                  [](const NodeItem* a, const NodeItem* b) { return naturalLess(a->view().name, b->view().name); });
        const qreal top = y;
        auto* heading = title(zone.key().isEmpty() ? tr("Nodes without a zone") : tr("Zone %1").arg(zone.key()));
        heading->setPos(kAreaLeft, y);
        decorate(heading);
        y += 24;
        qreal rowHeight = 0;
        for (int i = 0; i < nodes.size(); ++i) {
            if (i > 0 && i % columns == 0) {
                y += rowHeight + kGap;
                rowHeight = 0;
            }
            NodeItem* node = nodes[i];
            node->setPos(kAreaLeft + (i % columns) * (nodeWidth + kGap), y);
            if (!node->isVisible()) {
                node->setOpacity(0);
                node->setVisible(true);
                auto* fade = new QPropertyAnimation(node, "opacity", node);
                fade->setEndValue(1.0);
                fade->setDuration(std::max(1, animationMs(400)));
                fade->start(QAbstractAnimation::DeleteWhenStopped);
            }
            rowHeight = std::max(rowHeight, node->size().height());
        }
        y += rowHeight + kGap;
        const QRectF rect(kAreaLeft - 8, top - 6, areaWidth + 16, y - top);
        m_zoneRects.insert(zone.key(), rect);
        auto* frame = new QGraphicsRectItem(rect);
        QColor tint = pal.color(QPalette::Highlight);
        tint.setAlphaF(0.05);
        frame->setBrush(tint);
        frame->setPen(QPen(pal.color(QPalette::Mid), 1, Qt::DotLine));
        frame->setZValue(-3);
        decorate(frame);
        y += 10;
    }
    const qreal nodesBottom = y;

    // Pods: into their node's slots, or into the queue lane.
    QList<PodItem*> queue;
    for (PodItem* item : std::as_const(m_pods)) {
        const PodView& view = item->view();
        NodeItem* node = view.nodeName.isEmpty() ? nullptr : m_nodes.value(view.nodeName);
        if (!node) {
            queue.append(item);
            continue;
        }
        const QList<PodView>& pods = node->pods();
        int index = 0;
        while (index < pods.size() && pods[index].key() != view.key())
            ++index;
        const bool overflow = pods.size() > node->visibleSlots() && index >= node->visibleSlots() - 1;
        placePod(item, node->pos() + node->slotPos(index), !overflow);
    }
    std::sort(queue.begin(), queue.end(), [](const PodItem* a, const PodItem* b) { return podLess(a->view(), b->view()); });
    m_queueTitle->setPos(8, 4);
    qreal queueY = 48;
    for (int i = 0; i < queue.size(); ++i) {
        placePod(queue[i], QPointF(8, queueY), i < kQueueVisible);
        if (i < kQueueVisible)
            queueY += PodItem::kHeight + 6;
    }
    m_queueMore->setText(queue.size() > kQueueVisible ? tr("+%n more waiting", nullptr, int(queue.size() - kQueueVisible))
                                                      : (queue.isEmpty() ? tr("(empty)") : QString()));
    m_queueMore->setPos(8, queueY + 2);

    // Services.
    y += 6;
    auto* servicesTitle = title(tr("Services"));
    servicesTitle->setPos(kAreaLeft, y);
    decorate(servicesTitle);
    y += 24;
    QList<ServiceItem*> services = m_services.values();
    std::sort(services.begin(), services.end(),
              [](const ServiceItem* a, const ServiceItem* b) { return a->view().key() < b->view().key(); });
    const int serviceColumns = std::max(1, int((areaWidth + kGap) / (ServiceItem::kWidth + kGap)));
    for (int i = 0; i < services.size(); ++i)
        services[i]->setPos(kAreaLeft + (i % serviceColumns) * (ServiceItem::kWidth + kGap),
                            y + (i / serviceColumns) * (ServiceItem::kHeight + 12));
    if (services.isEmpty()) {
        auto* none = title(tr("(none)"), 0.85, false);
        none->setPos(kAreaLeft, y);
        decorate(none);
    }
    y += std::max<qreal>(1, (services.size() + serviceColumns - 1) / serviceColumns) * (ServiceItem::kHeight + 12) + 12;

    // Ingresses: gates along the bottom edge of the Services, where requests from outside come
    // in; a dashed line from each way through a gate up to its Service.
    if (!m_ingresses.isEmpty()) {
        auto* gatesTitle = title(tr("Ingress: the way in from outside"));
        gatesTitle->setPos(kAreaLeft, y);
        decorate(gatesTitle);
        y += 28;
        QList<IngressItem*> gates = m_ingresses.values();
        std::sort(gates.begin(), gates.end(),
                  [](const IngressItem* a, const IngressItem* b) { return a->view().key() < b->view().key(); });
        const int gateColumns = std::max(1, int((areaWidth + kGap) / (IngressItem::kWidth + 2 * kGap)));
        qreal rowHeight = 0;
        for (int i = 0; i < gates.size(); ++i) {
            if (i > 0 && i % gateColumns == 0) {
                y += rowHeight + 16;
                rowHeight = 0;
            }
            IngressItem* gate = gates[i];
            gate->setPos(kAreaLeft + (i % gateColumns) * (IngressItem::kWidth + 2 * kGap), y);
            rowHeight = std::max(rowHeight, gate->height());
            const QList<IngressRuleView>& rules = gate->view().rules;
            for (int r = 0; r < rules.size(); ++r) {
                ServiceItem* service = m_services.value(gate->view().ns + QLatin1Char('/') + rules[r].service);
                if (!service)
                    continue;
                auto* line = new QGraphicsLineItem(
                    QLineF(gate->exitPoint(r), service->pos() + QPointF(ServiceItem::kWidth / 2, ServiceItem::kHeight)));
                line->setPen(QPen(okabeito::reddishPurple, 1.4, Qt::DashLine));
                line->setZValue(-1);
                line->setToolTip(tr("Ingress %1 sends %2%3 to Service %4")
                                     .arg(gate->view().name,
                                          rules[r].isDefault ? tr("everything no rule matches")
                                                             : (rules[r].host.isEmpty() ? QStringLiteral("*") : rules[r].host),
                                          rules[r].isDefault ? QString() : rules[r].path, rules[r].service));
                decorate(line);
            }
        }
        y += rowHeight + 20;
    }
    // Storage: claims above, volumes below, a line for each binding.
    auto* storageTitle = title(tr("Storage: claims (top) bind to volumes (middle); classes (bottom) make volumes"));
    storageTitle->setPos(kAreaLeft, y);
    decorate(storageTitle);
    y += 26;
    QList<VolumeItem*> claims = m_claims.values();
    std::sort(claims.begin(), claims.end(),
              [](const VolumeItem* a, const VolumeItem* b) { return a->claim().key() < b->claim().key(); });
    QList<VolumeItem*> volumes;
    for (VolumeItem* claim : std::as_const(claims))
        if (VolumeItem* v = m_volumes.value(claim->claim().volumeName); v && !volumes.contains(v))
            volumes.append(v);
    QList<VolumeItem*> rest = m_volumes.values();
    std::sort(rest.begin(), rest.end(),
              [](const VolumeItem* a, const VolumeItem* b) { return a->volume().name < b->volume().name; });
    for (VolumeItem* v : std::as_const(rest))
        if (!volumes.contains(v))
            volumes.append(v);
    const qreal step = VolumeItem::kWidth + kGap;
    for (int i = 0; i < claims.size(); ++i)
        claims[i]->setPos(kAreaLeft + i * step, y);
    const qreal volumesY = y + VolumeItem::kHeight + 44;
    for (int i = 0; i < volumes.size(); ++i)
        volumes[i]->setPos(kAreaLeft + i * step, volumesY);
    for (VolumeItem* claim : std::as_const(claims)) {
        VolumeItem* v = m_volumes.value(claim->claim().volumeName);
        if (!v)
            continue;
        const QPointF from = claim->pos() + QPointF(VolumeItem::kWidth / 2, VolumeItem::kHeight);
        const QPointF to = v->pos() + QPointF(VolumeItem::kWidth / 2, -4);
        auto* line = new QGraphicsLineItem(QLineF(from, to));
        line->setPen(QPen(okabeito::bluishGreen, 2.2));
        line->setToolTip(tr("Bound: the claim uses this volume"));
        decorate(line);
    }
    // StorageClasses below the volumes: a dashed line from each class to the volumes its
    // provisioner made.
    QList<VolumeItem*> classes = m_storageClasses.values();
    std::sort(classes.begin(), classes.end(), [](const VolumeItem* a, const VolumeItem* b) {
        return a->storageClass().name < b->storageClass().name;
    });
    const qreal classesY = volumesY + VolumeItem::kHeight + 44;
    for (int i = 0; i < classes.size(); ++i)
        classes[i]->setPos(kAreaLeft + i * step, classesY);
    for (VolumeItem* v : std::as_const(volumes)) {
        VolumeItem* factory = m_storageClasses.value(v->volume().storageClass);
        if (!factory || v->volume().provisionedBy.isEmpty())
            continue;
        const QPointF from = factory->pos() + QPointF(VolumeItem::kWidth / 2, 0);
        const QPointF to = v->pos() + QPointF(VolumeItem::kWidth / 2, VolumeItem::kHeight);
        auto* line = new QGraphicsLineItem(QLineF(from, to));
        line->setPen(QPen(okabeito::reddishPurple, 1.6, Qt::DashLine));
        line->setToolTip(tr("Provisioned: the class's provisioner made this volume for a claim"));
        decorate(line);
    }
    if (claims.isEmpty() && volumes.isEmpty() && classes.isEmpty()) {
        auto* none = title(tr("(none)"), 0.85, false);
        none->setPos(kAreaLeft, y);
        decorate(none);
    }
    y = (classes.isEmpty() ? volumesY : classesY) + VolumeItem::kHeight + 20;

    if (!m_snapshot.namespaces.isEmpty()) {
        auto* ns = title(tr("Namespaces: %1").arg(m_snapshot.namespaces.join(QStringLiteral(" · "))), 0.85, false);
        ns->setPos(kAreaLeft, y);
        decorate(ns);
        y += 24;
    }

    const qreal laneHeight = std::max(y, queueY + 40);
    m_queueLane->setRect(QRectF(0, 0, kLaneWidth, laneHeight));
    QColor laneFill = okabeito::orange;
    laneFill.setAlphaF(0.08);
    m_queueLane->setBrush(laneFill);
    m_queueLane->setPen(QPen(okabeito::orange, 1, Qt::DashLine));
    Q_UNUSED(nodesBottom);
    setSceneRect(QRectF(-20, -20, kAreaLeft + areaWidth + 60, laneHeight + 40));
}

void LabScene::updateServiceLinks()
{
    qDeleteAll(m_serviceLinks);
    m_serviceLinks.clear();
    for (QGraphicsItem* selected : selectedItems()) {
        auto* service = qgraphicsitem_cast<ServiceItem*>(selected);
        if (!service)
            continue;
        const QPointF from = service->pos() + QPointF(ServiceItem::kWidth / 2, 0);
        for (PodItem* pod : std::as_const(m_pods)) {
            if (!pod->isVisible() || pod->view().ns != service->view().ns ||
                !selectorMatches(service->view().selector, pod->view().labels))
                continue;
            auto* line = new QGraphicsLineItem(QLineF(from, pod->pos() + QPointF(PodItem::kWidth / 2, PodItem::kHeight)));
            line->setPen(QPen(pod->view().ready ? okabeito::blue : okabeito::grey, 1.4,
                              pod->view().ready ? Qt::SolidLine : Qt::DotLine));
            line->setZValue(3);
            addItem(line);
            m_serviceLinks.append(line);
        }
    }
}

void LabScene::onSelectionChanged()
{
    updateServiceLinks();
    const QList<QGraphicsItem*> selected = selectedItems();
    if (selected.isEmpty())
        return;
    QGraphicsItem* item = selected.front();
    if (auto* pod = qgraphicsitem_cast<PodItem*>(item))
        Q_EMIT objectSelected(QStringLiteral("Pod"), pod->view().ns, pod->view().name);
    else if (auto* node = qgraphicsitem_cast<NodeItem*>(item))
        Q_EMIT objectSelected(QStringLiteral("Node"), QString(), node->view().name);
    else if (auto* service = qgraphicsitem_cast<ServiceItem*>(item))
        Q_EMIT objectSelected(QStringLiteral("Service"), service->view().ns, service->view().name);
    else if (auto* gate = qgraphicsitem_cast<IngressItem*>(item))
        Q_EMIT objectSelected(QStringLiteral("Ingress"), gate->view().ns, gate->view().name);
    else if (auto* volume = qgraphicsitem_cast<VolumeItem*>(item); volume && volume->isStorageClass())
        Q_EMIT objectSelected(QStringLiteral("StorageClass"), QString(), volume->storageClass().name);
    else if (auto* volume = qgraphicsitem_cast<VolumeItem*>(item); volume && volume->isClaim())
        Q_EMIT objectSelected(QStringLiteral("PersistentVolumeClaim"), volume->claim().ns, volume->claim().name);
    else if (volume)
        Q_EMIT objectSelected(QStringLiteral("PersistentVolume"), QString(), volume->volume().name);
}

QGraphicsItem* LabScene::selectObject(const QString& kind, const QString& ns, const QString& name)
{
    QGraphicsItem* item = nullptr;
    if (kind == QLatin1String("Pod"))
        item = m_pods.value(ns + QLatin1Char('/') + name);
    else if (kind == QLatin1String("Node"))
        item = m_nodes.value(name);
    else if (kind == QLatin1String("Service"))
        item = m_services.value(ns + QLatin1Char('/') + name);
    else if (kind == QLatin1String("Ingress"))
        item = m_ingresses.value(ns + QLatin1Char('/') + name);
    else if (kind == QLatin1String("PersistentVolume"))
        item = m_volumes.value(name);
    else if (kind == QLatin1String("PersistentVolumeClaim"))
        item = m_claims.value(ns + QLatin1Char('/') + name);
    else if (kind == QLatin1String("StorageClass"))
        item = m_storageClasses.value(name);
    if (kind == QLatin1String("Pod") && !item) {
        // In the compact form a pod has no item of its own: select its node.
        const PodView pod = m_snapshot.pods.value(ns + QLatin1Char('/') + name);
        item = m_nodes.value(pod.nodeName);
    }
    if (!item || !item->isVisible())
        return nullptr;
    clearSelection();
    item->setSelected(true);
    return item;
}

PodItem* LabScene::podAt(const QPointF& scenePos) const
{
    for (QGraphicsItem* item : items(QRectF(scenePos - QPointF(6, 6), QSizeF(12, 12))))
        if (auto* pod = qgraphicsitem_cast<PodItem*>(item); pod && pod->isVisible() && pod->opacity() > 0.5)
            return pod;
    return nullptr;
}

NodeItem* LabScene::nodeAt(const QPointF& scenePos) const
{
    for (QGraphicsItem* item : items(scenePos))
        if (auto* node = qgraphicsitem_cast<NodeItem*>(item))
            return node;
    for (QGraphicsItem* item : items(scenePos))
        if (auto* pod = qgraphicsitem_cast<PodItem*>(item); pod && !pod->view().nodeName.isEmpty())
            return m_nodes.value(pod->view().nodeName);
    return nullptr;
}

QString LabScene::zoneAt(const QPointF& scenePos) const
{
    for (auto it = m_zoneRects.cbegin(); it != m_zoneRects.cend(); ++it)
        if (it.value().contains(scenePos))
            return it.key();
    return {};
}

void LabScene::showVerdicts(const QList<NodeVerdict>& verdicts)
{
    QHash<QString, NodeVerdict> byNode;
    for (const NodeVerdict& v : verdicts)
        byNode.insert(v.node, v);
    for (NodeItem* node : std::as_const(m_nodes)) {
        auto it = byNode.constFind(node->view().name);
        node->setVerdict(it == byNode.constEnd() ? std::nullopt : std::optional<NodeVerdict>(*it));
    }
}

void LabScene::playStory(const StoryItem& event)
{
    if (event.isRequest()) {
        playRequest(event);
        return;
    }
    if (m_compact || m_speed >= 100)
        return;
    (void)DecisionOverlay::replay(event, m_nodes, animationMs(400), animationMs(900));
}

std::optional<QPointF> LabScene::podPoint(const QString& key) const
{
    if (const PodItem* item = m_pods.value(key); item && item->isVisible())
        return item->sceneBoundingRect().center();
    const auto view = m_snapshot.pods.constFind(key);
    if (view != m_snapshot.pods.constEnd())
        if (const NodeItem* node = m_nodes.value(view->nodeName))
            return node->sceneBoundingRect().center();
    return std::nullopt;
}

void LabScene::playRequest(const StoryItem& event)
{
    const int legMs = animationMs(700);
    if (legMs == 0 || event.data.isEmpty())   // events told before the lab was opened carry no data
        return;
    const auto& data = event.data;
    const QString client = event.ns + QLatin1Char('/') + event.name;
    QList<QPointF> stops;
    if (auto p = podPoint(client))
        stops << *p;
    else
        return;
    QString label;
    QColor colour = okabeito::bluishGreen;
    if (event.component == QLatin1String("coredns")) {
        // The lookup goes to a CoreDNS pod and back.
        for (auto it = m_snapshot.pods.cbegin(); it != m_snapshot.pods.cend(); ++it)
            if (it->ns == QLatin1String("kube-system") && it->name.startsWith(QLatin1String("coredns")))
                if (auto p = podPoint(it.key())) {
                    stops << *p << stops.front();
                    break;
                }
        colour = okabeito::skyBlue;
        label = event.action == QLatin1String("NXDOMAIN")
                    ? tr("DNS: %1 does not exist (NXDOMAIN)").arg(data.value(QStringLiteral("name")))
                    : tr("DNS: %1 is %2").arg(data.value(QStringLiteral("name")), data.value(QStringLiteral("address")));
    } else if (event.component == QLatin1String("ingress-nginx")) {
        // In through the gate's row that matched, on to the Service and the endpoint behind it.
        const QString service = data.value(QStringLiteral("service"));
        const QString host = data.value(QStringLiteral("host"));
        const QString path = data.value(QStringLiteral("path"));
        if (IngressItem* gate = m_ingresses.value(data.value(QStringLiteral("ingress"))))
            stops << gate->rowPoint(gate->rowOf(data.value(QStringLiteral("serviceName")), host, path));
        else if (!m_ingresses.isEmpty())
            stops << m_ingresses.begin().value()->rowPoint(-1);   // 404: to a gate, and no further
        if (ServiceItem* item = m_services.value(service))
            stops << item->sceneBoundingRect().center();
        if (data.contains(QStringLiteral("pod")))
            if (auto p = podPoint(data.value(QStringLiteral("podNamespace")) + QLatin1Char('/') + data.value(QStringLiteral("pod"))))
                stops << *p;
        if (event.action == QLatin1String("Routed")) {
            label = tr("Ingress %1: %2%3 → %4, endpoint %5")
                        .arg(data.value(QStringLiteral("ingress")).section(QLatin1Char('/'), 1), host, path,
                             data.value(QStringLiteral("serviceName")), data.value(QStringLiteral("endpoint")));
        } else {
            label = event.action == QLatin1String("NotFound")
                        ? tr("Ingress: no rule for %1%2 (404)").arg(host, path)
                        : tr("Ingress: %1 has no ready endpoint (503)").arg(data.value(QStringLiteral("serviceName")));
            colour = okabeito::vermilion;
        }
    } else {
        if (ServiceItem* service = m_services.value(data.value(QStringLiteral("service"))))
            stops << service->sceneBoundingRect().center();
        const QString pod = data.value(QStringLiteral("podNamespace")) + QLatin1Char('/') + data.value(QStringLiteral("pod"));
        if (data.contains(QStringLiteral("pod")))
            if (auto p = podPoint(pod))
                stops << *p;
        const QString rule = data.value(QStringLiteral("rule"));
        if (event.action == QLatin1String("Connected"))
            label = rule.isEmpty() ? tr("Pod to pod, no NAT") : tr("kube-proxy %1 chose %2").arg(rule, data.value(QStringLiteral("endpoint")));
        else if (event.action == QLatin1String("Dropped"))
            label = tr("Dropped by NetworkPolicy %1").arg(data.value(QStringLiteral("policy")));
        else if (event.action == QLatin1String("Refused"))
            label = tr("Refused: no ready endpoint");
        else
            label = tr("No route to %1").arg(data.value(QStringLiteral("address")));
        if (event.action != QLatin1String("Connected"))
            colour = okabeito::vermilion;
    }
    if (stops.size() < 2)
        return;

    // The route, a dot that runs along it, and the label by the route's middle stop.
    QPainterPath path(stops.front());
    for (qsizetype i = 1; i < stops.size(); ++i)
        path.lineTo(stops[i]);
    auto* route = new QGraphicsPathItem(path);
    route->setPen(QPen(colour, 2, Qt::DashLine));
    route->setZValue(6);
    route->setToolTip(event.message);
    addItem(route);
    auto* dot = new QGraphicsEllipseItem(QRectF(-6, -6, 12, 12), route);
    dot->setBrush(colour);
    dot->setPen(QPen(Qt::white, 1.5));
    dot->setPos(stops.front());
    // The label on a light card above the middle stop (the Service, or CoreDNS), readable over
    // whatever the route crosses.
    auto* card = new QGraphicsRectItem(route);
    auto* text = new QGraphicsSimpleTextItem(label, card);
    text->setBrush(colour.darker(140));
    QFont font = text->font();
    font.setBold(true);
    text->setFont(font);
    const QRectF textRect = text->boundingRect();
    card->setRect(textRect.adjusted(-6, -3, 6, 3));
    card->setBrush(QColor(255, 255, 255, 235));
    card->setPen(QPen(colour, 1.5));
    card->setPos(stops[stops.size() / 2] + QPointF(-textRect.width() / 2, -textRect.height() - 48));

    auto* run = new QVariantAnimation(this);
    run->setStartValue(0.0);
    run->setEndValue(1.0);
    run->setDuration(legMs * int(stops.size() - 1));
    connect(run, &QVariantAnimation::valueChanged, this,
            [dot, path](const QVariant& v) { dot->setPos(path.pointAtPercent(v.toReal())); });
    connect(run, &QVariantAnimation::finished, this, [this, route, legMs] {
        // The route stays a moment so it can be read, then fades.
        auto* fade = new QVariantAnimation(this);
        fade->setStartValue(1.0);
        fade->setEndValue(0.0);
        fade->setDuration(legMs * 3);
        fade->setEasingCurve(QEasingCurve::InQuad);
        connect(fade, &QVariantAnimation::valueChanged, this, [route](const QVariant& v) { route->setOpacity(v.toReal()); });
        connect(fade, &QVariantAnimation::finished, this, [route] { delete route; });
        fade->start(QAbstractAnimation::DeleteWhenStopped);
    });
    run->start(QAbstractAnimation::DeleteWhenStopped);
}

void LabScene::flashNode(const QString& name)
{
    if (NodeItem* node = m_nodes.value(name); node && m_speed < 100)
        node->flash();
}

void LabScene::spin()
{
    m_spinAngle = (m_spinAngle + 30) % 360;
    bool any = false;
    for (PodItem* item : std::as_const(m_pods))
        if (item->isVisible() && item->spins()) {
            item->setSpinnerAngle(-m_spinAngle);
            any = true;
        }
    if (!any)
        m_spinner.stop();
}

} // namespace kubelab::scenes
