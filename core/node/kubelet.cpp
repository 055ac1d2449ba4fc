// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/node/kubelet.h"

#include <algorithm>
#include <string_view>

#include "core/api/podtypes.h"
#include "core/controllers/persistentvolume.h"
#include "core/controllers/volumeexpand.h"
#include "core/node/behaviour.h"
#include "core/node/containerruntime.h"
#include "core/node/podstatus.h"
#include "core/node/imagecatalogue.h"
#include "core/node/nodepower.h"
#include "core/sim/apiserver.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

const Json::json_pointer kStartTime("/status/startTime");

/// MountVolume.SetUp's errors for the pod's configMap and secret volumes whose object does
/// not exist and is not optional, one per volume, as the kubelet's volume manager words them.
std::vector<std::string> mountErrors(const Engine& engine, const Json& pod)
{
    std::vector<std::string> out;
    if (!pod.contains("spec") || !pod["spec"].contains("volumes") || !pod["spec"]["volumes"].is_array())
        return out;
    for (const Json& v : pod["spec"]["volumes"]) {
        if (!v.is_object())
            continue;
        const bool isSecret = !v.contains("configMap") && v.contains("secret");
        const Json* source = v.contains("configMap") ? &v["configMap"] : isSecret ? &v["secret"] : nullptr;
        // Simplified: projected volumes are not checked (the lab does not publish the
        // kube-root-ca.crt ConfigMap that every pod's service-account volume names).
        if (!source || !source->is_object() || source->value("optional", false) == true)
            continue;
        const std::string name = source->value(isSecret ? "secretName" : "name", "");
        if (engine.get(ObjectKey{isSecret ? "Secret" : "ConfigMap", namespaceOf(pod), name}))
            continue;
        out.push_back("MountVolume.SetUp failed for volume \"" + v.value("name", "") + "\" : " +
                      (isSecret ? "secret" : "configmap") + " \"" + name + "\" not found");
    }
    return out;
}

std::string component(const std::string& node)
{
    return "kubelet@" + node;
}

Json condition(const std::string& type, const std::string& status, const std::string& time,
               const std::string& reason = {}, const std::string& message = {})
{
    Json c = Json::object();
    c["type"] = type;
    c["status"] = status;
    c["lastProbeTime"] = nullptr;
    c["lastTransitionTime"] = time;
    if (!reason.empty())
        c["reason"] = reason;
    if (!message.empty())
        c["message"] = message;
    return c;
}

/// The string at `object[outer][inner]` read in place (what stringAt answers, without a
/// copy): empty when either member is missing or the value is not a string.
std::string_view stringIn(const Json& object, const char* outer, const char* inner)
{
    return memberText(member(object, outer), inner);
}

bool nodeReady(const Json& node)
{
    return conditionStatus(node, "Ready") == "True";
}

/// Every container of the pod (init first), for statuses.
std::vector<Json> containersOf(const Json& pod, const char* field)
{
    std::vector<Json> out;
    if (pod.contains("spec") && pod["spec"].contains(field) && pod["spec"][field].is_array())
        for (const Json& c : pod["spec"][field])
            out.push_back(c);
    return out;
}

/// Whether the kubelet pulls this container's image, given the images its node holds
/// (imagePullPolicy: IfNotPresent uses the node's copy, Always asks the registry, Never never pulls).
bool pulls(const Json& container, const ImageInfo& image, const std::set<std::string>& nodeImages)
{
    const std::string policy = container.value("imagePullPolicy", "IfNotPresent");
    return policy == "Always" || (policy != "Never" && !nodeImages.contains(image.normalized));
}

/// How long the pod's pulls take (in parallel, from the admission on), given the images its
/// node held then.
std::int64_t pullTime(const Json& pod, const ImageCatalog& catalog, const std::set<std::string>& nodeImages)
{
    std::int64_t pull = 0;
    for (const char* field : {"initContainers", "containers"})
        for (const Json& c : containersOf(pod, field))
            if (auto img = catalog.lookup(c.value("image", "")); img && pulls(c, *img, nodeImages))
                pull = std::max(pull, nodeImages.contains(img->normalized) ? kCachedPullMilliseconds
                                                                           : pullMilliseconds(img->sizeBytes));
    return pull;
}

