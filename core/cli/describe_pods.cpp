// SPDX-License-Identifier: GPL-3.0-or-later
// `kubectl describe pod` and the pod template block of the controllers: containers,
// their state, resources, probes, environment and mounts, volumes, QoS class.

#include <algorithm>
#include <map>
#include <set>

#include "core/api/names.h"
#include "core/api/quantity.h"
#include "core/cli/describe_support.h"
#include "core/sim/engine.h"

namespace kubelab::cli::detail {

namespace {

/// A `*bool` as Go's `%v` prints a nil one (the value when set).
std::string optionalPointer(const Json& object, std::string_view pointer)
{
    return has(object, pointer) ? boolText(boolean(object, pointer)) : "<nil>";
}

std::string portList(const Json& ports, std::string_view field)
{
    std::vector<std::string> out;
    for (const Json& p : ports) {
        std::string text = std::to_string(integer(p, field)) + "/" + str(p, "/protocol", "TCP");
        if (std::string name = str(p, "/name"); !name.empty())
            text += " (" + name + ")";
        out.push_back(text);
    }
    return join(out, ", ");
}

void describeStatus(std::string_view name, const Json& state, DescribeWriter& w)
{
    const std::string title(name);
    if (has(state, "/running")) {
        w.write(2, title + ":\tRunning\n");
        w.write(3, "Started:\t" + rfc1123z(state, "/running/startedAt") + "\n");
    } else if (has(state, "/waiting")) {
        w.write(2, title + ":\tWaiting\n");
        if (std::string reason = str(state, "/waiting/reason"); !reason.empty())
            w.write(3, "Reason:\t" + reason + "\n");
    } else if (has(state, "/terminated")) {
        w.write(2, title + ":\tTerminated\n");
        if (std::string reason = str(state, "/terminated/reason"); !reason.empty())
            w.write(3, "Reason:\t" + reason + "\n");
        if (std::string message = str(state, "/terminated/message"); !message.empty())
            w.write(3, "Message:\t" + message + "\n");
        w.write(3, "Exit Code:\t" + std::to_string(integer(state, "/terminated/exitCode")) + "\n");
        if (std::int64_t signal = integer(state, "/terminated/signal"); signal > 0)
            w.write(3, "Signal:\t" + std::to_string(signal) + "\n");
        w.write(3, "Started:\t" + rfc1123z(state, "/terminated/startedAt") + "\n");
        w.write(3, "Finished:\t" + rfc1123z(state, "/terminated/finishedAt") + "\n");
    } else {
        w.write(2, title + ":\tWaiting\n");
    }
}

/// kubectl's DescribeProbe, with the API server's probe defaults for missing fields.
std::string describeProbe(const Json& probe)
{
    std::string attrs = "delay=" + std::to_string(integer(probe, "/initialDelaySeconds")) +
                        "s timeout=" + std::to_string(integer(probe, "/timeoutSeconds", 1)) +
                        "s period=" + std::to_string(integer(probe, "/periodSeconds", 10)) +
                        "s #success=" + std::to_string(integer(probe, "/successThreshold", 1)) +
                        " #failure=" + std::to_string(integer(probe, "/failureThreshold", 3));
    if (has(probe, "/exec")) {
        std::vector<std::string> command;
        for (const Json& c : array(probe, "/exec/command"))
            command.push_back(scalarText(c));
        return "exec [" + join(command, " ") + "] " + attrs;
    }
    if (has(probe, "/httpGet")) {
        std::string scheme = core::asciiLower(str(probe, "/httpGet/scheme", "HTTP"));
        const Json* port = find(probe, "/httpGet/port");
        std::string portText = port ? intOrString(*port) : std::string();
        std::string host = str(probe, "/httpGet/host");
        std::string hostPort = portText.empty() ? host
                               : host.find(':') != std::string::npos ? "[" + host + "]:" + portText
                                                                     : host + ":" + portText;
        std::string path = str(probe, "/httpGet/path");
        if (!path.empty() && path[0] != '/' && !hostPort.empty())
            path = "/" + path;
        return "http-get " + scheme + "://" + hostPort + path + " " + attrs;
    }
    if (has(probe, "/tcpSocket")) {
        const Json* port = find(probe, "/tcpSocket/port");
        return "tcp-socket " + str(probe, "/tcpSocket/host") + ":" + (port ? intOrString(*port) : std::string()) +
               " " + attrs;
    }
    if (has(probe, "/grpc"))
        return "grpc <pod>:" + std::to_string(integer(probe, "/grpc/port")) + " " + str(probe, "/grpc/service") +
               " " + attrs;
    return "unknown " + attrs;
}

/// The value of a downward API field of the pod (kubectl's EnvValueRetriever).
std::string fieldValue(const Json& pod, const std::string& path)
{
    auto quoted = [&](std::string_view prefix) -> std::optional<std::string> {
        if (!path.starts_with(prefix) || !path.ends_with("']"))
            return std::nullopt;
        return path.substr(prefix.size(), path.size() - prefix.size() - 2);
    };
    if (auto key = quoted("metadata.labels['"))
        return scalarText(object(pod, "/metadata/labels").value(*key, Json("")));
    if (auto key = quoted("metadata.annotations['"))
        return scalarText(object(pod, "/metadata/annotations").value(*key, Json("")));
    static const std::map<std::string, std::string, std::less<>> kPaths = {
        {"metadata.name", "/metadata/name"},
        {"metadata.namespace", "/metadata/namespace"},
        {"metadata.uid", "/metadata/uid"},
        {"spec.nodeName", "/spec/nodeName"},
        {"spec.serviceAccountName", "/spec/serviceAccountName"},
        {"status.hostIP", "/status/hostIP"},
        {"status.podIP", "/status/podIP"},
    };
    if (auto it = kPaths.find(path); it != kPaths.end())
        return str(pod, it->second);
    if (path == "metadata.labels")
        return formatLabels(object(pod, "/metadata/labels"));
    if (path == "status.podIPs" || path == "status.hostIPs") {
        std::vector<std::string> ips;
        for (const Json& ip : array(pod, path == "status.podIPs" ? "/status/podIPs" : "/status/hostIPs"))
            ips.push_back(str(ip, "/ip"));
        return join(ips, ",");
    }
    return {};
}

/// A container resource for a resourceFieldRef (kubectl's ExtractContainerResourceValue),
/// `0` when the container does not set it.
std::string resourceFieldValue(const Json& field, const Json& container)
{
    const std::string resource = str(field, "/resource");
    auto dot = resource.find('.');
    if (dot == std::string::npos)
        return {};
    const std::string list = resource.substr(0, dot) == "limits" ? "/resources/limits/" : "/resources/requests/";
    const std::string name = resource.substr(dot + 1);
    const Json* value = find(container, list + name);
    auto quantity = core::Quantity::parse(value && value->is_string() ? value->get<std::string>()
                                          : value ? scalarText(*value) : std::string("0"));
    auto divisor = core::Quantity::parse(has(field, "/divisor") ? intOrString(*find(field, "/divisor")) : "1");
    if (!quantity || !divisor)
        return {};
    if (name == "cpu") {
        std::int64_t d = std::max<std::int64_t>(divisor->milliValue(), 1);
        return std::to_string((quantity->milliValue() + d - 1) / d);
    }
    std::int64_t d = std::max<std::int64_t>(divisor->value(), 1);
    return std::to_string((quantity->value() + d - 1) / d);
}

void describeEnv(const Json* pod, const Json& container, DescribeWriter& w)
{
    const Json& envFrom = array(container, "/envFrom");
    if (!envFrom.empty()) {
        w.write(2, "Environment Variables from:\n");
        for (const Json& e : envFrom) {
            std::string from;
            std::string name;
            bool optional = false;
            if (has(e, "/configMapRef")) {
                from = "ConfigMap";
                name = str(e, "/configMapRef/name");
                optional = boolean(e, "/configMapRef/optional");
            } else if (has(e, "/secretRef")) {
                from = "Secret";
                name = str(e, "/secretRef/name");
                optional = boolean(e, "/secretRef/optional");
            }
            std::string prefix = str(e, "/prefix");
            if (prefix.empty())
                w.write(3, name + "\t" + from + "\tOptional: " + boolText(optional) + "\n");
            else
                w.write(3, name + "\t" + from + " with prefix '" + prefix + "'\tOptional: " + boolText(optional) + "\n");
        }
    }
    const Json& env = array(container, "/env");
    w.write(2, std::string("Environment:") + (env.empty() ? "\t<none>" : "") + "\n");
    for (const Json& e : env) {
        const std::string name = str(e, "/name");
        if (!has(e, "/valueFrom")) {
            const std::string value = str(e, "/value");
            std::size_t start = 0;
            bool first = true;
            while (true) {
                std::size_t end = value.find('\n', start);
                std::string piece = value.substr(start, end == std::string::npos ? std::string::npos : end - start);
                w.write(3, (first ? name + ":\t" : std::string("\t")) + piece + "\n");
                first = false;
                if (end == std::string::npos)
                    break;
                start = end + 1;
            }
            continue;
        }
        if (has(e, "/valueFrom/fieldRef")) {
            const std::string path = str(e, "/valueFrom/fieldRef/fieldPath");
            const std::string value = pod ? fieldValue(*pod, path) : std::string();
            w.write(3, name + ":\t" + value + " (" + str(e, "/valueFrom/fieldRef/apiVersion", "v1") + ":" + path + ")\n");
        } else if (has(e, "/valueFrom/resourceFieldRef")) {
            const Json& field = object(e, "/valueFrom/resourceFieldRef");
            std::string value = resourceFieldValue(field, container);
            const std::string resource = str(field, "/resource");
            if (value == "0" && (resource == "limits.cpu" || resource == "limits.memory"))
                value = "node allocatable";
            w.write(3, name + ":\t" + value + " (" + resource + ")\n");
        } else if (has(e, "/valueFrom/secretKeyRef")) {
            w.write(3, name + ":\t<set to the key '" + str(e, "/valueFrom/secretKeyRef/key") + "' in secret '" +
                           str(e, "/valueFrom/secretKeyRef/name") + "'>\tOptional: " +
                           boolText(boolean(e, "/valueFrom/secretKeyRef/optional")) + "\n");
        } else if (has(e, "/valueFrom/configMapKeyRef")) {
            w.write(3, name + ":\t<set to the key '" + str(e, "/valueFrom/configMapKeyRef/key") + "' of config map '" +
                           str(e, "/valueFrom/configMapKeyRef/name") + "'>\tOptional: " +
                           boolText(boolean(e, "/valueFrom/configMapKeyRef/optional")) + "\n");
        }
    }
}

void describeMounts(const Json& container, DescribeWriter& w)
{
    const Json& mounts = array(container, "/volumeMounts");
    w.write(2, std::string("Mounts:") + (mounts.empty() ? "\t<none>" : "") + "\n");
    std::vector<const Json*> sorted;
    for (const Json& m : mounts)
        sorted.push_back(&m);
    std::ranges::stable_sort(sorted, [](const Json* a, const Json* b) {
        return str(*a, "/mountPath") < str(*b, "/mountPath");
    });
    for (const Json* m : sorted) {
        std::string flags = boolean(*m, "/readOnly") ? "ro" : "rw";
        if (std::string sub = str(*m, "/subPath"); !sub.empty())
            flags += ",path=\"" + sub + "\"";
        w.write(3, str(*m, "/mountPath") + " from " + str(*m, "/name") + " (" + flags + ")\n");
    }
    const Json& devices = array(container, "/volumeDevices");
    if (!devices.empty()) {
        w.write(2, std::string("Devices:") + (mounts.empty() ? "\t<none>" : "") + "\n");
        std::vector<const Json*> byPath;
        for (const Json& d : devices)
            byPath.push_back(&d);
        std::ranges::stable_sort(byPath, [](const Json* a, const Json* b) {
            return str(*a, "/devicePath") < str(*b, "/devicePath");
        });
        for (const Json* d : byPath)
            w.write(3, str(*d, "/devicePath") + " from " + str(*d, "/name") + "\n");
    }
}

/// kubectl's describeContainers. `statuses` is null for pod templates; `pod` (for the
/// downward API values) too.
void describeContainers(std::string_view label, const Json& containers,
                        const Json* statuses, const Json* pod, DescribeWriter& w, std::string_view space)
{
    w.write(0, std::string(space) + std::string(label) + ":" + (containers.empty() ? " <none>" : "") + "\n");
    const std::string nameIndent = space.empty() ? "" : " ";
    for (const Json& c : containers) {
        const std::string name = str(c, "/name");
        const Json* status = nullptr;
        if (statuses)
            for (const Json& s : *statuses)
                if (str(s, "/name") == name)
                    status = &s;
        w.write(1, nameIndent + name + ":\n");
        if (status)
            w.write(2, "Container ID:\t" + str(*status, "/containerID") + "\n");
        w.write(2, "Image:\t" + str(c, "/image") + "\n");
        if (status)
            w.write(2, "Image ID:\t" + str(*status, "/imageID") + "\n");
        const Json& ports = array(c, "/ports");
        const std::string portText = portList(ports, "/containerPort");
        if (portText.find(',') != std::string::npos)
            w.write(2, "Ports:\t" + portText + "\n");
        else
            w.write(2, "Port:\t" + orNone(portText) + "\n");
        const std::string hostPortText = portList(ports, "/hostPort");
        if (hostPortText.find(',') != std::string::npos)
            w.write(2, "Host Ports:\t" + hostPortText + "\n");
        else
            w.write(2, "Host Port:\t" + orNone(hostPortText) + "\n");
        if (has(c, "/securityContext/seccompProfile")) {
            w.write(2, "SeccompProfile:\t" + str(c, "/securityContext/seccompProfile/type") + "\n");
            if (str(c, "/securityContext/seccompProfile/type") == "Localhost")
                w.write(3, "LocalhostProfile:\t" + str(c, "/securityContext/seccompProfile/localhostProfile") + "\n");
        }
        for (const auto& [field, title] : {std::pair{"/command", "Command"}, std::pair{"/args", "Args"}}) {
            const Json& items = array(c, field);
            if (items.empty())
                continue;
            w.write(2, std::string(title) + ":\n");
            for (const Json& item : items) {
                const std::string text = scalarText(item);
                std::size_t start = 0;
                while (true) {
                    std::size_t end = text.find('\n', start);
                    w.write(3, text.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n");
                    if (end == std::string::npos)
                        break;
                    start = end + 1;
                }
            }
        }
        if (status) {
            describeStatus("State", object(*status, "/state"), w);
            if (has(*status, "/lastState/terminated"))
                describeStatus("Last State", object(*status, "/lastState"), w);
            w.write(2, "Ready:\t" + printBool(boolean(*status, "/ready")) + "\n");
            w.write(2, "Restart Count:\t" + std::to_string(integer(*status, "/restartCount")) + "\n");
        }
        if (const Json& limits = object(c, "/resources/limits"); !limits.empty()) {
            w.write(2, "Limits:\n");
            printResourceList(w, 3, limits);
        }
        if (const Json& requests = object(c, "/resources/requests"); !requests.empty()) {
            w.write(2, "Requests:\n");
            printResourceList(w, 3, requests);
        }
        for (const auto& [field, title] : {std::pair{"/livenessProbe", "Liveness"},
                                           std::pair{"/readinessProbe", "Readiness"},
                                           std::pair{"/startupProbe", "Startup"}})
            if (has(c, field))
                w.write(2, std::string(title) + ":\t" + describeProbe(object(c, field)) + "\n");
        describeEnv(pod, c, w);
        describeMounts(c, w);
    }
}

void describeVolumes(const Json& volumes, DescribeWriter& w, std::string_view space)
{
    if (!volumes.is_array() || volumes.empty()) {
        w.write(0, std::string(space) + "Volumes:\t<none>\n");
        return;
    }
    w.write(0, std::string(space) + "Volumes:\n");
    const std::string nameIndent = space.empty() ? "" : " ";
    for (const Json& v : volumes) {
        w.write(1, nameIndent + str(v, "/name") + ":\n");
        if (has(v, "/hostPath")) {
            w.write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t" + str(v, "/hostPath/path") +
                           "\n    HostPathType:\t" + str(v, "/hostPath/type") + "\n");
        } else if (has(v, "/emptyDir")) {
            std::string sizeLimit = "<unset>";
            if (const Json* limit = find(v, "/emptyDir/sizeLimit")) {
                auto q = core::Quantity::parse(limit->is_string() ? limit->get<std::string>() : scalarText(*limit));
                if (q && q->sign() > 0)
                    sizeLimit = q->toString();
            }
            w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t" +
                           str(v, "/emptyDir/medium") + "\n    SizeLimit:\t" + sizeLimit + "\n");
        } else if (has(v, "/secret")) {
            w.write(2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t" + str(v, "/secret/secretName") +
                           "\n    Optional:\t" + boolText(boolean(v, "/secret/optional")) + "\n");
        } else if (has(v, "/configMap")) {
            w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t" + str(v, "/configMap/name") +
                           "\n    Optional:\t" + boolText(boolean(v, "/configMap/optional")) + "\n");
        } else if (has(v, "/projected")) {
            w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            for (const Json& source : array(v, "/projected/sources")) {
                if (has(source, "/secret"))
                    w.write(2, "SecretName:\t" + str(source, "/secret/name") + "\n    SecretOptionalName:\t" +
                                   optionalPointer(source, "/secret/optional") + "\n");
                else if (has(source, "/downwardAPI"))
                    w.write(2, "DownwardAPI:\ttrue\n");
                else if (has(source, "/configMap"))
                    w.write(2, "ConfigMapName:\t" + str(source, "/configMap/name") + "\n    ConfigMapOptional:\t" +
                                   optionalPointer(source, "/configMap/optional") + "\n");
                else if (has(source, "/serviceAccountToken"))
                    w.write(2, "TokenExpirationSeconds:\t" +
                                   std::to_string(integer(source, "/serviceAccountToken/expirationSeconds", 3600)) + "\n");
            }
        } else if (has(v, "/persistentVolumeClaim")) {
            w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                       "    ClaimName:\t" + str(v, "/persistentVolumeClaim/claimName") + "\n    ReadOnly:\t" +
                           boolText(boolean(v, "/persistentVolumeClaim/readOnly")) + "\n");
        } else if (has(v, "/downwardAPI")) {
            w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for (const Json& item : array(v, "/downwardAPI/items")) {
                if (has(item, "/fieldRef"))
                    w.write(3, str(item, "/fieldRef/fieldPath") + " -> " + str(item, "/path") + "\n");
                if (has(item, "/resourceFieldRef"))
                    w.write(3, str(item, "/resourceFieldRef/resource") + " -> " + str(item, "/path") + "\n");
            }
        } else if (has(v, "/nfs")) {
            w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t" + str(v, "/nfs/server") +
                           "\n    Path:\t" + str(v, "/nfs/path") + "\n    ReadOnly:\t" +
                           boolText(boolean(v, "/nfs/readOnly")) + "\n");
        } else if (has(v, "/csi")) {
            w.write(2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t" +
                           str(v, "/csi/driver") + "\n    FSType:\t" + str(v, "/csi/fsType") + "\n    ReadOnly:\t" +
                           boolText(boolean(v, "/csi/readOnly")) + "\n");
            w.write(2, "VolumeAttributes:\t");
            const Json& attributes = object(v, "/csi/volumeAttributes");
            if (attributes.empty()) {
                w.line("<none>");
            } else {
                std::map<std::string, std::string> sorted;
                for (auto it = attributes.begin(); it != attributes.end(); ++it)
                    sorted[it.key()] = scalarText(it.value());
                bool first = true;
                for (const auto& [k, value] : sorted) {
                    if (!first)
                        w.write(2, "\t");
                    first = false;
                    std::string text = k + "=" + value;
                    if (text.size() > 140)
                        text = text.substr(0, 140) + "...";
                    w.write(2, text + "\n");
                }
            }
        } else if (has(v, "/ephemeral")) {
            w.write(2, "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted "
                       "with the pod)\n");
        } else {
            w.write(1, "<unknown>\n");
        }
    }
}

