// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/snapshotbuilder.h"

#include <algorithm>
#include <string>

#include "core/api/labels.h"
#include "core/api/podtypes.h"
#include "core/api/quantity.h"
#include "core/sim/clock.h"

namespace kubelab::scenes {

namespace {

using core::Json;

QString qs(const std::string& s) { return QString::fromStdString(s); }

const Json& at(const Json& object, const char* pointer)
{
    static const Json null;
    try {
        const Json::json_pointer p(pointer);
        return object.contains(p) ? object.at(p) : null;
    } catch (const std::exception&) {
        return null;
    }
}

QString text(const Json& object, const char* pointer)
{
    const Json& v = at(object, pointer);
    return v.is_string() ? qs(v.get<std::string>()) : QString();
}

qint64 integer(const Json& object, const char* pointer)
{
    const Json& v = at(object, pointer);
    return v.is_number_integer() ? v.get<qint64>() : 0;
}

QMap<QString, QString> stringMap(const Json& object, const char* pointer)
{
    QMap<QString, QString> out;
    const Json& v = at(object, pointer);
    if (v.is_object())
        for (auto it = v.begin(); it != v.end(); ++it)
            if (it.value().is_string())
                out.insert(qs(it.key()), qs(it.value().get<std::string>()));
    return out;
}

/// A node selector requirement in the `-l` selector syntax: `zone in (a, b)`, `!gpu`, `cores > 4`.
QString requirementText(const Json& r)
{
    const QString key = qs(r.value("key", ""));
    const std::string op = r.value("operator", "");
    QStringList values;
    for (const Json& v : r.value("values", Json::array()))
        if (v.is_string())
            values << qs(v.get<std::string>());
    if (op == "Exists")
        return key;
    if (op == "DoesNotExist")
        return QLatin1Char('!') + key;
    if (op == "Gt" || op == "Lt")
        return key + (op == "Gt" ? QStringLiteral(" > ") : QStringLiteral(" < ")) + values.value(0);
    return key + (op == "NotIn" ? QStringLiteral(" notin (") : QStringLiteral(" in (")) +
           values.join(QStringLiteral(", ")) + QLatin1Char(')');
}

/// A nodeSelectorTerm: its requirements on labels and on fields, all of which must hold.
QString termText(const Json& term)
{
    QStringList parts;
    for (const char* list : {"matchExpressions", "matchFields"})
        for (const Json& r : term.value(list, Json::array()))
            parts << requirementText(r);
    return parts.join(QStringLiteral(", "));
}

/// A pod affinity term: which pods, in which namespaces, in which topology domain.
QString podTermText(const Json& term)
{
    QString selector = QStringLiteral("<none>");
    if (auto s = core::LabelSelector::fromJson(term.value("labelSelector", Json())))
        selector = qs(s->toString());
    QString out = selector + QStringLiteral(", topologyKey ") + qs(term.value("topologyKey", ""));
    if (const Json& ns = term.value("namespaces", Json::array()); !ns.empty())
        out += QStringLiteral(", namespaces ") + qs(ns.dump());
    return out;
}

/// The pod's placement rules as Kubernetes names them, one per line; the tolerations every pod
/// gets from admission (not-ready and unreachable for 300 s) are left out.
QStringList placementOf(const Json& pod)
{
    QStringList out;
    const QMap<QString, QString> selector = stringMap(pod, "/spec/nodeSelector");
    for (auto it = selector.cbegin(); it != selector.cend(); ++it)
        out << QStringLiteral("nodeSelector: %1=%2").arg(it.key(), it.value());
    const Json& node = at(pod, "/spec/affinity/nodeAffinity");
    if (node.is_object()) {
        QStringList terms;
        for (const Json& t : at(node, "/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms").is_array()
                                 ? at(node, "/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")
                                 : Json::array())
            terms << termText(t);
        if (!terms.isEmpty())
            out << QStringLiteral("nodeAffinity required: ") + terms.join(QStringLiteral(" or "));
        for (const Json& p : node.value("preferredDuringSchedulingIgnoredDuringExecution", Json::array()))
            out << QStringLiteral("nodeAffinity preferred (weight %1): %2")
                       .arg(p.value("weight", 0))
                       .arg(termText(p.value("preference", Json::object())));
    }
    for (const char* kind : {"podAffinity", "podAntiAffinity"}) {
        const Json& a = at(pod, (std::string("/spec/affinity/") + kind).c_str());
        if (!a.is_object())
            continue;
        for (const Json& t : a.value("requiredDuringSchedulingIgnoredDuringExecution", Json::array()))
            out << qs(kind) + QStringLiteral(" required: ") + podTermText(t);
        for (const Json& p : a.value("preferredDuringSchedulingIgnoredDuringExecution", Json::array()))
            out << qs(kind) + QStringLiteral(" preferred (weight %1): %2")
                                  .arg(p.value("weight", 0))
                                  .arg(podTermText(p.value("podAffinityTerm", Json::object())));
    }
    for (const Json& c : at(pod, "/spec/topologySpreadConstraints").is_array() ? at(pod, "/spec/topologySpreadConstraints")
                                                                                : Json::array())
        out << QStringLiteral("topologySpread: maxSkew %1 over %2 (%3)")
                   .arg(c.value("maxSkew", 1))
                   .arg(qs(c.value("topologyKey", "")), qs(c.value("whenUnsatisfiable", "DoNotSchedule")));
    for (const Json& t : at(pod, "/spec/tolerations").is_array() ? at(pod, "/spec/tolerations") : Json::array()) {
        const std::string key = t.value("key", "");
        if ((key == "node.kubernetes.io/not-ready" || key == "node.kubernetes.io/unreachable") &&
            t.value("tolerationSeconds", 0) == 300)
            continue;
        QString text = key.empty() ? QStringLiteral("*") : qs(key);
        if (t.value("operator", "Equal") != "Exists")
            text += QLatin1Char('=') + qs(t.value("value", ""));
        if (const std::string effect = t.value("effect", ""); !effect.empty())
            text += QLatin1Char(':') + qs(effect);
        out << QStringLiteral("toleration: ") + text;
    }
    return out;
}

qint64 quantityBytes(const Json& value)
{
    if (value.is_string()) {
        auto amounts = core::ResourceAmounts::fromJson(Json{{"memory", value}});
        if (amounts)
            return amounts->memory;
    }
    return 0;
}

bool conditionTrue(const Json& object, const char* type)
{
    const Json& conditions = at(object, "/status/conditions");
    if (!conditions.is_array())
        return false;
    for (const Json& c : conditions)
        if (c.value("type", "") == type)
            return c.value("status", "") == "True";
    return false;
}

QString podStatus(const Json& pod, int& restarts)
{
    QString reason = text(pod, "/status/reason");
    const QString phase = text(pod, "/status/phase");
    if (reason.isEmpty())
        reason = phase.isEmpty() ? QStringLiteral("Pending") : phase;
    restarts = 0;
    const Json& statuses = at(pod, "/status/containerStatuses");
    if (statuses.is_array()) {
        for (const Json& c : statuses) {
            restarts += c.value("restartCount", 0);
            const Json& state = c.contains("state") ? c["state"] : Json();
            if (state.contains("waiting") && state["waiting"].is_object()) {
                const std::string r = state["waiting"].value("reason", "");
                if (!r.empty())
                    reason = qs(r);
            } else if (state.contains("terminated") && state["terminated"].is_object()) {
                const std::string r = state["terminated"].value("reason", "");
                if (!r.empty())
                    reason = qs(r);
            }
        }
    }
    if (!at(pod, "/metadata/deletionTimestamp").is_null()) {
        if (text(pod, "/status/reason") == QLatin1String("NodeLost"))
            reason = QStringLiteral("Unknown");
        else if (phase != QLatin1String("Succeeded") && phase != QLatin1String("Failed"))
            reason = QStringLiteral("Terminating");
    }
    return reason;
}

bool isWorkloadKind(const std::string& kind)
{
    return kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet" || kind == "DaemonSet" ||
           kind == "Job";
}

/// Kinds whose names the palette must not reuse (of them the canvas draws StorageClasses
/// and Ingresses, from their views).
bool isNamedOnlyKind(const std::string& kind)
{
    return kind == "Ingress" || kind == "StorageClass" || kind == "NetworkPolicy";
}

} // namespace

NodeView SnapshotBuilder::nodeView(const Json& node) const
{
    NodeView v;
    v.name = qs(core::nameOf(node));
    v.labels = stringMap(node, "/metadata/labels");
    v.zone = v.labels.value(QStringLiteral("topology.kubernetes.io/zone"));
    for (auto it = v.labels.cbegin(); it != v.labels.cend(); ++it)
        if (it.key().startsWith(QLatin1String("node-role.kubernetes.io/")))
            v.role = it.key().mid(24);
    v.ready = conditionTrue(node, "Ready");
    v.unschedulable = at(node, "/spec/unschedulable").is_boolean() && at(node, "/spec/unschedulable").get<bool>();
    const Json& taints = at(node, "/spec/taints");
    if (taints.is_array())
        for (const Json& t : taints)
            v.taints.append(TaintView{qs(t.value("key", "")), qs(t.value("value", "")), qs(t.value("effect", ""))});
    if (auto a = core::ResourceAmounts::fromJson(at(node, "/status/allocatable")); a) {
        v.cpuAllocatable = a->milliCpu;
        v.memoryAllocatable = a->memory;
        v.podsAllocatable = a->pods;
    }
    return v;
}

PodView SnapshotBuilder::podView(const Json& pod) const
{
    PodView v;
    v.ns = qs(core::namespaceOf(pod));
    v.name = qs(core::nameOf(pod));
    v.nodeName = text(pod, "/spec/nodeName");
    v.phase = text(pod, "/status/phase");
    if (v.phase.isEmpty())
        v.phase = QStringLiteral("Pending");
    v.status = podStatus(pod, v.restarts);
    v.ready = conditionTrue(pod, "Ready");
    const Json& conditions = at(pod, "/status/conditions");
    if (conditions.is_array()) {
        for (const Json& c : conditions) {
            if (c.value("type", "") == "PodScheduled" && c.value("status", "") == "False")
                v.pendingMessage = qs(c.value("message", ""));
            else if (c.value("type", "") == "DisruptionTarget" && c.value("status", "") == "True")
                v.disruption = qs(c.value("reason", ""));
        }
    }
    v.labels = stringMap(pod, "/metadata/labels");
    v.templateHash = v.labels.value(QStringLiteral("pod-template-hash"));
    v.podIp = text(pod, "/status/podIP");
    v.nominatedNode = text(pod, "/status/nominatedNodeName");
    v.placement = placementOf(pod);
    if (auto owner = core::controllerRefOf(pod)) {
        v.ownerKind = qs(owner->value("kind", ""));
        v.ownerName = qs(owner->value("name", ""));
    }
    if (auto typed = core::Pod::fromJson(pod)) {
        v.cpuRequest = typed->requests.milliCpu;
        v.memoryRequest = typed->requests.memory;
        const core::ResourceAmounts limits = core::podLimits(*typed);
        v.cpuLimit = std::max<qint64>(limits.milliCpu, v.cpuRequest);
        v.memoryLimit = std::max<qint64>(limits.memory, v.memoryRequest);
    }
    const std::string created = core::stringAt(pod, Json::json_pointer("/metadata/creationTimestamp"));
    if (auto seconds = core::parseRfc3339(created))
        v.createdMs = (*seconds - m_epochSeconds) * core::kSecond;
    return v;
}

ServiceView SnapshotBuilder::serviceView(const Json& service)
{
    ServiceView v;
    v.ns = qs(core::namespaceOf(service));
    v.name = qs(core::nameOf(service));
    v.type = text(service, "/spec/type");
    if (v.type.isEmpty())
        v.type = QStringLiteral("ClusterIP");
    v.clusterIp = text(service, "/spec/clusterIP");
    v.selector = stringMap(service, "/spec/selector");
    QStringList ports;
    const Json& list = at(service, "/spec/ports");
    if (list.is_array())
        for (const Json& p : list) {
            QString port = QString::number(p.value("port", 0));
            if (p.contains("nodePort"))
                port += QLatin1Char(':') + QString::number(p.value("nodePort", 0));
            ports << port + QLatin1Char('/') + qs(p.value("protocol", "TCP"));
        }
    v.ports = ports.join(QLatin1Char(','));
    return v;
}

VolumeView SnapshotBuilder::volumeView(const Json& volume)
{
    VolumeView v;
    v.name = qs(core::nameOf(volume));
    v.capacity = quantityBytes(at(volume, "/spec/capacity/storage"));
    v.storageClass = text(volume, "/spec/storageClassName");
    v.phase = text(volume, "/status/phase");
    if (v.phase.isEmpty())
        v.phase = QStringLiteral("Pending");
    const QString claimName = text(volume, "/spec/claimRef/name");
    if (!claimName.isEmpty())
        v.claim = text(volume, "/spec/claimRef/namespace") + QLatin1Char('/') + claimName;
    QStringList modes;
    const Json& list = at(volume, "/spec/accessModes");
    if (list.is_array())
        for (const Json& m : list)
            if (m.is_string())
                modes << qs(m.get<std::string>());
    v.accessModes = modes.join(QLatin1Char(','));
    v.reclaimPolicy = text(volume, "/spec/persistentVolumeReclaimPolicy");
    v.provisionedBy = text(volume, "/metadata/annotations/pv.kubernetes.io~1provisioned-by");
    return v;
}

IngressView SnapshotBuilder::ingressView(const Json& ingress)
{
    IngressView v;
    v.ns = qs(core::namespaceOf(ingress));
    v.name = qs(core::nameOf(ingress));
    v.className = text(ingress, "/spec/ingressClassName");
    // As kubectl's ADDRESS column: every published address.
    for (const Json& lb : core::member(core::member(core::member(ingress, "status"), "loadBalancer"), "ingress")) {
        if (!v.address.isEmpty())
            v.address += QLatin1Char(',');
        v.address += qs(lb.value("ip", lb.value("hostname", "")));
    }
    const auto backendOf = [](const Json& backend, IngressRuleView& rule) {
        const Json& service = core::member(backend, "service");
        rule.service = qs(service.value("name", ""));
        const Json& port = core::member(service, "port");
        rule.port = port.contains("number") ? QString::number(port.value("number", 0)) : qs(port.value("name", ""));
    };
    for (const Json& rule : core::member(core::member(ingress, "spec"), "rules"))
        for (const Json& path : core::member(core::member(rule, "http"), "paths")) {
            IngressRuleView r;
            r.host = qs(rule.value("host", ""));
            r.path = qs(path.value("path", ""));
            r.pathType = qs(path.value("pathType", ""));
            backendOf(core::member(path, "backend"), r);
            v.rules.append(r);
        }
    if (const Json& fallback = core::member(core::member(ingress, "spec"), "defaultBackend"); fallback.is_object()) {
        IngressRuleView r;
        r.isDefault = true;
        backendOf(fallback, r);
        v.rules.append(r);
    }
    for (const Json& tls : core::member(core::member(ingress, "spec"), "tls"))
        for (const Json& host : core::member(tls, "hosts"))
            if (host.is_string())
                v.tlsHosts << qs(host.get<std::string>());
    return v;
}

StorageClassView SnapshotBuilder::storageClassView(const Json& storageClass)
{
    StorageClassView v;
    v.name = qs(core::nameOf(storageClass));
    v.provisioner = text(storageClass, "/provisioner");
    v.bindingMode = text(storageClass, "/volumeBindingMode");
    v.reclaimPolicy = text(storageClass, "/reclaimPolicy");
    if (v.reclaimPolicy.isEmpty())
        v.reclaimPolicy = QStringLiteral("Delete");
    v.isDefault = text(storageClass, "/metadata/annotations/storageclass.kubernetes.io~1is-default-class") ==
                      QLatin1String("true") ||
                  text(storageClass, "/metadata/annotations/storageclass.beta.kubernetes.io~1is-default-class") ==
                      QLatin1String("true");
    v.allowExpansion = at(storageClass, "/allowVolumeExpansion") == Json(true);
    return v;
}

ClaimView SnapshotBuilder::claimView(const Json& claim)
{
    ClaimView v;
    v.ns = qs(core::namespaceOf(claim));
    v.name = qs(core::nameOf(claim));
    v.request = quantityBytes(at(claim, "/spec/resources/requests/storage"));
    v.capacity = quantityBytes(at(claim, "/status/capacity/storage"));
    v.storageClass = text(claim, "/spec/storageClassName");
    v.phase = text(claim, "/status/phase");
    if (v.phase.isEmpty())
        v.phase = QStringLiteral("Pending");
    v.volumeName = text(claim, "/spec/volumeName");
    return v;
}

WorkloadView SnapshotBuilder::workloadView(const Json& workload)
{
    WorkloadView v;
    v.kind = qs(core::kindOf(workload));
    v.ns = qs(core::namespaceOf(workload));
    v.name = qs(core::nameOf(workload));
    if (v.kind == QLatin1String("DaemonSet")) {
        v.replicas = int(integer(workload, "/status/desiredNumberScheduled"));
        v.ready = int(integer(workload, "/status/numberReady"));
    } else if (v.kind == QLatin1String("Job")) {
        v.replicas = int(integer(workload, "/spec/completions"));
        v.ready = int(integer(workload, "/status/succeeded"));
    } else {
        const Json& replicas = at(workload, "/spec/replicas");
        v.replicas = replicas.is_number_integer() ? replicas.get<int>() : 1;
        v.ready = int(integer(workload, "/status/readyReplicas"));
    }
    return v;
}

void SnapshotBuilder::reset(const std::vector<Json>& objects)
{
    const qint64 revision = m_snapshot.revision;
    const qint64 time = m_snapshot.virtualTimeMs;
    const QString path = m_snapshot.labPath;
    m_snapshot = LabSnapshot{};
    m_snapshot.revision = revision;
    m_snapshot.virtualTimeMs = time;
    m_snapshot.labPath = path;
    for (const Json& o : objects)
        put(o);
    m_snapshot.change = ChangeKind::Structure;
    m_wholeDue = true;
}

const LabSnapshot& SnapshotBuilder::takeWhole()
{
    m_changedPods.clear();
    m_removedPods.clear();
    m_changedNodes.clear();
    m_removedNodes.clear();
    m_wholeDue = false;
    return m_snapshot;
}

LabDelta SnapshotBuilder::takeDelta()
{
    LabDelta delta;
    delta.changed = m_snapshot;
    delta.changed.pods.clear();
    delta.changed.nodes.clear();
    for (const QString& key : std::as_const(m_changedPods))
        if (auto it = m_snapshot.pods.constFind(key); it != m_snapshot.pods.constEnd())
            delta.changed.pods.insert(key, *it);
    for (const QString& name : std::as_const(m_changedNodes))
        if (auto it = m_snapshot.nodes.constFind(name); it != m_snapshot.nodes.constEnd())
            delta.changed.nodes.insert(name, *it);
    delta.removedPods = std::move(m_removedPods);
    delta.removedNodes = std::move(m_removedNodes);
    m_changedPods.clear();
    m_removedPods.clear();
    m_changedNodes.clear();
    m_removedNodes.clear();
    return delta;
}

ChangeKind SnapshotBuilder::put(const Json& object)
{
    const std::string kind = core::kindOf(object);
    if (kind == "Pod") {
        PodView v = podView(object);
        const QString key = v.key();
        auto it = m_snapshot.pods.constFind(key);
        const bool structural = it == m_snapshot.pods.constEnd() || it->nodeName != v.nodeName;
        if (it != m_snapshot.pods.constEnd() && *it == v)
            return ChangeKind::Dynamic;
        m_changedPods.insert(key);
        m_removedPods.remove(key);
        m_snapshot.pods.insert(key, std::move(v));
        return structural ? ChangeKind::Structure : ChangeKind::Dynamic;
    }
    if (kind == "Node") {
        NodeView v = nodeView(object);
        auto it = m_snapshot.nodes.constFind(v.name);
        const bool structural = it == m_snapshot.nodes.constEnd() || it->zone != v.zone;
        if (it != m_snapshot.nodes.constEnd() && *it == v)
            return ChangeKind::Dynamic;
        m_changedNodes.insert(v.name);
        m_removedNodes.remove(v.name);
        m_snapshot.nodes.insert(v.name, std::move(v));
        return structural ? ChangeKind::Structure : ChangeKind::Dynamic;
    }
    if (kind == "Service") {
        ServiceView v = serviceView(object);
        const bool structural = !m_snapshot.services.contains(v.key());
        m_snapshot.services.insert(v.key(), std::move(v));
        return structural ? ChangeKind::Structure : ChangeKind::Dynamic;
    }
    if (kind == "PersistentVolume") {
        VolumeView v = volumeView(object);
        const bool structural = !m_snapshot.volumes.contains(v.name) || m_snapshot.volumes.value(v.name).claim != v.claim;
        m_snapshot.volumes.insert(v.name, std::move(v));
        return structural ? ChangeKind::Structure : ChangeKind::Dynamic;
    }
    if (kind == "PersistentVolumeClaim") {
        ClaimView v = claimView(object);
        const bool structural = !m_snapshot.claims.contains(v.key()) ||
                                m_snapshot.claims.value(v.key()).volumeName != v.volumeName;
        m_snapshot.claims.insert(v.key(), std::move(v));
        return structural ? ChangeKind::Structure : ChangeKind::Dynamic;
    }
    if (kind == "Namespace") {
        const QString name = qs(core::nameOf(object));
        if (m_snapshot.namespaces.contains(name))
            return ChangeKind::Dynamic;
        m_snapshot.namespaces.append(name);
        m_snapshot.namespaces.sort();
        return ChangeKind::Structure;
    }
    if (kind == "StorageClass") {
        StorageClassView v = storageClassView(object);
        m_snapshot.storageClasses.insert(v.name, std::move(v));
    }
    bool redrawn = false; // an Ingress whose rules changed moves its lines on the canvas
    if (kind == "Ingress") {
        IngressView v = ingressView(object);
        const auto it = m_snapshot.ingresses.constFind(v.key());
        redrawn = it != m_snapshot.ingresses.constEnd() && !(*it == v);
        m_snapshot.ingresses.insert(v.key(), std::move(v));
    }
    if (isNamedOnlyKind(kind)) {
        const QString key = qs(kind) + QLatin1Char('/') + qs(core::namespaceOf(object)) + QLatin1Char('/') +
                            qs(core::nameOf(object));
        if (m_snapshot.others.contains(key) && !redrawn)
            return ChangeKind::Dynamic;
        m_snapshot.others.insert(key);
        return ChangeKind::Structure;
    }
    if (isWorkloadKind(kind)) {
        WorkloadView v = workloadView(object);
        const QString key = v.kind + QLatin1Char('/') + v.ns + QLatin1Char('/') + v.name;
        const bool structural = !m_snapshot.workloads.contains(key);
        m_snapshot.workloads.insert(key, std::move(v));
        return structural ? ChangeKind::Structure : ChangeKind::Dynamic;
    }
    return ChangeKind::Dynamic;
}

ChangeKind SnapshotBuilder::erase(const core::ObjectKey& key)
{
    const QString name = qs(key.name);
    const QString nsName = qs(key.ns) + QLatin1Char('/') + name;
    bool removed = false;
    if (key.kind == "Pod") {
        removed = m_snapshot.pods.remove(nsName) > 0;
        if (removed) {
            m_changedPods.remove(nsName);
            m_removedPods.insert(nsName);
        }
    } else if (key.kind == "Node") {
        removed = m_snapshot.nodes.remove(name) > 0;
        if (removed) {
            m_changedNodes.remove(name);
            m_removedNodes.insert(name);
        }
    }
    else if (key.kind == "Service")
        removed = m_snapshot.services.remove(nsName) > 0;
    else if (key.kind == "PersistentVolume")
        removed = m_snapshot.volumes.remove(name) > 0;
    else if (key.kind == "PersistentVolumeClaim")
        removed = m_snapshot.claims.remove(nsName) > 0;
    else if (key.kind == "Namespace")
        removed = m_snapshot.namespaces.removeAll(name) > 0;
    else if (isWorkloadKind(key.kind))
        removed = m_snapshot.workloads.remove(qs(key.kind) + QLatin1Char('/') + nsName) > 0;
    else if (isNamedOnlyKind(key.kind)) {
        removed = m_snapshot.others.remove(qs(key.kind) + QLatin1Char('/') + nsName);
        if (key.kind == "StorageClass")
            m_snapshot.storageClasses.remove(name);
        if (key.kind == "Ingress")
            m_snapshot.ingresses.remove(nsName);
    }
    return removed ? ChangeKind::Structure : ChangeKind::Dynamic;
}

ChangeKind SnapshotBuilder::apply(const core::WatchEvent& event)
{
    m_snapshot.revision = std::max<qint64>(m_snapshot.revision, event.revision);
    if (event.type == core::WatchEventType::Deleted)
        return erase(event.key);
    if (!event.object)
        return ChangeKind::Dynamic;
    return put(*event.object);
}

void LabSnapshot::merge(const LabDelta& delta)
{
    const LabSnapshot& now = delta.changed;
    for (const QString& key : delta.removedPods)
        pods.remove(key);
    for (auto it = now.pods.cbegin(); it != now.pods.cend(); ++it)
        pods.insert(it.key(), it.value());
    for (const QString& name : delta.removedNodes)
        nodes.remove(name);
    for (auto it = now.nodes.cbegin(); it != now.nodes.cend(); ++it)
        nodes.insert(it.key(), it.value());
    mergeRest(now);
}

void LabSnapshot::mergeRest(const LabSnapshot& now)
{
    revision = now.revision;
    virtualTimeMs = now.virtualTimeMs;
    readOnly = now.readOnly;
    change = now.change;
    labPath = now.labPath;
    services = now.services;
    ingresses = now.ingresses;
    volumes = now.volumes;
    claims = now.claims;
    storageClasses = now.storageClasses;
    workloads = now.workloads;
    others = now.others;
    namespaces = now.namespaces;
    nodeUsage = now.nodeUsage;
}

bool isRequestComponent(const QString& component)
{
    return component == QLatin1String("coredns") || component.startsWith(QLatin1String("kube-proxy")) ||
           component == QLatin1String("ingress-nginx");
}

bool StoryItem::isRequest() const
{
    return isRequestComponent(component);
}

int LabSnapshot::pendingCount() const
{
    int n = 0;
    for (const PodView& p : pods)
        if (p.nodeName.isEmpty() && p.phase == QLatin1String("Pending"))
            ++n;
    return n;
}

int LabSnapshot::runningCount() const
{
    int n = 0;
    for (const PodView& p : pods)
        if (p.phase == QLatin1String("Running"))
            ++n;
    return n;
}

QString formatCpu(qint64 milliCores)
{
    if (milliCores % 1000 == 0)
        return QString::number(milliCores / 1000);
    if (milliCores < 1000)
        return QString::number(milliCores) + QLatin1Char('m');
    return QString::number(double(milliCores) / 1000.0, 'g', 3);
}

QString formatBytes(qint64 bytes)
{
    static const char* const units[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};
    double value = double(bytes);
    int unit = 0;
    while (unit < 5 && value >= 1024.0) {
        value /= 1024.0;
        ++unit;
    }
    if (unit == 0)
        return QString::number(bytes);
    const bool whole = value == double(qint64(value));
    return QString::number(value, 'f', whole ? 0 : 1) + QLatin1String(units[unit]);
}

QString formatClock(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    const qint64 days = seconds / 86400;
    const QString clock = QStringLiteral("%1:%2:%3")
                              .arg((seconds / 3600) % 24, 2, 10, QLatin1Char('0'))
                              .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                              .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return days > 0 ? QStringLiteral("%1d %2").arg(days).arg(clock) : clock;
}

} // namespace kubelab::scenes
