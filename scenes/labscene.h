// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QHash>
#include <QList>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

#include "core/api/labels.h"
#include "scenes/labsnapshot.h"

class QGraphicsLineItem;
class QGraphicsObject;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace kubelab::scenes {

class NodeItem;
class PodItem;
class IngressItem;
class ServiceItem;
class VolumeItem;

/// The canvas: mirrors `LabSnapshot`s with one item per object (made by `ItemFactory`),
/// never owning the truth. Lays out the scheduling queue lane, the node boxes grouped by
/// zone, the services row and the storage lane, and animates what changed: a pod that gets
/// a node flies from the queue into the node's box; a new object fades in, a gone one fades
/// out. Big clusters switch the node boxes to their compact form, pods drawn in the bars.
class LabScene final : public QGraphicsScene {
    Q_OBJECT
public:
    /// More nodes or pods than this and nodes are drawn compact (pods as bar segments only).
    static constexpr int kCompactNodes = 24;
    static constexpr int kCompactPods = 600;
    /// Pods shown one by one in the queue lane; the rest are counted.
    static constexpr int kQueueVisible = 24;

    explicit LabScene(QObject* parent = nullptr);
    ~LabScene() override;

    /// Mirrors a whole snapshot: every item is brought up to it.
    void applySnapshot(const LabSnapshot& snapshot);
    /// Mirrors a delta (`LabDelta`): only the pods it names and the node boxes they leave or
    /// join change, so a frame costs what changed, not the size of the cluster. The delta is
    /// merged and the items follow in passes of the event loop of about `kPassBudgetMs` each
    /// (a burst of thousands of pods takes a few frames, none of them long).
    void applyDelta(const LabDelta& delta);
    /// Wall milliseconds of item work per pass of the event loop.
    static constexpr int kPassBudgetMs = 6;
    /// Whether items still lag behind `snapshot()`.
    [[nodiscard]] bool hasPendingWork() const;
    /// Brings every item up to `snapshot()` now.
    void finishPendingWork();
    [[nodiscard]] const LabSnapshot& snapshot() const { return m_snapshot; }
    /// Virtual seconds per wall second; animations shorten as it grows and give way to
    /// plain moves at 100x.
    void setSpeed(int multiplier);
    /// Brightens a node's box for a moment (its kubelet acted).
    void flashNode(const QString& name);
    /// Selects the object's item; returns it (null when the canvas has none).
    QGraphicsItem* selectObject(const QString& kind, const QString& ns, const QString& name);
    /// The node box under a scene point, if any (for drops).
    [[nodiscard]] NodeItem* nodeAt(const QPointF& scenePos) const;
    /// The pod chip under a scene point (or within a few pixels of it), if any.
    [[nodiscard]] PodItem* podAt(const QPointF& scenePos) const;
    /// The zone whose section holds a scene point (empty when none).
    [[nodiscard]] QString zoneAt(const QPointF& scenePos) const;
    /// The section of a zone on the canvas (null when the zone has no node).
    [[nodiscard]] QRectF zoneRect(const QString& zone) const { return m_zoneRects.value(zone); }
    [[nodiscard]] NodeItem* nodeItem(const QString& name) const { return m_nodes.value(name); }
    [[nodiscard]] PodItem* podItem(const QString& key) const { return m_pods.value(key); }
    [[nodiscard]] int podItemCount() const { return int(m_pods.size()); }
    [[nodiscard]] bool compact() const { return m_compact; }
    /// Shows the scheduler's verdicts for one pod on the node boxes; an empty list clears them.
    void showVerdicts(const QList<NodeVerdict>& verdicts);
    /// Replays a story event of the scheduler on the node boxes (filtered nodes greyed with
    /// their reason, score bars, the winner; the node preemption nominated).
    void playStory(const StoryItem& event);
    /// Dims what the filter leaves out: pods outside namespace `ns` (empty: all) or not
    /// matching the label selector (kubectl's form, `app=web,tier!=db`); Services outside
    /// `ns`; nodes with none of the shown pods unless their own labels match. Returns the
    /// selector's parse error (the filter is then left as it was), or empty.
    QString setFilter(const QString& ns, const QString& selector);
    /// Pods the filter shows (all when there is no filter).
    [[nodiscard]] int filteredPodCount() const { return m_filteredPods; }
    /// Re-reads every visible text (after a language switch).
    void retranslate();

Q_SIGNALS:
    void objectSelected(const QString& kind, const QString& ns, const QString& name);

private:
    void syncAll();
    void workPass();
    /// Merges the deltas received and syncs the items they touch until `budgetMs` passes
    /// (-1: no limit); returns whether everything is done.
    bool work(int budgetMs);
    /// Merges pending deltas into m_snapshot while the pass lasts; returns whether all are in.
    bool mergeDeltas();
    /// Marks a pod's item, and the box it was in, for syncing, before the pod changes or goes.
    void leavePod(const QString& key);
    [[nodiscard]] bool spent() const;
    void syncPod(const QString& key);