/// kubectl's qos.GetPodQOS: the status' class, else computed from the containers.
std::string qosClass(const Json& pod)
{
    if (std::string cls = str(pod, "/status/qosClass"); !cls.empty())
        return cls;
    std::map<std::string, core::Quantity> requests;
    std::map<std::string, core::Quantity> limits;
    bool guaranteed = true;
    std::vector<const Json*> containers;
    for (const Json& c : array(pod, "/spec/containers"))
        containers.push_back(&c);
    for (const Json& c : array(pod, "/spec/initContainers"))
        containers.push_back(&c);
    auto collect = [](const Json& list, std::map<std::string, core::Quantity>& into, std::set<std::string>* found) {
        for (auto it = list.begin(); it != list.end(); ++it) {
            if (it.key() != "cpu" && it.key() != "memory")
                continue;
            auto q = core::Quantity::parse(it->is_string() ? it->get<std::string>() : scalarText(*it));
            if (!q || q->sign() <= 0)
                continue;
            if (found)
                found->insert(it.key());
            auto [pos, inserted] = into.emplace(it.key(), *q);
            if (!inserted)
                pos->second += *q;
        }
    };
    for (const Json* c : containers) {
        collect(object(*c, "/resources/requests"), requests, nullptr);
        std::set<std::string> found;
        collect(object(*c, "/resources/limits"), limits, &found);
        if (!found.contains("cpu") || !found.contains("memory"))
            guaranteed = false;
    }
    if (requests.empty() && limits.empty())
        return "BestEffort";
    if (guaranteed)
        for (const auto& [name, request] : requests)
            if (auto it = limits.find(name); it == limits.end() || it->second != request) {
                guaranteed = false;
                break;
            }
    return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
}

