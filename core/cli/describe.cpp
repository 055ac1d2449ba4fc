// SPDX-License-Identifier: GPL-3.0-or-later
// `kubectl describe`: the dispatch by kind, the prefix writer, the blocks every
// describer shares, the Events section and the generic describer
// (k8s.io/kubectl/pkg/describe/describe.go, v1.31).

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <map>
#include <set>

#include "core/cli/describe_support.h"
#include "core/cli/printers.h"
#include "core/sim/engine.h"

namespace kubelab::cli {

namespace detail {

namespace {

// The one place that maps a kind to its describer (kubectl's describerMap). Kinds not
// listed get the generic describer, as in kubectl.
const KindDescriber kDescribers[] = {
    {"Pod", describePod},
    {"Secret", describeSecret},
    {"Service", describeService},
    {"ServiceAccount", describeServiceAccount},
    {"Node", describeNode},
    {"LimitRange", describeLimitRange},
    {"ResourceQuota", describeResourceQuota},
    {"PersistentVolume", describePersistentVolume},
    {"PersistentVolumeClaim", describePersistentVolumeClaim},
    {"Namespace", describeNamespace},
    {"Endpoints", describeEndpoints},
    {"ConfigMap", describeConfigMap},
    {"PriorityClass", describePriorityClass},
    {"HorizontalPodAutoscaler", describeHorizontalPodAutoscaler},
    {"Job", describeJob},
    {"CronJob", describeCronJob},
    {"StatefulSet", describeStatefulSet},
    {"Deployment", describeDeployment},
    {"DaemonSet", describeDaemonSet},
    {"ReplicaSet", describeReplicaSet},
    {"StorageClass", describeStorageClass},
    {"PodDisruptionBudget", describePodDisruptionBudget},
    {"RoleBinding", describeRoleBinding},
    {"ClusterRoleBinding", describeRoleBinding},
};

constexpr std::size_t kMaxAnnotationLength = 140;

} // namespace

const KindDescriber* describerFor(std::string_view kind)
{
    for (const KindDescriber& d : kDescribers)
        if (d.kind == kind)
            return &d;
    return nullptr;
}

// --- DescribeWriter ---------------------------------------------------------------------------

void DescribeWriter::write(int level, std::string_view text)
{
    m_pending.append(static_cast<std::size_t>(2 * level), ' ');
    m_pending += text;
}

void DescribeWriter::line(std::string_view text)
{
    m_pending += text;
    m_pending += '\n';
}

void DescribeWriter::flush()
{
    if (m_pending.empty())
        return;
    // describe's tabwriter: minimum width 0, tab width 8, padding 2, pad character ' '.
    m_out += tabwrite(m_pending, 0, 2);
    m_pending.clear();
}

std::string DescribeWriter::finish()
{
    flush();
    return std::move(m_out);
}

// --- Shared blocks ----------------------------------------------------------------------------

namespace {

std::vector<std::pair<std::string, std::string>> sortedEntries(const Json& map)
{
    std::vector<std::pair<std::string, std::string>> out;
    if (!map.is_object())
        return out;
    for (auto it = map.begin(); it != map.end(); ++it)
        out.emplace_back(it.key(), scalarText(it.value()));
    std::ranges::sort(out);
    return out;
}

} // namespace

void printLabelsMultiline(DescribeWriter& w, std::string_view title, const Json& labels,
                          std::string_view initialIndent)
{
    w.write(0, std::string(initialIndent) + std::string(title) + ":\t");
    const auto entries = sortedEntries(labels);
    if (entries.empty()) {
        w.line("<none>");
        return;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i != 0)
            w.write(0, std::string(initialIndent) + "\t");
        w.write(0, entries[i].first + "=" + entries[i].second + "\n");
    }
}

void printAnnotationsMultiline(DescribeWriter& w, std::string_view title, const Json& annotations)
{
    w.write(0, std::string(title) + ":\t");
    std::vector<std::pair<std::string, std::string>> entries;
    for (auto& entry : sortedEntries(annotations))
        if (entry.first != "kubectl.kubernetes.io/last-applied-configuration")
            entries.push_back(std::move(entry));
    if (entries.empty()) {
        w.line("<none>");
        return;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i != 0)
            w.write(0, "\t");
        const std::string& key = entries[i].first;
        std::string value = entries[i].second;
        if (value.ends_with('\n'))
            value.pop_back();
        if (value.size() + key.size() + 2 > kMaxAnnotationLength || value.find('\n') != std::string::npos) {
            w.write(0, key + ":\n");
            std::size_t start = 0;
            while (true) {
                std::size_t end = value.find('\n', start);
                std::string piece = value.substr(start, end == std::string::npos ? std::string::npos : end - start);
                if (piece.size() > kMaxAnnotationLength - 2) {
                    // Not substr() + "...": GCC 12 warns on it (a false -Warray-bounds).
                    piece.resize(kMaxAnnotationLength - 2);
                    piece += "...";
                }
                w.write(0, "\t  " + piece + "\n");
                if (end == std::string::npos)
                    break;
                start = end + 1;
            }
        } else {
            w.write(0, key + ": " + value + "\n");
        }
    }
}

