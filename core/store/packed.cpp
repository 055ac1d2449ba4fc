// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/packed.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

namespace kubelab::core {

namespace {

constexpr unsigned char kMarker = 0xC1;

/// Words the encoding writes as their index. APPEND ONLY: stored labs refer to these by
/// position, so an entry may never move, change or go away.
constexpr std::array kWords = {
    // Keys every object has, most frequent first (indices below 128 take one byte).
    "apiVersion", "kind", "metadata", "name", "namespace", "uid", "resourceVersion", "creationTimestamp",
    "labels", "annotations", "spec", "status", "generation", "ownerReferences", "controller",
    "blockOwnerDeletion", "finalizers", "deletionTimestamp", "deletionGracePeriodSeconds", "generateName",
    "kubectl.kubernetes.io/last-applied-configuration", "app", "selector", "matchLabels", "template",
    "replicas", "containers", "image", "imagePullPolicy", "ports", "containerPort", "protocol", "resources",
    "requests", "limits", "cpu", "memory", "terminationMessagePath", "terminationMessagePolicy", "volumeMounts",
    "mountPath", "readOnly", "volumes", "projected", "defaultMode", "sources", "serviceAccountToken",
    "expirationSeconds", "path", "configMap", "items", "key", "downwardAPI", "fieldRef", "fieldPath",
    "dnsPolicy", "restartPolicy", "schedulerName", "securityContext", "serviceAccountName", "serviceAccount",
    "terminationGracePeriodSeconds", "enableServiceLinks", "priority", "preemptionPolicy", "tolerations",
    "effect", "operator", "tolerationSeconds", "nodeName", "phase", "qosClass", "conditions", "type",
    "lastProbeTime", "lastTransitionTime", "reason", "message", "hostIP", "hostIPs", "ip", "podIP", "podIPs",
    "startTime", "containerStatuses", "state", "running", "startedAt", "waiting", "terminated", "lastState",
    "ready", "restartCount", "started", "imageID", "containerID", "exitCode", "finishedAt", "value",
    "pod-template-hash", "deployment.kubernetes.io/revision", "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas", "strategy", "rollingUpdate", "maxSurge", "maxUnavailable",
    "revisionHistoryLimit", "progressDeadlineSeconds", "observedGeneration", "availableReplicas",
    "readyReplicas", "updatedReplicas", "fullyLabeledReplicas", "lastUpdateTime", "env", "args", "command",
    "nodeSelector", "affinity", "priorityClassName", "targetPort", "port", "clusterIP", "clusterIPs",
    "ipFamilies", "ipFamilyPolicy", "sessionAffinity", "internalTrafficPolicy", "loadBalancer", "subsets",
    // Common values.
    "v1", "apps/v1", "Pod", "ReplicaSet", "Deployment", "Service", "Node", "Event", "default", "kube-system",
    "TCP", "UDP", "IfNotPresent", "Always", "Never", "File", "/dev/termination-log", "ClusterFirst",
    "default-scheduler", "PreemptLowerPriority", "NoExecute", "NoSchedule", "Exists", "Equal",
    "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "token", "ca.crt", "kube-root-ca.crt",
    "metadata.namespace", "/var/run/secrets/kubernetes.io/serviceaccount", "Pending", "Running", "Succeeded",
    "Failed", "Unknown", "True", "False", "Burstable", "BestEffort", "Guaranteed", "Ready", "ContainersReady",
    "Initialized", "PodScheduled", "PodReadyToStartContainers", "ClusterIP", "NodePort", "SingleStack",
    "IPv4", "None", "Cluster", "RollingUpdate", "25%",
    // Nodes, events, leases and the other kinds a lab holds.
    "capacity", "allocatable", "pods", "ephemeral-storage", "addresses", "address", "nodeInfo", "daemonEndpoints",
    "kubeletEndpoint", "Port", "images", "names", "sizeBytes", "podCIDR", "podCIDRs", "taints",
    "kubernetes.io/hostname", "kubernetes.io/os", "kubernetes.io/arch", "topology.kubernetes.io/zone",
    "lastHeartbeatTime", "involvedObject", "source", "component", "host", "firstTimestamp", "lastTimestamp",
    "count", "eventTime", "reportingComponent", "reportingInstance", "holderIdentity", "leaseDurationSeconds",
    "renewTime", "acquireTime", "data", "endpoints", "targetRef", "subdomain", "hostname",
    "Normal", "Warning", "InternalIP", "Hostname", "linux", "amd64", "coordination.k8s.io/v1", "Lease",
    "Endpoints", "Namespace", "ConfigMap", "ServiceAccount", "Active", "kubernetes.io/metadata.name",
    "controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "statefulset.kubernetes.io/pod-name",
    "controller-revision-hash", "k8s-app",
};

static_assert(kWords.size() < 512, "word indices are written as varints; keep them short");
static_assert(std::ranges::all_of(kWords, [](std::string_view w) { return w.size() < 64; }),
              "WordIndex keeps the words' lengths in one 64-bit mask");

/// The index of a word of kWords: an open-addressing table (FNV-1a, linear probing) built
/// once; every key and most values of every written object are looked up in it.
class WordIndex final {
public:
    static constexpr std::uint32_t kNone = ~std::uint32_t(0);