void describeTopologySpreadConstraints(const Json& constraints, DescribeWriter& w, std::string_view space)
{
    if (!constraints.is_array() || constraints.empty())
        return;
    std::vector<const Json*> sorted;
    for (const Json& c : constraints)
        sorted.push_back(&c);
    std::ranges::stable_sort(sorted, [](const Json* a, const Json* b) {
        return str(*a, "/topologyKey") < str(*b, "/topologyKey");
    });
    w.write(0, std::string(space) + "Topology Spread Constraints:\t");
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const Json& c = *sorted[i];
        if (i != 0) {
            w.write(0, std::string(space));
            w.write(0, "\t");
        }
        std::string text = str(c, "/topologyKey") + ":" + str(c, "/whenUnsatisfiable") + " when max skew " +
                           std::to_string(integer(c, "/maxSkew")) + " is exceeded";
        if (has(c, "/labelSelector"))
            text += " for selector " + formatLabelSelector(find(c, "/labelSelector"));
        w.write(0, text + "\n");
    }
}

} // namespace

void describePod(const core::Engine& engine, const Json& pod, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(pod) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(pod) + "\n");
    if (has(pod, "/spec/priority"))
        w.write(0, "Priority:\t" + std::to_string(integer(pod, "/spec/priority")) + "\n");
    if (std::string pc = str(pod, "/spec/priorityClassName"); !pc.empty())
        w.write(0, "Priority Class Name:\t" + pc + "\n");
    if (std::string rc = str(pod, "/spec/runtimeClassName"); !rc.empty())
        w.write(0, "Runtime Class Name:\t" + rc + "\n");
    if (std::string sa = str(pod, "/spec/serviceAccountName"); !sa.empty())
        w.write(0, "Service Account:\t" + sa + "\n");
    if (std::string node = str(pod, "/spec/nodeName"); node.empty())
        w.write(0, "Node:\t<none>\n");
    else
        w.write(0, "Node:\t" + node + "/" + str(pod, "/status/hostIP") + "\n");
    if (has(pod, "/status/startTime"))
        w.write(0, "Start Time:\t" + rfc1123z(pod, "/status/startTime") + "\n");
    printLabelsMultiline(w, "Labels", object(pod, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(pod, "/metadata/annotations"));
    const std::string phase = str(pod, "/status/phase");
    if (has(pod, "/metadata/deletionTimestamp") && phase != "Failed" && phase != "Succeeded") {
        w.write(0, "Status:\tTerminating (lasts " + since(engine, pod, "/metadata/deletionTimestamp") + ")\n");
        w.write(0, "Termination Grace Period:\t" + std::to_string(integer(pod, "/metadata/deletionGracePeriodSeconds")) +
                       "s\n");
    } else {
        w.write(0, "Status:\t" + phase + "\n");
    }
    if (std::string reason = str(pod, "/status/reason"); !reason.empty())
        w.write(0, "Reason:\t" + reason + "\n");
    if (std::string message = str(pod, "/status/message"); !message.empty())
        w.write(0, "Message:\t" + message + "\n");
    if (has(pod, "/spec/securityContext/seccompProfile")) {
        w.write(0, "SeccompProfile:\t" + str(pod, "/spec/securityContext/seccompProfile/type") + "\n");
        if (str(pod, "/spec/securityContext/seccompProfile/type") == "Localhost")
            w.write(0, "LocalhostProfile:\t" + str(pod, "/spec/securityContext/seccompProfile/localhostProfile") + "\n");
    }
    w.write(0, "IP:\t" + str(pod, "/status/podIP") + "\n");
    const Json& ips = array(pod, "/status/podIPs");
    if (ips.empty()) {
        w.write(0, "IPs:\t<none>\n");
    } else {
        w.write(0, "IPs:\n");
        for (const Json& ip : ips)
            w.write(1, "IP:\t" + str(ip, "/ip") + "\n");
    }
    if (std::string controller = controllerOf(pod); !controller.empty())
        w.write(0, "Controlled By:\t" + controller + "\n");
    if (std::string nominated = str(pod, "/status/nominatedNodeName"); !nominated.empty())
        w.write(0, "NominatedNodeName:\t" + nominated + "\n");

    if (const Json& init = array(pod, "/spec/initContainers"); !init.empty())
        describeContainers("Init Containers", init, &array(pod, "/status/initContainerStatuses"), &pod, w, "");
    describeContainers("Containers", array(pod, "/spec/containers"), &array(pod, "/status/containerStatuses"),
                       &pod, w, "");
    if (const Json& ephemeral = array(pod, "/spec/ephemeralContainers"); !ephemeral.empty())
        describeContainers("Ephemeral Containers", ephemeral,
                           &array(pod, "/status/ephemeralContainerStatuses"), &pod, w, "");
    if (const Json& gates = array(pod, "/spec/readinessGates"); !gates.empty()) {
        w.write(0, "Readiness Gates:\n  Type\tStatus\n");
        for (const Json& g : gates) {
            std::string status = "<none>";
            for (const Json& c : array(pod, "/status/conditions"))
                if (str(c, "/type") == str(g, "/conditionType")) {
                    status = str(c, "/status");
                    break;
                }
            w.write(1, str(g, "/conditionType") + " \t" + status + " \n");
        }
    }
    if (const Json& conditions = array(pod, "/status/conditions"); !conditions.empty()) {
        w.write(0, "Conditions:\n  Type\tStatus\n");
        for (const Json& c : conditions)
            w.write(1, str(c, "/type") + " \t" + str(c, "/status") + " \n");
    }
    describeVolumes(array(pod, "/spec/volumes"), w, "");
    w.write(0, "QoS Class:\t" + qosClass(pod) + "\n");
    printLabelsMultiline(w, "Node-Selectors", object(pod, "/spec/nodeSelector"));
    printTolerationsMultiline(w, "Tolerations", array(pod, "/spec/tolerations"));
    describeTopologySpreadConstraints(array(pod, "/spec/topologySpreadConstraints"), w, "");
    describeEventsOf(engine, pod, w);
}