/// The images the node holds (`status.images`), by normalized name.
std::set<std::string> imagesOn(const Json& node)
{
    std::set<std::string> out;
    for (const Json& image : member(member(node, "status"), "images"))
        for (const Json& name : member(image, "names"))
            if (name.is_string())
                out.insert(normalizeImageName(name.get<std::string>()));
    return out;
}

/// Which of the pod's images (normalized) the node holds.
std::set<std::string> podImagesOn(const Json& pod, const Json& node, const ImageCatalog& catalog)
{
    const std::set<std::string> held = imagesOn(node);
    std::set<std::string> out;
    for (const char* field : {"initContainers", "containers"})
        for (const Json& c : containersOf(pod, field))
            if (auto img = catalog.lookup(c.value("image", "")); img && held.contains(img->normalized))
                out.insert(img->normalized);
    return out;
}

/// Adds the images the pod's started containers use to the node's `status.images`, as the
/// kubelet reports what its runtime holds: largest first, at most 50 (nodeStatusMaxImages).
/// Simplified: names are the normalized tags (no digests), and images are never garbage
/// collected.
void recordPulledImages(Engine& engine, const ImageCatalog& catalog, const Json& pod, const std::string& nodeName)
{
    ObjectPtr node = engine.get(ObjectKey{"Node", "", nodeName});
    if (!node)
        return;
    std::map<std::string, std::int64_t> started; // image -> size
    for (const char* field : {"initContainerStatuses", "containerStatuses"})
        for (const Json& cs : member(member(pod, "status"), field))
            if (!hasContainerState(cs, "state", "waiting") || hasContainerState(cs, "lastState", "terminated"))
                if (auto img = catalog.lookup(cs.value("image", "")))
                    started[img->normalized] = img->sizeBytes;
    const std::set<std::string> held = imagesOn(*node);
    // Most pods start from images their node holds already: the node is copied only when
    // one is new.
    if (std::ranges::all_of(started, [&](const auto& image) { return held.contains(image.first); }))
        return;
    Json next = *node;
    Json& images = next["status"]["images"];
    if (!images.is_array())
        images = Json::array();
    for (const auto& [name, size] : started)
        if (!held.contains(name))
            images.push_back(Json{{"names", Json::array({name})}, {"sizeBytes", size}});
    constexpr std::size_t kMaxImages = 50;
    std::stable_sort(images.begin(), images.end(), [](const Json& a, const Json& b) {
        return a.value("sizeBytes", std::int64_t{0}) > b.value("sizeBytes", std::int64_t{0});
    });
    if (images.size() > kMaxImages)
        images.erase(images.begin() + kMaxImages, images.end());
    (void)engine.updateStatus(next, RequestContext::kubelet(nodeName));
}

/// Every container waiting to start: ContainerCreating, or PodInitializing for all while
/// init containers are to run.
void setWaitingContainerStatuses(Json& pod, bool hasInit)
{
    auto waiting = [&](const char* field, const char* reason) {
        Json statuses = Json::array();
        for (const Json& c : containersOf(pod, field))
            statuses.push_back(Json{{"name", c.value("name", "")},
                                    {"image", c.value("image", "")},
                                    {"imageID", ""},
                                    {"ready", false},
                                    {"restartCount", 0},
                                    {"started", false},
                                    {"state", {{"waiting", {{"reason", reason}}}}},
                                    {"lastState", Json::object()}});
        return statuses;
    };
    if (hasInit)
        pod["status"]["initContainerStatuses"] = waiting("initContainers", "PodInitializing");
    pod["status"]["containerStatuses"] = waiting("containers", hasInit ? "PodInitializing" : "ContainerCreating");
}

} // namespace