void printTaintsMultiline(DescribeWriter& w, std::string_view title, const Json& taints)
{
    w.write(0, std::string(title) + ":\t");
    if (!taints.is_array() || taints.empty()) {
        w.line("<none>");
        return;
    }
    // Sorted by effect, then key.
    std::vector<std::pair<std::string, std::string>> sorted;
    for (const Json& t : taints) {
        std::string text = str(t, "/key");
        if (std::string value = str(t, "/value"); !value.empty())
            text += "=" + value;
        text += ":" + str(t, "/effect");
        sorted.emplace_back(str(t, "/effect") + "," + str(t, "/key"), text);
    }
    std::ranges::stable_sort(sorted, [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i != 0)
            w.write(0, "\t");
        w.write(0, sorted[i].second + "\n");
    }
}

void printTolerationsMultiline(DescribeWriter& w, std::string_view title, const Json& tolerations)
{
    w.write(0, std::string(title) + ":\t");
    if (!tolerations.is_array() || tolerations.empty()) {
        w.line("<none>");
        return;
    }
    std::vector<const Json*> sorted;
    for (const Json& t : tolerations)
        sorted.push_back(&t);
    std::ranges::stable_sort(sorted, [](const Json* a, const Json* b) { return str(*a, "/key") < str(*b, "/key"); });
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const Json& t = *sorted[i];
        if (i != 0)
            w.write(0, "\t");
        const std::string key = str(t, "/key");
        const std::string value = str(t, "/value");
        const std::string effect = str(t, "/effect");
        std::string text = key;
        if (!value.empty())
            text += "=" + value;
        if (!effect.empty())
            text += ":" + effect;
        if (str(t, "/operator") == "Exists" && value.empty())
            text += (!key.empty() || !effect.empty()) ? " op=Exists" : "op=Exists";
        if (has(t, "/tolerationSeconds"))
            text += " for " + std::to_string(integer(t, "/tolerationSeconds")) + "s";
        w.write(0, text + "\n");
    }
}

std::string controllerOf(const Json& object)
{
    if (auto ref = core::controllerRefOf(object))
        return str(*ref, "/kind") + "/" + str(*ref, "/name");
    return {};
}

void printResourceList(DescribeWriter& w, int level, const Json& list)
{
    if (!list.is_object())
        return;
    std::vector<std::string> names;
    for (auto it = list.begin(); it != list.end(); ++it)
        names.push_back(it.key());
    std::ranges::sort(names);
    for (const std::string& name : names)
        w.write(level, name + ":\t" + quantityText(&list.at(name)) + "\n");
}

std::string printBool(bool value) { return value ? "True" : "False"; }

std::string orNone(std::string value) { return value.empty() ? std::string("<none>") : value; }

// --- Events -------------------------------------------------------------------------------------