void describePodTemplate(const Json* templ, DescribeWriter& w)
{
    w.write(0, "Pod Template:\n");
    if (!templ || !templ->is_object()) {
        w.write(1, "<unset>");
        return;
    }
    // Pod templates have no status and no pod for downward API values.
    printLabelsMultiline(w, "  Labels", object(*templ, "/metadata/labels"));
    if (const Json& annotations = object(*templ, "/metadata/annotations"); !annotations.empty())
        printAnnotationsMultiline(w, "  Annotations", annotations);
    if (std::string sa = str(*templ, "/spec/serviceAccountName"); !sa.empty())
        w.write(1, "Service Account:\t" + sa + "\n");
    if (const Json& init = array(*templ, "/spec/initContainers"); !init.empty())
        describeContainers("Init Containers", init, nullptr, nullptr, w, "  ");
    describeContainers("Containers", array(*templ, "/spec/containers"), nullptr, nullptr, w, "  ");
    describeVolumes(array(*templ, "/spec/volumes"), w, "  ");
    describeTopologySpreadConstraints(array(*templ, "/spec/topologySpreadConstraints"), w, "  ");
    if (std::string pc = str(*templ, "/spec/priorityClassName"); !pc.empty())
        w.write(1, "Priority Class Name:\t" + pc + "\n");
    printLabelsMultiline(w, "  Node-Selectors", object(*templ, "/spec/nodeSelector"));
    printTolerationsMultiline(w, "  Tolerations", array(*templ, "/spec/tolerations"));
}

} // namespace kubelab::cli::detail