void Kubelet::start(Engine& engine)
{
    m_engine = &engine;
    m_usedIps.clear();
    m_processed.clear();
    m_imagesAtAdmission.clear();
    m_wakes.clear();
    m_podsByNode.clear();
    m_waitingForVolumes.clear();
    for (const ObjectPtr& n : engine.list("Node"))
        m_nodes.add(nameOf(*n));
    for (const ObjectPtr& p : engine.list("Pod")) {
        std::string node = stringAt(*p, kNodeName);
        std::string ip = stringAt(*p, Json::json_pointer("/status/podIP"));
        if (!node.empty() && !ip.empty())
            m_usedIps[node].insert(ip);
        if (!node.empty()) {
            m_pods.add(keyOf(*p));
            indexPod(node, *p);
        }
        // Whatever happened up to now was recorded by the kubelet that ran then.
        m_processed[keyOf(*p)] = engine.now();
    }
}

void Kubelet::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "Node") {
        if (event.type != WatchEventType::Deleted) {
            m_nodes.add(event.key.name);
            // A node that becomes ready again picks up its pods.
            if (event.previous && !nodeReady(*event.previous) && nodeReady(*event.object))
                resyncNode(event.key.name);
        } else {
            m_usedIps.erase(event.key.name);
        }
    } else if (event.key.kind == "ConfigMap" || event.key.kind == "Secret") {
        // A pod that waits to mount it tries again.
        if (event.type == WatchEventType::Added)
            for (auto& [key, retry] : m_waitingForVolumes)
                if (key.ns == event.key.ns) {
                    retry = m_engine->now();
                    m_pods.add(key);
                }
    } else if (event.key.kind == "PersistentVolumeClaim") {
        // A claim whose volume grew: the kubelets running its pods grow the file system.
        if (event.type == WatchEventType::Deleted || !waitsForFileSystemResize(*event.object))
            return;
        for (const auto& [node, pods] : m_podsByNode)
            for (const auto& [key, requests] : pods)
                if (key.ns == event.key.ns)
                    if (ObjectPtr pod = m_engine->get(key); pod && podUsesClaim(*pod, event.key.name))
                        m_pods.add(key);
    } else if (event.key.kind == "Pod") {
        std::string node = stringAt(*event.object, kNodeName);
        if (event.type == WatchEventType::Deleted) {
            std::string ip = stringAt(*event.object, Json::json_pointer("/status/podIP"));
            if (!node.empty()) {
                m_usedIps[node].erase(ip);
                if (auto it = m_podsByNode.find(node); it != m_podsByNode.end() && it->second.erase(event.key) &&
                                                       it->second.empty())
                    m_podsByNode.erase(it);
            }
            m_processed.erase(event.key);
            m_imagesAtAdmission.erase(event.key);
            m_wakes.erase(event.key);
            m_waitingForVolumes.erase(event.key);
            return;
        }
        if (!node.empty()) {
            m_pods.add(event.key);
            indexPod(node, *event.object);
        }
    }
}

void Kubelet::work()
{
    if (auto n = m_nodes.pop()) {
        syncNode(*n);
        return;
    }
    if (auto p = m_pods.pop())
        syncPod(*p);
}

void Kubelet::indexPod(const std::string& node, const Json& pod)
{
    auto [it, added] = m_podsByNode[node].try_emplace(keyOf(pod));
    if (!added)
        return;
    if (auto typed = Pod::fromJson(pod))
        it->second = typed->requests;
}

void Kubelet::resyncNode(const std::string& node)
{
    if (auto it = m_podsByNode.find(node); it != m_podsByNode.end())
        for (const auto& [key, requests] : it->second)
            m_pods.add(key);
}