std::vector<core::ObjectPtr> eventsFor(const core::Engine& engine, const Json& object)
{
    const std::string kind = core::kindOf(object);
    const std::string name = core::nameOf(object);
    const std::string ns = core::namespaceOf(object);
    const std::string uid = core::uidOf(object);
    std::vector<core::ObjectPtr> out;
    for (const core::ObjectPtr& e : engine.list("Event", ns)) {
        const Json& involved = detail::object(*e, "/involvedObject");
        if (str(involved, "/name") != name || str(involved, "/namespace") != ns)
            continue;
        // kubectl drops the kind when it searches a pod's events.
        if (kind != "Pod" && !kind.empty() && str(involved, "/kind") != kind)
            continue;
        const std::string eventUid = str(involved, "/uid");
        if (!uid.empty() && eventUid != uid && !(kind == "Node" && eventUid == name))
            continue;
        out.push_back(e);
    }
    return out;
}

void describeEvents(const core::Engine& engine, std::vector<core::ObjectPtr> events, DescribeWriter& w)
{
    if (events.empty()) {
        w.write(0, "Events:\t<none>\n");
        return;
    }
    w.flush();
    // Sorted by last timestamp; equal ones keep the list order (event names grow with time).
    auto last = [&](const core::ObjectPtr& e) {
        return timeAt(engine, *e, "/lastTimestamp").value_or(std::numeric_limits<core::VirtualTime>::min());
    };
    std::ranges::stable_sort(events, [&](const core::ObjectPtr& a, const core::ObjectPtr& b) { return last(a) < last(b); });
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.write(1, "----\t------\t----\t----\t-------\n");
    for (const core::ObjectPtr& e : events) {
        const Json& event = *e;
        std::string first = has(event, "/eventTime") ? since(engine, event, "/eventTime")
                                                     : since(engine, event, "/firstTimestamp");
        std::string interval;
        if (has(event, "/series"))
            interval = since(engine, event, "/series/lastObservedTime") + " (x" +
                       std::to_string(integer(event, "/series/count")) + " over " + first + ")";
        else if (integer(event, "/count") > 1)
            interval = since(engine, event, "/lastTimestamp") + " (x" + std::to_string(integer(event, "/count")) +
                       " over " + first + ")";
        else
            interval = first;
        std::string source = str(event, "/source/component");
        if (source.empty())
            source = str(event, "/reportingComponent");
        std::string message = str(event, "/message");
        auto begin = message.find_first_not_of(" \t\n\r\f\v");
        auto end = message.find_last_not_of(" \t\n\r\f\v");
        message = begin == std::string::npos ? std::string() : message.substr(begin, end - begin + 1);
        w.write(1, str(event, "/type") + "\t" + str(event, "/reason") + "\t" + interval + "\t" + source + "\t" +
                       message + "\n");
    }
}

void describeEventsOf(const core::Engine& engine, const Json& object, DescribeWriter& w)
{
    describeEvents(engine, eventsFor(engine, object), w);
}

PodPhaseCounts podPhasesOf(const core::Engine& engine, const Json& controller)
{
    PodPhaseCounts counts;
    const std::string uid = core::uidOf(controller);
    for (const core::ObjectPtr& pod : engine.list("Pod", core::namespaceOf(controller))) {
        auto ref = core::controllerRefOf(*pod);
        if (!ref || str(*ref, "/uid") != uid)
            continue;
        const std::string phase = str(*pod, "/status/phase");
        if (phase == "Running")
            ++counts.running;
        else if (phase == "Pending")
            ++counts.waiting;
        else if (phase == "Succeeded")
            ++counts.succeeded;
        else if (phase == "Failed")
            ++counts.failed;
    }
    return counts;
}

// --- Generic describer --------------------------------------------------------------------------