    /// A delta received and not yet merged, with how far its pods are.
    struct PendingDelta {
        LabDelta delta;
        bool begun = false;
        QSet<QString>::const_iterator removedPod;
        QMap<QString, PodView>::const_iterator changedPod;
    };
    std::deque<PendingDelta> m_deltas;   ///< a deque: its elements (and their iterators) stay put
    QElapsedTimer m_passClock;
    int m_passBudgetMs = -1;
    void syncNodes();
    /// Brings one node's box up to the snapshot (its view, its pods, its usage); `grouped`:
    /// its pods when the caller has them, else looked up by the index.
    void syncNode(const NodeView& view, QList<PodView>* grouped = nullptr);
    void syncPods();
    void syncServices();
    void syncIngresses();
    void syncStorage();
    /// A claim just bound: its candidate volumes and the chosen one are outlined for a moment.
    void showClaimSearch(const ClaimView& claim);
    /// A request a pod made (`klab exec POD -- curl URL`): a dot travels from the client to the
    /// Service and on to the endpoint kube-proxy chose, labelled with the rule; a lookup goes to
    /// CoreDNS and back; a request through an Ingress enters by the gate's row that matched;
    /// what a NetworkPolicy drops stops red, with the policy's name.
    void playRequest(const StoryItem& event);
    /// Where a pod is on the canvas: its chip, else its node's box (the compact form).
    [[nodiscard]] std::optional<QPointF> podPoint(const QString& key) const;
    void relayout();
    void placePod(PodItem* item, const QPointF& target, bool visible);
    void removeAnimated(QGraphicsObject* item);
    /// Removes, animated, the items whose object is no longer among `views`; true if any went.
    template <typename Item, typename Views>
    bool removeGone(QHash<QString, Item*>& items, const Views& views);
    void updateServiceLinks();
    void onSelectionChanged();
    void spin();
    [[nodiscard]] int animationMs(int base) const;

    LabSnapshot m_snapshot;
    QHash<QString, NodeItem*> m_nodes;
    QHash<QString, PodItem*> m_pods;
    QHash<QString, QSet<QString>> m_podsOnNode;   ///< node name -> keys of the pods bound to it
    QSet<QString> m_dirtyNodes;   ///< boxes that lag behind m_snapshot
    QSet<QString> m_dirtyPods;    ///< pod items that lag behind m_snapshot
    /// The next pass of item work. A timer rather than a queued call: Qt delivers every queued
    /// call of an event loop pass in one go, and a pass of item work queued behind the scene's
    /// own repaint (also a queued call) made one long stretch of both; timers take turns with
    /// the queued calls.
    QTimer m_passTimer;
    bool m_usageDue = false;
    bool m_servicesDue = false;
    bool m_layoutDue = false;
    bool m_filterDue = false;
    QHash<QString, ServiceItem*> m_services;
    QHash<QString, IngressItem*> m_ingresses;
    QHash<QString, VolumeItem*> m_volumes;
    QHash<QString, VolumeItem*> m_claims;
    QHash<QString, VolumeItem*> m_storageClasses;
    QList<QGraphicsItem*> m_decorations;   ///< titles and lines, rebuilt by each layout
    QList<QGraphicsLineItem*> m_serviceLinks;
    QHash<QString, QRectF> m_zoneRects;
    QGraphicsRectItem* m_queueLane = nullptr;
    QGraphicsSimpleTextItem* m_queueTitle = nullptr;
    QGraphicsSimpleTextItem* m_queueMore = nullptr;
    QTimer m_spinner;
    int m_spinAngle = 0;
    int m_speed = 1;
    bool m_compact = false;
    void applyFilter();
    QString m_filterNs;
    std::shared_ptr<const core::LabelSelector> m_filterSelector;  ///< null: no label filter
    int m_filteredPods = 0;
};

} // namespace kubelab::scenes