    WordIndex()
    {
        m_slots.fill(kNone);
        for (std::uint32_t i = 0; i < kWords.size(); ++i)
            m_words[i] = kWords[i];
        for (std::uint32_t i = 0; i < kWords.size(); ++i) {
            m_lengths |= std::uint64_t(1) << m_words[i].size();
            std::size_t slot = hash(m_words[i]) & kMask;
            bool listed = false; // a word listed twice keeps its first index
            while (m_slots[slot] != kNone) {
                listed = listed || m_words[m_slots[slot]] == m_words[i];
                slot = (slot + 1) & kMask;
            }
            if (!listed)
                m_slots[slot] = i;
        }
    }

    [[nodiscard]] std::uint32_t find(std::string_view word) const
    {
        // Most strings of an object are no word's length (uids, timestamps, the last-applied
        // configuration): refused before they are hashed.
        if (word.size() >= 64 || ((m_lengths >> word.size()) & 1) == 0)
            return kNone;
        for (std::size_t slot = hash(word) & kMask;; slot = (slot + 1) & kMask) {
            const std::uint32_t i = m_slots[slot];
            if (i == kNone || m_words[i] == word)
                return i;
        }
    }

private:
    static constexpr std::size_t kSize = 2048; // a power of two, well above kWords.size()
    static constexpr std::size_t kMask = kSize - 1;

    /// The length and the first and last eight bytes, mixed: hashing every byte of every
    /// string cost more than the rest of the encoding, and the words differ there.
    static std::uint32_t hash(std::string_view s)
    {
        std::uint64_t head = 0;
        std::uint64_t tail = 0;
        if (s.size() >= 8) {
            std::memcpy(&head, s.data(), 8);
            std::memcpy(&tail, s.data() + s.size() - 8, 8);
        } else {
            for (unsigned char c : s)
                head = (head << 8) | c;
        }
        const std::uint64_t h = (head ^ std::rotl(tail, 29) ^ s.size()) * 0x9E3779B97F4A7C15ull;
        return static_cast<std::uint32_t>(h >> 32);
    }

    std::array<std::string_view, kWords.size()> m_words{};
    std::array<std::uint32_t, kSize> m_slots{};
    std::uint64_t m_lengths = 0; ///< bit n: some word is n characters long
};

const WordIndex& wordIndex()
{
    static const WordIndex index;
    return index;
}

// Value tags.
enum Tag : unsigned char {
    Null = 0, False = 1, True = 2,
    Signed = 3,   ///< zigzag varint
    Unsigned = 4, ///< varint
    Double = 5,   ///< 8 bytes, little endian
    String = 6,   ///< varint length, bytes
    Word = 7,     ///< varint index into kWords
    Array = 8,    ///< varint count, values
    Object = 9,   ///< varint count, (key, value) pairs; a key is a varint: below kWords.size()
                  ///< an index, otherwise kWords.size() + length followed by the bytes
    Binary = 10,  ///< varint length, bytes
};

void putVarint(std::string& out, std::uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void putString(std::string& out, std::string_view s)
{
    if (const std::uint32_t i = wordIndex().find(s); i != WordIndex::kNone) {
        out.push_back(static_cast<char>(Word));
        putVarint(out, i);
        return;
    }
    out.push_back(static_cast<char>(String));
    putVarint(out, s.size());
    out.append(s);
}

void putKey(std::string& out, std::string_view key)
{
    if (const std::uint32_t i = wordIndex().find(key); i != WordIndex::kNone) {
        putVarint(out, i);
        return;
    }
    putVarint(out, kWords.size() + key.size());
    out.append(key);
}

void encode(std::string& out, const Json& j)
{
    switch (j.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
        out.push_back(static_cast<char>(Null));
        break;
    case Json::value_t::boolean:
        out.push_back(static_cast<char>(j.get<bool>() ? True : False));
        break;
    case Json::value_t::number_integer: {
        auto v = j.get<std::int64_t>();
        out.push_back(static_cast<char>(Signed));
        putVarint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
        break;
    }
    case Json::value_t::number_unsigned:
        out.push_back(static_cast<char>(Unsigned));
        putVarint(out, j.get<std::uint64_t>());
        break;
    case Json::value_t::number_float: {
        out.push_back(static_cast<char>(Double));
        auto bits = std::bit_cast<std::uint64_t>(j.get<double>());
        for (int i = 0; i < 8; ++i)
            out.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
        break;
    }
    case Json::value_t::string:
        putString(out, j.get_ref<const std::string&>());
        break;
    // Containers through their own vectors: Json's iterators cost more than the encoding.
    case Json::value_t::array: {
        const auto& elements = j.get_ref<const Json::array_t&>();
        out.push_back(static_cast<char>(Array));
        putVarint(out, elements.size());
        for (const Json& v : elements)
            encode(out, v);
        break;
    }
    case Json::value_t::object: {
        const auto& members = j.get_ref<const Json::object_t&>();
        out.push_back(static_cast<char>(Object));
        putVarint(out, members.size());
        for (const auto& [key, value] : members) {
            putKey(out, key);
            encode(out, value);
        }
        break;
    }
    case Json::value_t::binary: {
        const auto& b = j.get_binary();
        out.push_back(static_cast<char>(Binary));
        putVarint(out, b.size());
        out.append(reinterpret_cast<const char*>(b.data()), b.size());
        break;
    }
    }
}

class Reader {
public:
    explicit Reader(std::string_view in) : m_in(in) {}

    [[noreturn]] void damaged(const char* what) const
    {
        throw std::runtime_error(std::string("stored object: ") + what + " at byte " + std::to_string(m_pos));
    }

    unsigned char byte()
    {
        if (m_pos >= m_in.size())
            damaged("unexpected end");
        return static_cast<unsigned char>(m_in[m_pos++]);
    }

    std::uint64_t varint()
    {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            unsigned char b = byte();
            v |= std::uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80))
                return v;
        }
        damaged("varint too long");
    }