namespace {

/// fatih/camelcase.Split: runs of lower case, upper case, digits and other characters,
/// an upper-case run giving its last letter to a following lower-case run.
std::vector<std::string> camelCaseSplit(const std::string& text)
{
    std::vector<std::string> runs;
    int lastClass = 0;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        int cls = std::islower(u) ? 1 : std::isupper(u) ? 2 : std::isdigit(u) ? 3 : 4;
        if (cls == lastClass)
            runs.back() += c;
        else
            runs.emplace_back(1, c);
        lastClass = cls;
    }
    for (std::size_t i = 0; i + 1 < runs.size(); ++i) {
        if (std::isupper(static_cast<unsigned char>(runs[i][0])) &&
            std::islower(static_cast<unsigned char>(runs[i + 1][0]))) {
            runs[i + 1].insert(runs[i + 1].begin(), runs[i].back());
            runs[i].pop_back();
        }
    }
    std::erase_if(runs, [](const std::string& s) { return s.empty(); });
    return runs;
}

/// kubectl's smartLabelFor (v1.31): `apiVersion` -> `API Version`.
std::string smartLabelFor(const std::string& field)
{
    for (char c : field)
        if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-')
            return field;
    static const std::set<std::string> kAcronyms = {"API", "URL", "UID", "OSB", "GUID"};
    std::vector<std::string> result;
    for (std::string part : camelCaseSplit(field)) {
        if (part == "_")
            continue;
        std::string upper = part;
        std::ranges::transform(upper, upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (kAcronyms.contains(upper))
            part = upper;
        else
            part[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
        result.push_back(part);
    }
    return join(result, " ");
}

/// A value as Go's `%v` prints what encoding/json decoded.
std::string goValue(const Json& value)
{
    if (value.is_number_float()) {
        char buf[64];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value.get<double>());
        return ec == std::errc() ? std::string(buf, end) : std::string();
    }
    if (value.is_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (i > 0)
                out += ' ';
            out += goValue(value[i]);
        }
        return out + "]";
    }
    if (value.is_object()) {
        // Go prints a map as map[k:v ...], keys sorted.
        std::string out = "map[";
        bool first = true;
        for (const auto& [k, v] : sortedEntries(value)) {
            if (!first)
                out += ' ';
            first = false;
            out += k + ":" + v;
        }
        return out + "]";
    }
    return scalarText(value);
}

void printUnstructuredContent(DescribeWriter& w, int level, const Json& content, const std::string& skipPrefix,
                              const std::set<std::string>& skip)
{
    std::vector<std::string> fields;
    for (auto it = content.begin(); it != content.end(); ++it)
        fields.push_back(it.key());
    std::ranges::sort(fields);
    for (const std::string& field : fields) {
        const Json& value = content.at(field);
        const std::string skipExpr = skipPrefix + "." + field;
        if (skip.contains(skipExpr))
            continue;
        if (value.is_object()) {
            w.write(level, smartLabelFor(field) + ":\n");
            printUnstructuredContent(w, level + 1, value, skipExpr, skip);
        } else if (value.is_array()) {
            w.write(level, smartLabelFor(field) + ":\n");
            for (const Json& child : value) {
                if (child.is_object())
                    printUnstructuredContent(w, level + 1, child, skipExpr, skip);
                else
                    w.write(level + 1, goValue(child) + "\n");
            }
        } else {
            w.write(level, smartLabelFor(field) + ":\t" + goValue(value) + "\n");
        }
    }
}

} // namespace

void describeGeneric(const core::Engine& engine, const Json& object, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(object) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(object) + "\n");
    printLabelsMultiline(w, "Labels", detail::object(object, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", detail::object(object, "/metadata/annotations"));
    if (object.is_object())
        printUnstructuredContent(w, 0, object, "",
                                 {".metadata.managedFields", ".metadata.name", ".metadata.namespace",
                                  ".metadata.labels", ".metadata.annotations"});
    describeEventsOf(engine, object, w);
}

} // namespace detail

std::string describe(const core::Engine& engine, const core::ResourceInfo& resource, const Json& object)
{
    detail::DescribeWriter w;
    Json typed = object;
    if (typed.is_object() && !typed.contains("kind"))
        typed["kind"] = std::string(resource.kind);
    if (const detail::KindDescriber* d = detail::describerFor(resource.kind))
        d->describe(engine, typed, w);
    else
        detail::describeGeneric(engine, typed, w);
    return w.finish();
}

} // namespace kubelab::cli