void Kubelet::syncNode(const std::string& name)
{
    if (!nodePoweredOn(*m_engine, name))
        return;
    ObjectPtr node = m_engine->get(ObjectKey{"Node", "", name});
    if (!node)
        return;
    if (node->contains("status") && (*node)["status"].contains("conditions"))
        return; // registered
    // Registering an existing Node, the kubelet sets its default labels (updateDefaultLabels):
    // a Node made by hand gets them, so selectors such as kubernetes.io/os=linux match it.
    // Zone and region come from a cloud provider, which a lab has not: they stay as given.
    Json labelled = *node;
    Json& labels = labelled["metadata"]["labels"];
    if (!labels.is_object())
        labels = Json::object();
    bool relabelled = false;
    for (const auto& [key, value] : {std::pair<const char*, std::string>{"beta.kubernetes.io/arch", "amd64"},
                                     {"beta.kubernetes.io/os", "linux"},
                                     {"kubernetes.io/arch", "amd64"},
                                     {"kubernetes.io/hostname", name},
                                     {"kubernetes.io/os", "linux"}}) {
        if (labels.value(key, "") != value) {
            labels[key] = value;
            relabelled = true;
        }
    }
    if (relabelled)
        if (auto r = m_engine->update(std::move(labelled), RequestContext::kubelet(name)); r)
            node = *r;
    const Json& n = *node;
    // The kubelet registers its node: capacity it measured, conditions, addresses.
    Json next = n;
    Json& status = next["status"];
    if (!status.contains("capacity"))
        status["capacity"] = Json{{"cpu", "4"}, {"ephemeral-storage", "100Gi"}, {"memory", "8Gi"}, {"pods", "110"}};
    if (!status.contains("allocatable"))
        status["allocatable"] = status["capacity"];
    std::string now = m_engine->timestampNow();
    Json conditions = Json::array();
    conditions.push_back(condition("MemoryPressure", "False", now, "KubeletHasSufficientMemory",
                                   "kubelet has sufficient memory available"));
    conditions.push_back(condition("DiskPressure", "False", now, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"));
    conditions.push_back(condition("PIDPressure", "False", now, "KubeletHasSufficientPID", "kubelet has sufficient PID available"));
    conditions.push_back(condition("Ready", "True", now, "KubeletReady", "kubelet is posting ready status"));
    for (Json& c : conditions) {
        c.erase("lastProbeTime");
        c["lastHeartbeatTime"] = now;
    }
    status["conditions"] = conditions;
    std::size_t index = 0;
    for (const ObjectPtr& other : m_engine->list("Node"))
        if (stringAt(*other, Json::json_pointer("/metadata/creationTimestamp")) <
                stringAt(n, Json::json_pointer("/metadata/creationTimestamp")) ||
            (stringAt(*other, Json::json_pointer("/metadata/creationTimestamp")) ==
                 stringAt(n, Json::json_pointer("/metadata/creationTimestamp")) &&
             nameOf(*other) < name))
            ++index;
    status["addresses"] = Json::array({Json{{"type", "InternalIP"}, {"address", "172.18.0." + std::to_string(index + 2)}},
                                       Json{{"type", "Hostname"}, {"address", name}}});
    status["daemonEndpoints"] = Json{{"kubeletEndpoint", {{"Port", 10250}}}};
    status["nodeInfo"] = Json{{"architecture", "amd64"},
                              {"bootID", m_engine->random().uuid()},
                              {"containerRuntimeVersion", "containerd://1.7.18"},
                              {"kernelVersion", "6.1.0-kubelab"},
                              {"kubeProxyVersion", m_engine->settings().kubernetesVersion},
                              {"kubeletVersion", m_engine->settings().kubernetesVersion},
                              {"machineID", m_engine->random().uuid()},
                              {"operatingSystem", "linux"},
                              {"osImage", "KubeLab simulated node (Debian GNU/Linux 12)"},
                              {"systemUUID", m_engine->random().uuid()}};
    auto r = m_engine->updateStatus(next, RequestContext::kubelet(name));
    if (r && !m_engine->get(ObjectKey{"Lease", "kube-node-lease", name})) {
        // The node's heartbeat lease (renewals are not stored as revisions: see the class comment).
        Json lease = Json{{"apiVersion", "coordination.k8s.io/v1"},
                          {"kind", "Lease"},
                          {"metadata", {{"name", name}, {"namespace", "kube-node-lease"},
                                        {"ownerReferences", Json::array({Json{{"apiVersion", "v1"}, {"kind", "Node"},
                                                                              {"name", name}, {"uid", uidOf(**r)}}})}}},
                          {"spec", {{"holderIdentity", name}, {"leaseDurationSeconds", 40},
                                    {"renewTime", m_engine->timestampNow() }}}};
        (void)m_engine->create(std::move(lease), RequestContext::kubelet(name));
    }
    if (r) {
        // What `kubectl describe node` shows of a kubelet's start: each condition it sets
        // (recordNodeStatusEvent), the container manager's allocatable, then Ready.
        m_engine->recordEvent(**r, "Normal", "Starting", "Starting kubelet.", "kubelet", name);
        for (const char* reason : {"NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"})
            m_engine->recordEvent(**r, "Normal", reason, "Node " + name + " status is now: " + reason, "kubelet", name);
        m_engine->recordEvent(**r, "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods",
                              "kubelet", name);
        m_engine->recordEvent(**r, "Normal", "NodeReady", "Node " + name + " status is now: NodeReady", "kubelet", name);
        m_engine->story(component(name), ObjectKey{"Node", "", name}, "NodeRegistered", "kubelet.nodeRegistered",
                        Json{{"node", name}});
    }
}

std::string Kubelet::allocatePodIp(const Json& node)
{
    std::string cidr = stringAt(node, Json::json_pointer("/spec/podCIDR"));
    auto parsed = parseCidr(cidr);
    if (!parsed)
        return {};
    auto& used = m_usedIps[nameOf(node)];
    std::uint32_t size = parsed->second >= 32 ? 1 : (std::uint32_t(1) << (32 - parsed->second));
    // .1 is the node's bridge; pods take the lowest free address from .2 up.
    for (std::uint32_t off = 2; off + 1 < size; ++off) {
        std::string ip = formatIpv4(parsed->first + off);
        if (!used.contains(ip)) {
            used.insert(ip);
            return ip;
        }
    }
    return {};
}

void Kubelet::syncPod(const ObjectKey& key)
{
    ObjectPtr pod = m_engine->get(key);
    if (!pod)
        return;
    const Json& p = *pod;
    std::string nodeName = stringAt(p, kNodeName);
    if (nodeName.empty())
        return;
    ObjectPtr node = m_engine->get(ObjectKey{"Node", "", nodeName});
    if (!node || !nodeReady(*node) || !nodePoweredOn(*m_engine, nodeName))
        return; // no kubelet is running there
    std::string phase = stringAt(p, kPhase);
    if (isBeingDeleted(p)) {
        if (phase == "Succeeded" || phase == "Failed" || stringAt(p, kStartTime).empty()) {
            finishTermination(key);
            return;
        }
        // Graceful termination: SIGTERM; the simulated containers exit within a second, but a
        // shell or `sleep` as PID 1 ignores SIGTERM and is killed when the grace period ends.
        std::int64_t grace = p["metadata"].value("deletionGracePeriodSeconds", 30);
        bool waitsForKill = false;
        for (const Json& c : containersOf(p, "containers"))
            if (programOf(c).ignoresSigterm && p.contains("status") && p["status"].contains("containerStatuses"))
                for (const Json& cs : p["status"]["containerStatuses"])
                    if (cs.value("name", "") == c.value("name", "") && cs.contains("state") && cs["state"].contains("running"))
                        waitsForKill = true;
        Duration wait = waitsForKill ? grace * kSecond : std::min<Duration>(grace * kSecond, kSecond);
        for (const Json& c : containersOf(p, "containers"))
            m_engine->recordEvent(p, "Normal", "Killing", "Stopping container " + c.value("name", ""), "kubelet", nodeName);
        m_engine->schedule(m_engine->now() + wait, [this, key] { finishTermination(key); });
        return;
    }
    if (phase == "Succeeded" || phase == "Failed")
        return;
    if (stringAt(p, kStartTime).empty()) {
        admitPod(p);
        return;
    }
    runPod(key);
}

void Kubelet::wakeAt(const ObjectKey& key, VirtualTime at, Wake wake)
{
    if (!m_wakes[key].insert(at).second)
        return;
    m_engine->schedule(at, [this, key, at] {
        m_wakes[key].erase(at);
        syncPod(key);
    }, wake);
}

void Kubelet::runPod(const ObjectKey& key)
{
    ObjectPtr pod = m_engine->get(key);
    if (!pod)
        return;
    const Json& p = *pod;
    const VirtualTime now = m_engine->now();
    const std::string nodeName = stringAt(p, kNodeName);
    const ImageCatalog catalog(*m_engine);
    auto admittedWith = m_imagesAtAdmission.find(key);
    if (admittedWith == m_imagesAtAdmission.end()) {
        // Admitted by the kubelet of an earlier session: the node's images now stand for those
        // it held then.
        ObjectPtr node = m_engine->get(ObjectKey{"Node", "", nodeName});
        admittedWith =
            m_imagesAtAdmission.emplace(key, node ? podImagesOn(p, *node, catalog) : std::set<std::string>{}).first;
    }
    const std::set<std::string>& nodeImages = admittedWith->second;
    const VirtualTime firstStart = m_engine->virtualTimeOf(stringAt(p, kStartTime)) + pullTime(p, catalog, nodeImages);
    auto processed = m_processed.find(key);
    const VirtualTime from = processed == m_processed.end() ? now - 1 : processed->second;
    Json next = p;
    ContainerRuntime runtime(*m_engine, catalog, nodeImages);
    std::optional<VirtualTime> wake = runtime.step(next, firstStart, from);
    m_processed[key] = now;
    if (next["status"] != p["status"]) {
        std::string before = stringAt(p, kPhase);
        auto r = m_engine->updateStatus(next, RequestContext::kubelet(nodeName));
        if (r && before == "Pending")
            recordPulledImages(*m_engine, catalog, next, nodeName);
        std::string after = stringAt(next, kPhase);
        if (r && before != after) {
            if (after == "Running" && before == "Pending")
                m_engine->story(component(nodeName), key, "Started", "kubelet.started", Json{{"node", nodeName}});
            else
                m_engine->story(component(nodeName), key, after, "kubelet.phase", Json{{"node", nodeName}, {"phase", after}});
        }
    }
    if (stringAt(next, kPhase) == "Running")
        finishFileSystemResize(*m_engine, next, nodeName);
    // Pulling and the first start are part of what `apply` waits for; what the containers
    // do later (exits, restarts, probes) happens as the learner advances the clock.
    if (wake)
        wakeAt(key, *wake, *wake <= firstStart ? Wake::Foreground : Wake::Background);
}

void Kubelet::admitPod(const Json& p)
{
    std::string nodeName = stringAt(p, kNodeName);
    ObjectPtr node = m_engine->get(ObjectKey{"Node", "", nodeName});
    std::string now = m_engine->timestampNow();
    RequestContext ctx = RequestContext::kubelet(nodeName);
    Json next = p;
    Json& status = next["status"];

    // Kubelet admission: the pod must fit in what is left of allocatable (pods that skip
    // the scheduler with spec.nodeName meet this check only).
    auto nodeTyped = Node::fromJson(*node);
    auto podTyped = Pod::fromJson(p);
    if (nodeTyped && podTyped) {
        ResourceAmounts used;
        std::int64_t count = 0;
        const ObjectKey self = keyOf(p);
        for (const auto& [otherKey, requests] : m_podsByNode[nodeName]) {
            // Read in place: this visits every pod of the node for each pod admitted.
            ObjectPtr other = otherKey == self || !requests ? nullptr : m_engine->get(otherKey);
            if (!other || stringIn(*other, "spec", "nodeName") != nodeName)
                continue;
            if (stringIn(*other, "status", "startTime").empty())
                continue; // not admitted yet
            const std::string_view phase = stringIn(*other, "status", "phase");
            if (phase == "Succeeded" || phase == "Failed")
                continue;
            used.add(*requests);
            ++count;
        }
        const ResourceAmounts& alloc = nodeTyped->allocatable;
        const ResourceAmounts& req = podTyped->requests;
        std::string reason, resource;
        std::int64_t requested = 0, usedAmount = 0, capacity = 0;
        if (alloc.pods > 0 && count + 1 > alloc.pods) {
            reason = "OutOfpods";
            resource = "pods";
            requested = 1;
            usedAmount = count;
            capacity = alloc.pods;
        } else if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu) {
            reason = "OutOfcpu";
            resource = "cpu";
            requested = req.milliCpu;
            usedAmount = used.milliCpu;
            capacity = alloc.milliCpu;
        } else if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
            reason = "OutOfmemory";
            resource = "memory";
            requested = req.memory;
            usedAmount = used.memory;
            capacity = alloc.memory;
        }
        if (!reason.empty()) {
            std::string message = "Node didn't have enough resource: " + resource + ", requested: " +
                                   std::to_string(requested) + ", used: " + std::to_string(usedAmount) +
                                   ", capacity: " + std::to_string(capacity);
            status["phase"] = "Failed";
            status["reason"] = reason;
            status["message"] = "Pod was rejected: " + message;
            status["startTime"] = now;
            auto r = m_engine->updateStatus(next, ctx);
            if (r) {
                m_engine->recordEvent(**r, "Warning", reason, message, "kubelet", nodeName);
                m_engine->story(component(nodeName), keyOf(p), "Rejected", "kubelet.rejected",
                                Json{{"reason", reason}, {"resource", resource}, {"requested", requested},
                                     {"used", usedAmount}, {"capacity", capacity}, {"message", message}});
            }
            return;
        }
    }

    // The volume manager mounts the pod's volumes before the sandbox and containers start.
    if (std::vector<std::string> errors = mountErrors(*m_engine, p); !errors.empty()) {
        waitForVolumes(p, errors);
        return;
    }
    m_waitingForVolumes.erase(keyOf(p));

    std::string hostIp;
    for (const Json& a : member(member(*node, "status"), "addresses"))
        if (a.value("type", "") == "InternalIP")
            hostIp = a.value("address", "");
    std::string podIp = p["spec"].value("hostNetwork", false) ? hostIp : allocatePodIp(*node);
    status["phase"] = "Pending";
    status["conditions"] = Json::array({condition("PodReadyToStartContainers", "True", now),
                                        condition("Initialized", "True", now),
                                        condition("Ready", "False", now),
                                        condition("ContainersReady", "False", now),
                                        condition("PodScheduled", "True", stringAt(p, Json::json_pointer("/metadata/creationTimestamp")))});
    status["hostIP"] = hostIp;
    status["hostIPs"] = Json::array({Json{{"ip", hostIp}}});
    if (!podIp.empty()) {
        status["podIP"] = podIp;
        status["podIPs"] = Json::array({Json{{"ip", podIp}}});
    }
    status["startTime"] = now;
    const bool hasInit = !containersOf(p, "initContainers").empty();
    setWaitingContainerStatuses(next, hasInit);
    updatePodConditions(next, now);
    auto r = m_engine->updateStatus(next, ctx);
    if (!r)
        return;
    m_engine->story(component(nodeName), keyOf(p), "PodAdmitted", "kubelet.admitted",
                    Json{{"podIP", podIp.empty() ? std::string("<none>") : podIp}, {"node", nodeName}});
    const ImageCatalog catalog(*m_engine);
    const std::set<std::string>& nodeImages = m_imagesAtAdmission[keyOf(p)] = podImagesOn(p, *node, catalog);
    for (const char* field : {"initContainers", "containers"})
        for (const Json& c : containersOf(p, field)) {
            std::string image = c.value("image", "");
            if (auto img = catalog.lookup(image); img && pulls(c, *img, nodeImages))
                m_engine->recordEvent(**r, "Normal", "Pulling", "Pulling image \"" + image + "\"", "kubelet", nodeName);
        }
    m_processed[keyOf(p)] = m_engine->now();
    wakeAt(keyOf(p), m_engine->now() + pullTime(p, catalog, nodeImages), Wake::Foreground);
}