    std::string_view bytes(std::uint64_t n)
    {
        if (n > m_in.size() - m_pos)
            damaged("length past the end");
        std::string_view s = m_in.substr(m_pos, n);
        m_pos += n;
        return s;
    }

    std::string_view word(std::uint64_t i)
    {
        if (i >= kWords.size())
            damaged("unknown word");
        return kWords[i];
    }

    std::string key()
    {
        std::uint64_t k = varint();
        if (k < kWords.size())
            return std::string(kWords[k]);
        return std::string(bytes(k - kWords.size()));
    }

    Json value(int depth)
    {
        if (depth > 512)
            damaged("nesting too deep");
        switch (byte()) {
        case Null: return Json();
        case False: return Json(false);
        case True: return Json(true);
        case Signed: {
            std::uint64_t z = varint();
            return Json(static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1)));
        }
        case Unsigned: return Json(varint());
        case Double: {
            std::uint64_t bits = 0;
            for (int i = 0; i < 8; ++i)
                bits |= std::uint64_t(byte()) << (8 * i);
            return Json(std::bit_cast<double>(bits));
        }
        case String: return Json(std::string(bytes(varint())));
        case Word: return Json(std::string(word(varint())));
        case Array: {
            std::uint64_t n = varint();
            if (n > m_in.size() - m_pos)
                damaged("array longer than the data");
            Json a = Json::array();
            a.get_ref<Json::array_t&>().reserve(n);
            for (std::uint64_t i = 0; i < n; ++i)
                a.push_back(value(depth + 1));
            return a;
        }
        case Object: {
            std::uint64_t n = varint();
            if (n > m_in.size() - m_pos)
                damaged("object longer than the data");
            Json o = Json::object();
            auto& members = o.get_ref<Json::object_t&>();
            members.reserve(n);
            for (std::uint64_t i = 0; i < n; ++i) {
                std::string k = key();
                members.emplace_back(std::move(k), value(depth + 1));
            }
            return o;
        }
        case Binary: {
            std::string_view b = bytes(varint());
            return Json::binary(std::vector<std::uint8_t>(b.begin(), b.end()));
        }
        default:
            damaged("unknown tag");
        }
    }

    bool atEnd() const { return m_pos == m_in.size(); }

private:
    std::string_view m_in;
    std::size_t m_pos = 0;
};

} // namespace

std::string packObject(const Json& object)
{
    std::string out;
    if (object.is_null())
        return out;
    out.reserve(1024);
    out.push_back(static_cast<char>(kMarker));
    encode(out, object);
    // Pending revisions hold these bytes until the commit: without the slack of the reserve
    // (a 500-node lab's engine peaks 30 MB lower).
    out.shrink_to_fit();
    return out;
}

Json unpackObject(std::string_view packed)
{
    if (packed.empty())
        return Json();
    if (static_cast<unsigned char>(packed.front()) != kMarker) { // written as MessagePack
        try {
            return Json::from_msgpack(packed.begin(), packed.end(), true, true);
        } catch (const Json::exception& e) {
            throw std::runtime_error(std::string("damaged object: ") + e.what());
        }
    }
    Reader reader(packed.substr(1));
    Json j = reader.value(0);
    if (!reader.atEnd())
        reader.damaged("trailing bytes");
    return j;
}

} // namespace kubelab::core