void Kubelet::waitForVolumes(const Json& p, const std::vector<std::string>& errors)
{
    const std::string nodeName = stringAt(p, kNodeName);
    const std::string now = m_engine->timestampNow();
    // Pending, containers ContainerCreating (PodInitializing behind init containers), no
    // sandbox yet: PodReadyToStartContainers is False.
    Json next = p;
    Json& status = next["status"];
    status["phase"] = "Pending";
    const bool hasInit = !containersOf(p, "initContainers").empty();
    setWaitingContainerStatuses(next, hasInit);
    if (!status.contains("conditions"))
        status["conditions"] = Json::array({condition("PodScheduled", "True",
                                                      stringAt(p, Json::json_pointer("/metadata/creationTimestamp")))});
    updatePodConditions(next, now);
    updatePodCondition(next, "PodReadyToStartContainers", "False", {}, {}, now);
    if (next != p)
        (void)m_engine->updateStatus(next, RequestContext::kubelet(nodeName));
    // The volume manager retries with a back-off of up to about two minutes (the lab: every
    // two minutes); a ConfigMap or Secret created meanwhile is picked up at once (onEvent).
    const ObjectKey key = keyOf(p);
    auto retry = m_waitingForVolumes.try_emplace(key, m_engine->now()).first;
    if (m_engine->now() < retry->second)
        return;
    retry->second = m_engine->now() + 2 * kMinute;
    for (const std::string& e : errors)
        m_engine->recordEvent(p, "Warning", "FailedMount", e, "kubelet", nodeName);
    wakeAt(key, retry->second, Wake::Background);
}

void Kubelet::finishTermination(const ObjectKey& key)
{
    ObjectPtr pod = m_engine->get(key);
    if (!pod || !isBeingDeleted(*pod))
        return;
    std::string nodeName = stringAt(*pod, kNodeName);
    if (!nodePoweredOn(*m_engine, nodeName))
        return;
    m_engine->story(component(nodeName), key, "PodTerminated", "kubelet.terminated", Json{{"node", nodeName}});
    (void)m_engine->remove(key, DeleteOptions{Propagation::Background, 0}, RequestContext::kubelet(nodeName));
}

void NodeIpamController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& n : engine.list("Node"))
        if (stringAt(*n, Json::json_pointer("/spec/podCIDR")).empty())
            m_queue.add(nameOf(*n));
}

void NodeIpamController::onEvent(const WatchEvent& event)
{
    if (event.key.kind != "Node")
        return;
    if (event.type == WatchEventType::Added)
        m_queue.add(event.key.name);
    // A deleted node frees its range for the nodes that found none (ReleaseCIDR).
    if (event.type == WatchEventType::Deleted && !m_starved.empty()) {
        for (const std::string& name : m_starved)
            m_queue.add(name);
        m_starved.clear();
    }
}

void NodeIpamController::work()
{
    auto name = m_queue.pop();
    if (!name)
        return;
    ObjectPtr node = m_engine->get(ObjectKey{"Node", "", *name});
    if (!node || !stringAt(*node, Json::json_pointer("/spec/podCIDR")).empty())
        return;
    auto cluster = parseCidr(m_engine->settings().podCidr);
    if (!cluster)
        return;
    std::set<std::uint32_t> taken;
    for (const ObjectPtr& n : m_engine->list("Node"))
        if (auto c = parseCidr(stringAt(*n, Json::json_pointer("/spec/podCIDR"))))
            taken.insert(c->first);
    std::uint32_t count = cluster->second >= 24 ? 1 : (std::uint32_t(1) << (24 - cluster->second));
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t base = cluster->first + (i << 8);
        if (taken.contains(base))
            continue;
        Json next = *node;
        std::string cidr = formatIpv4(base) + "/24";
        next["spec"]["podCIDR"] = cidr;
        next["spec"]["podCIDRs"] = Json::array({cidr});
        RequestContext ctx = RequestContext::controller("node-ipam-controller", "node-controller");
        // A success records no Event upstream (only CIDRNotAvailable and CIDRAssignmentFailed
        // do); the story tells it.
        if (auto r = m_engine->update(next, ctx); r) {
            m_engine->story("controller-manager", ObjectKey{"Node", "", *name}, "PodCIDRAssigned", "nodeipam.cidrAssigned",
                            Json{{"node", *name}, {"podCIDR", cidr}});
        }
        return;
    }
    // The cluster CIDR is used up (range_allocator's AllocateOrOccupyCIDR): the node keeps no
    // podCIDR, and the controller tries again when a node is deleted.
    m_starved.insert(*name);
    m_engine->recordEvent(*node, "Normal", "CIDRNotAvailable", "Node " + *name + " status is now: CIDRNotAvailable",
                          "cidrAllocator");
    m_engine->story("controller-manager", ObjectKey{"Node", "", *name}, "CIDRNotAvailable", "nodeipam.cidrNotAvailable",
                    Json{{"node", *name}, {"clusterCIDR", m_engine->settings().podCidr}});
}

} // namespace kubelab::core
