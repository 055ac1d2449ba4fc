// SPDX-License-Identifier: GPL-3.0-or-later
// Core group kinds other than Pod, after k8s.io/kubernetes/pkg/apis/core/validation/validation.go
// (v1.31).
#include <algorithm>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core::validation {

namespace {

const std::vector<std::string>& accessModes()
{
    static const std::vector<std::string> kModes = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"};
    return kModes;
}

ErrorList validateAccessModes(const Json* modes, const Path& path)
{
    ErrorList errors;
    bool rwop = false;
    bool other = false;
    for (const std::string& mode : stringList(modes)) {
        const bool supported = std::find(accessModes().begin(), accessModes().end(), mode) != accessModes().end();
        if (!supported)
            errors.push_back(notSupported(path, Value::string(mode), accessModes()));
        if (mode == "ReadWriteOncePod")
            rwop = true;
        else if (supported)
            other = true;
    }
    if (rwop && other)
        errors.push_back(forbidden(path, "may not use ReadWriteOncePod with other access modes"));
    return errors;
}

} // namespace

ErrorList validatePersistentVolumeClaimSpec(const Json& spec, const Path& path, bool /*isTemplate*/)
{
    ErrorList errors;
    if (sizeOf(spec, "accessModes") == 0)
        errors.push_back(required(path.child("accessModes"), "at least 1 access mode is required"));
    if (const Json* selector = objectField(spec, "selector"))
        append(errors, validateLabelSelector(*selector, path.child("selector")));
    append(errors, validateAccessModes(arrayField(spec, "accessModes"), path.child("accessModes")));
    // Upstream keys the storage request on "resources", not "resources.requests".
    const Path storagePath = path.child("resources").key("storage");
    const Json* resources = objectField(spec, "resources");
    const Json* requests = resources ? objectField(*resources, "requests") : nullptr;
    const Json* storage = requests ? field(*requests, "storage") : nullptr;
    if (!storage) {
        errors.push_back(required(storagePath));
    } else {
        std::string error;
        auto q = parseQuantity(*storage, &error);
        if (!q)
            errors.push_back(invalid(storagePath, Value::fromJson(*storage), error));
        else if (q->sign() <= 0)
            errors.push_back(invalid(storagePath, Value::string(q->toString()), "must be greater than zero"));
    }
    if (const std::string cls = str(spec, "storageClassName"); !cls.empty())
        for (const std::string& msg : isDns1123Subdomain(cls))
            errors.push_back(invalid(path.child("storageClassName"), Value::string(cls), msg));
    if (has(spec, "volumeMode")) {
        const std::string mode = str(spec, "volumeMode");
        if (mode != "Block" && mode != "Filesystem")
            errors.push_back(notSupported(path.child("volumeMode"), Value::string(mode), {"Block", "Filesystem"}));
    }
    return errors;
}


namespace {

// Addresses -------------------------------------------------------------------------------

/// ValidateNonSpecialIP for an address that already parsed.
ErrorList validateNonSpecialIp(const std::string& ip, const Path& path)
{
    std::string detail;
    if (ip == "0.0.0.0" || ip == "::")
        detail = "may not be unspecified (0.0.0.0)";
    else if (ip.rfind("127.", 0) == 0 || ip == "::1")
        detail = "may not be in the loopback range (127.0.0.0/8, ::1/128)";
    else if (ip.rfind("169.254.", 0) == 0 || ip.rfind("fe80:", 0) == 0)
        detail = "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
    else if (ip.rfind("224.0.0.", 0) == 0 || ip.rfind("ff02:", 0) == 0)
        detail = "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
    if (detail.empty())
        return {};
    return {invalid(path, Value::string(ip), detail)};
}

ErrorList validateIpAddress(const std::string& ip, const Path& path, bool nonSpecial)
{
    ErrorList errors;
    for (const std::string& msg : isValidIp(ip))
        errors.push_back(invalid(path, Value::string(ip), msg));
    if (errors.empty() && nonSpecial)
        append(errors, validateNonSpecialIp(ip, path));
    return errors;
}

const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};

// Service ---------------------------------------------------------------------------------

std::string servicePortKeyText(const std::string& protocol, std::int64_t port)
{
    return "core.ServicePort{Name:\"\", Protocol:" + goQuote(protocol) + ", AppProtocol:(*string)(nil), Port:"
           + std::to_string(port) + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";
}

ErrorList validateService(const Json& service, const Json* old)
{
    ErrorList errors = validateObjectMeta(service, true, nameIsDns1035Label());
    const Json& spec = objectOrEmpty(objectField(service, "spec"));
    const Path sp("spec");
    const std::string type = str(spec, "type");
    const std::string clusterIp = str(spec, "clusterIP");
    const bool headless = clusterIp == "None";
    const Json* ports = arrayField(spec, "ports");
    const std::size_t portCount = ports ? ports->size() : 0;

    if (portCount == 0 && !headless && type != "ExternalName")
        errors.push_back(required(sp.child("ports")));
    if (type == "LoadBalancer") {
        if (headless)
            errors.push_back(invalid(sp.child("clusterIPs").index(0), Value::string(clusterIp),
                                     "may not be set to 'None' for LoadBalancer services"));
        if (ports)
            for (std::size_t i = 0; i < ports->size(); ++i)
                if (intOr((*ports)[i], "port", 0) == 10250)
                    errors.push_back(invalid(sp.child("ports").index(i), Value::number(10250),
                                             "may not expose port 10250 externally since it is used by kubelet"));
    } else if (type == "NodePort") {
        if (headless)
            errors.push_back(invalid(sp.child("clusterIPs").index(0), Value::string(clusterIp),
                                     "may not be set to 'None' for NodePort services"));
    } else if (type == "ExternalName") {
        if (!clusterIp.empty() || sizeOf(spec, "clusterIPs") > 0)
            errors.push_back(forbidden(sp.child("clusterIPs"), "may not be set for ExternalName services"));
        if (sizeOf(spec, "ipFamilies") > 0)
            errors.push_back(forbidden(sp.child("ipFamilies"), "may not be set for ExternalName services"));
        if (has(spec, "ipFamilyPolicy"))
            errors.push_back(forbidden(sp.child("ipFamilyPolicy"), "may not be set for ExternalName services"));
        std::string cname = str(spec, "externalName");
        if (!cname.empty() && cname.back() == '.')
            cname.pop_back();
        if (!cname.empty())
            append(errors, validateDns1123Subdomain(cname, sp.child("externalName")));
        else
            errors.push_back(required(sp.child("externalName")));
    }

    std::set<std::string> names;
    if (ports) {
        for (std::size_t i = 0; i < ports->size(); ++i) {
            const Json& port = objectOrEmpty(&(*ports)[i]);
            const Path pp = sp.child("ports").index(i);
            const std::string name = str(port, "name");
            if (portCount > 1 && name.empty()) {
                errors.push_back(required(pp.child("name")));
            } else if (!name.empty()) {
                append(errors, validateDns1123Label(name, pp.child("name")));
                if (names.count(name))
                    errors.push_back(duplicate(pp.child("name"), Value::string(name)));
                else
                    names.insert(name);
            }
            const std::int64_t number = intOr(port, "port", 0);
            for (const std::string& msg : isValidPortNum(number))
                errors.push_back(invalid(pp.child("port"), Value::number(number), msg));
            const std::string protocol = str(port, "protocol");
            if (protocol.empty())
                errors.push_back(required(pp.child("protocol")));
            else if (std::find(kProtocols.begin(), kProtocols.end(), protocol) == kProtocols.end())
                errors.push_back(notSupported(pp.child("protocol"), Value::string(protocol), kProtocols));
            const Json* target = field(port, "targetPort");
            append(errors, validatePortNumOrName(target ? *target : Json(0), pp.child("targetPort")));
            if (has(port, "appProtocol"))
                append(errors, validateQualifiedName(str(port, "appProtocol"), pp.child("appProtocol")));
        }
    }
    append(errors, validateLabels(objectField(spec, "selector"), sp.child("selector")));

    const std::string affinity = str(spec, "sessionAffinity");
    if (affinity.empty())
        errors.push_back(required(sp.child("sessionAffinity")));
    else if (affinity != "ClientIP" && affinity != "None")
        errors.push_back(notSupported(sp.child("sessionAffinity"), Value::string(affinity), {"ClientIP", "None"}));
    if (affinity == "ClientIP") {
        const Json* config = objectField(spec, "sessionAffinityConfig");
        const Json* clientIp = config ? objectField(*config, "clientIP") : nullptr;
        const Path cp = sp.child("sessionAffinityConfig").child("clientIP").child("timeoutSeconds");
        if (!clientIp || !has(*clientIp, "timeoutSeconds")) {
            errors.push_back(required(cp, "when session affinity type is ClientIP"));
        } else {
            const std::int64_t timeout = intOr(*clientIp, "timeoutSeconds", 0);
            if (timeout <= 0 || timeout > 86400)
                errors.push_back(invalid(cp, Value::number(timeout), "must be greater than 0 and less than 86400"));
        }
    } else if (affinity == "None" && has(spec, "sessionAffinityConfig")) {
        errors.push_back(forbidden(sp.child("sessionAffinityConfig"), "must not be set when session affinity is None"));
    }

    // Cluster IPs and IP families.
    if (!clusterIp.empty() && !headless)
        for (const std::string& msg : isValidIp(clusterIp))
            errors.push_back(invalid(sp.child("clusterIPs").index(0), Value::string(clusterIp), msg));
    if (type != "ExternalName") {
        if (has(spec, "ipFamilyPolicy")) {
            const std::string policy = str(spec, "ipFamilyPolicy");
            if (policy != "PreferDualStack" && policy != "RequireDualStack" && policy != "SingleStack")
                errors.push_back(notSupported(sp.child("ipFamilyPolicy"), Value::string(policy),
                                              {"PreferDualStack", "RequireDualStack", "SingleStack"}));
        }
        std::set<std::string> families;
        std::size_t i = 0;
        for (const std::string& family : stringList(arrayField(spec, "ipFamilies"))) {
            const Path fp = sp.child("ipFamilies").index(i++);
            if (family != "IPv4" && family != "IPv6")
                errors.push_back(notSupported(fp, Value::string(family), {"IPv4", "IPv6"}));
            else if (families.count(family))
                errors.push_back(duplicate(fp, Value::string(family)));
            families.insert(family);
        }
        if (sizeOf(spec, "ipFamilies") > 2)
            errors.push_back(invalid(sp.child("ipFamilies"), Value::raw(goStringSlice(arrayField(spec, "ipFamilies"))),
                                     "may specify no more than two IP families"));
    }
    {
        std::size_t i = 0;
        for (const std::string& ip : stringList(arrayField(spec, "externalIPs")))
            append(errors, validateIpAddress(ip, sp.child("externalIPs").index(i++), true));
    }
    if (type.empty())
        errors.push_back(required(sp.child("type")));
    else if (type != "ClusterIP" && type != "ExternalName" && type != "LoadBalancer" && type != "NodePort")
        errors.push_back(notSupported(sp.child("type"), Value::string(type), {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"}));
    if (type == "ClusterIP" && ports)
        for (std::size_t i = 0; i < ports->size(); ++i)
            if (intOr((*ports)[i], "nodePort", 0) != 0)
                errors.push_back(forbidden(sp.child("ports").index(i).child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
    if (ports) {
        std::set<std::string> nodePorts;
        std::set<std::string> portKeys;
        for (std::size_t i = 0; i < ports->size(); ++i) {
            const Json& port = objectOrEmpty(&(*ports)[i]);
            const std::string protocol = str(port, "protocol");
            if (const std::int64_t nodePort = intOr(port, "nodePort", 0); nodePort != 0) {
                const std::string key = protocol + "/" + std::to_string(nodePort);
                if (nodePorts.count(key))
                    errors.push_back(duplicate(sp.child("ports").index(i).child("nodePort"), Value::number(nodePort)));
                nodePorts.insert(key);
            }
            const std::int64_t number = intOr(port, "port", 0);
            const std::string key = protocol + "/" + std::to_string(number);
            if (portKeys.count(key))
                errors.push_back(duplicate(sp.child("ports").index(i), Value::raw(servicePortKeyText(protocol, number))));
            portKeys.insert(key);
        }
    }
    if (sizeOf(spec, "loadBalancerSourceRanges") > 0) {
        // Upstream spells this path with a capital L.
        const Path rp = sp.child("LoadBalancerSourceRanges");
        if (type != "LoadBalancer")
            errors.push_back(forbidden(rp, "may only be used when `type` is 'LoadBalancer'"));
        std::size_t i = 0;
        for (std::string cidr : stringList(arrayField(spec, "loadBalancerSourceRanges"))) {
            const auto first = cidr.find_first_not_of(' ');
            const auto last = cidr.find_last_not_of(' ');
            cidr = first == std::string::npos ? std::string() : cidr.substr(first, last - first + 1);
            const auto slash = cidr.find('/');
            bool ok = slash != std::string::npos && isValidIp(cidr.substr(0, slash)).empty() && slash + 1 < cidr.size();
            for (std::size_t k = slash + 1; ok && k < cidr.size(); ++k)
                ok = cidr[k] >= '0' && cidr[k] <= '9';
            if (!ok)
                errors.push_back(invalid(rp.index(i), Value::string(cidr),
                                         "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
            ++i;
        }
    }

    // External and internal traffic policies.
    const bool externallyAccessible = type == "LoadBalancer" || type == "NodePort"
                                      || (type == "ClusterIP" && sizeOf(spec, "externalIPs") > 0);
    const std::string etp = str(spec, "externalTrafficPolicy");
    if (!externallyAccessible) {
        if (!etp.empty())
            errors.push_back(invalid(sp.child("externalTrafficPolicy"), Value::string(etp),
                                     "may only be set for externally-accessible services"));
    } else if (etp.empty()) {
        errors.push_back(required(sp.child("externalTrafficPolicy")));
    } else if (etp != "Cluster" && etp != "Local") {
        errors.push_back(notSupported(sp.child("externalTrafficPolicy"), Value::string(etp), {"Cluster", "Local"}));
    }
    if (auto hc = integer(spec, "healthCheckNodePort"); hc && *hc != 0) {
        if (type != "LoadBalancer" || etp != "Local")
            errors.push_back(invalid(sp.child("healthCheckNodePort"), Value::number(*hc),
                                     "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
        else
            for (const std::string& msg : isValidPortNum(*hc))
                errors.push_back(invalid(sp.child("healthCheckNodePort"), Value::number(*hc), msg));
    }
    const std::string itp = str(spec, "internalTrafficPolicy");
    if (!has(spec, "internalTrafficPolicy")) {
        if (type == "NodePort" || type == "LoadBalancer" || type == "ClusterIP")
            errors.push_back(required(sp.child("internalTrafficPolicy")));
    } else if (itp != "Cluster" && itp != "Local") {
        errors.push_back(notSupported(sp.child("internalTrafficPolicy"), Value::string(itp), {"Cluster", "Local"}));
    }

    if (old && type != "ExternalName" && str(objectOrEmpty(objectField(*old, "spec")), "type") != "ExternalName") {
        const std::string oldIp = str(objectOrEmpty(objectField(*old, "spec")), "clusterIP");
        if (!oldIp.empty() && !clusterIp.empty() && oldIp != clusterIp)
            errors.insert(errors.begin(), invalid(sp.child("clusterIPs").index(0), Value::raw("[]string{" + goQuote(clusterIp) + "}"),
                                                  "may not change once set"));
    }
    return errors;
}

// Endpoints -------------------------------------------------------------------------------

ErrorList validateEndpoints(const Json& endpoints)
{
    ErrorList errors = validateObjectMeta(endpoints, true, nameIsDnsSubdomain());
    const Json* subsets = arrayField(endpoints, "subsets");
    if (!subsets)
        return errors;
    for (std::size_t i = 0; i < subsets->size(); ++i) {
        const Json& subset = objectOrEmpty(&(*subsets)[i]);
        const Path ip = Path("subsets").index(i);
        if (sizeOf(subset, "addresses") == 0 && sizeOf(subset, "notReadyAddresses") == 0)
            errors.push_back(required(ip, "must specify `addresses` or `notReadyAddresses`"));
        for (const char* list : {"addresses", "notReadyAddresses"}) {
            const Json* addresses = arrayField(subset, list);
            if (!addresses)
                continue;
            for (std::size_t a = 0; a < addresses->size(); ++a) {
                const Json& address = objectOrEmpty(&(*addresses)[a]);
                const Path ap = ip.child(list).index(a);
                append(errors, validateIpAddress(str(address, "ip"), ap.child("ip"), true));
                if (const std::string host = str(address, "hostname"); !host.empty())
                    append(errors, validateDns1123Label(host, ap.child("hostname")));
                if (const std::string node = str(address, "nodeName"); !node.empty())
                    for (const std::string& msg : isDns1123Subdomain(node))
                        errors.push_back(invalid(ap.child("nodeName"), Value::string(node), msg));
            }
        }
        if (const Json* ports = arrayField(subset, "ports")) {
            for (std::size_t p = 0; p < ports->size(); ++p) {
                const Json& port = objectOrEmpty(&(*ports)[p]);
                const Path pp = ip.child("ports").index(p);
                const std::string name = str(port, "name");
                if (ports->size() > 1 && name.empty())
                    errors.push_back(required(pp.child("name")));
                else if (!name.empty())
                    append(errors, validateDns1123Label(name, pp.child("name")));
                const std::int64_t number = intOr(port, "port", 0);
                for (const std::string& msg : isValidPortNum(number))
                    errors.push_back(invalid(pp.child("port"), Value::number(number), msg));
                const std::string protocol = str(port, "protocol");
                if (protocol.empty())
                    errors.push_back(required(pp.child("protocol")));
                else if (std::find(kProtocols.begin(), kProtocols.end(), protocol) == kProtocols.end())
                    errors.push_back(notSupported(pp.child("protocol"), Value::string(protocol), kProtocols));
            }
        }
    }
    return errors;
}

// Storage ---------------------------------------------------------------------------------

/// PersistentVolumeSource fields in upstream's validation order.
constexpr std::string_view kPvSources[] = {
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs", "rbd", "quobyte",
    "cephfs", "storageos", "iscsi", "cinder", "fc", "flexVolume", "azureFile", "vsphereVolume",
    "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO", "local", "csi",
};

ErrorList validatePersistentVolume(const Json& pv, const Json* old)
{
    ErrorList errors = validateObjectMeta(pv, false, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(pv, "spec"));
    const Path sp("spec");
    if (sizeOf(spec, "accessModes") == 0)
        errors.push_back(required(sp.child("accessModes")));
    append(errors, validateAccessModes(arrayField(spec, "accessModes"), sp.child("accessModes")));
    const Json* capacity = objectField(spec, "capacity");
    if (!capacity || capacity->empty())
        errors.push_back(required(sp.child("capacity")));
    if (!capacity || !capacity->contains("storage") || capacity->size() > 1) {
        std::string text = "core.ResourceList{";
        bool first = true;
        for (const auto& [k, v] : stringMap(capacity)) {
            text += (first ? "" : ", ") + goQuote(k) + ":" + goQuote(v);
            first = false;
        }
        errors.push_back(notSupported(sp.child("capacity"), Value::raw(capacity ? text + "}" : "core.ResourceList(nil)"), {"storage"}));
    }
    if (capacity) {
        for (auto it = capacity->begin(); it != capacity->end(); ++it) {
            const Path cp = sp.child("capacity").key(it.key());
            std::string error;
            auto q = parseQuantity(it.value(), &error);
            if (!q)
                errors.push_back(invalid(cp, Value::fromJson(it.value()), error));
            else if (q->sign() <= 0)
                errors.push_back(invalid(cp, Value::string(q->toString()), "must be greater than zero"));
        }
    }
    if (const std::string cls = str(spec, "storageClassName"); !cls.empty())
        for (const std::string& msg : isDns1123Subdomain(cls))
            errors.push_back(invalid(sp.child("storageClassName"), Value::string(cls), msg));
    if (has(spec, "volumeMode")) {
        const std::string mode = str(spec, "volumeMode");
        if (mode != "Block" && mode != "Filesystem")
            errors.push_back(notSupported(sp.child("volumeMode"), Value::string(mode), {"Block", "Filesystem"}));
    }
    const std::string reclaim = str(spec, "persistentVolumeReclaimPolicy");
    if (!reclaim.empty() && reclaim != "Delete" && reclaim != "Recycle" && reclaim != "Retain")
        errors.push_back(notSupported(sp.child("persistentVolumeReclaimPolicy"), Value::string(reclaim),
                                      {"Delete", "Recycle", "Retain"}));
    int sources = 0;
    for (std::string_view source : kPvSources) {
        const Json* s = field(spec, source);
        if (!s)
            continue;
        if (sources > 0) {
            errors.push_back(forbidden(sp.child(source), "may not specify more than 1 volume type"));
            continue;
        }
        ++sources;
        const Json& src = objectOrEmpty(s);
        const Path srcPath = sp.child(source);
        if (source == "hostPath") {
            const std::string path = str(src, "path");
            if (path.empty()) {
                errors.push_back(required(srcPath.child("path")));
            } else {
                std::size_t start = 0;
                while (true) {
                    const auto slash = path.find('/', start);
                    if (path.substr(start, slash == std::string::npos ? std::string::npos : slash - start) == "..") {
                        errors.push_back(invalid(srcPath.child("path"), Value::string(path), "must not contain '..'"));
                        break;
                    }
                    if (slash == std::string::npos)
                        break;
                    start = slash + 1;
                }
            }
        } else if (source == "nfs") {
            if (str(src, "server").empty())
                errors.push_back(required(srcPath.child("server")));
            const std::string path = str(src, "path");
            if (path.empty())
                errors.push_back(required(srcPath.child("path")));
            else if (path.front() != '/')
                errors.push_back(invalid(srcPath.child("path"), Value::string(path), "must be an absolute path"));
        } else if (source == "local") {
            if (str(src, "path").empty())
                errors.push_back(required(srcPath.child("path")));
            if (!has(spec, "nodeAffinity"))
                errors.push_back(required(sp.child("nodeAffinity"), "Local volume requires node affinity"));
        } else if (source == "csi") {
            if (str(src, "driver").empty())
                errors.push_back(required(srcPath.child("driver")));
            if (str(src, "volumeHandle").empty())
                errors.push_back(required(srcPath.child("volumeHandle")));
        }
    }
    if (sources == 0)
        errors.push_back(required(sp, "must specify a volume type"));
    if (const Json* hostPath = objectField(spec, "hostPath"))
        if (reclaim == "Recycle" && (str(*hostPath, "path") == "/" || str(*hostPath, "path") == "//"))
            errors.push_back(forbidden(sp.child("persistentVolumeReclaimPolicy"), "may not be 'recycle' for a hostPath mount of '/'"));
    if (const Json* affinity = objectField(spec, "nodeAffinity")) {
        if (const Json* required = objectField(*affinity, "required"))
            append(errors, validateNodeSelectorTerms(*required, sp.child("nodeAffinity").child("required")));
        else
            errors.push_back(validation::required(sp.child("nodeAffinity").child("required"), "must specify required node constraints"));
    }
    if (old) {
        // Only the capacity, reclaim policy, mount options, class (from empty) and claim
        // reference may change; the source may not.
        const Json& oldSpec = objectOrEmpty(objectField(*old, "spec"));
        for (std::string_view source : kPvSources)
            if (!sameField(field(spec, source), field(oldSpec, source))) {
                errors.push_back(forbidden(sp.child("persistentvolumesource"), "spec.persistentvolumesource is immutable after creation"));
                break;
            }
        if (!sameField(field(spec, "volumeMode"), field(oldSpec, "volumeMode")))
            errors.push_back(invalid(sp.child("volumeMode"), Value::string(str(spec, "volumeMode")), "field is immutable"));
        if (has(oldSpec, "nodeAffinity") && !sameField(field(spec, "nodeAffinity"), field(oldSpec, "nodeAffinity")))
            errors.push_back(invalid(sp.child("nodeAffinity"), Value::raw("&core.VolumeNodeAffinity{...}"), "field is immutable"));
        const std::string oldClass = str(oldSpec, "storageClassName");
        if (!oldClass.empty() && oldClass != str(spec, "storageClassName"))
            errors.push_back(invalid(sp.child("storageClassName"), Value::string(str(spec, "storageClassName")), "field is immutable"));
    }
    return errors;
}

ErrorList validatePersistentVolumeClaim(const Json& pvc, const Json* old)
{
    ErrorList errors = validateObjectMeta(pvc, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(pvc, "spec"));
    const Path sp("spec");
    append(errors, validatePersistentVolumeClaimSpec(spec, sp, false));
    if (!old)
        return errors;
    const Json& oldSpec = objectOrEmpty(objectField(*old, "spec"));
    Json clone = spec;
    Json oldClone = oldSpec;
    // The volume name may be set once; the class may go from unset to set; a bound claim
    // may grow its storage request; volumeAttributesClassName is mutable.
    if (str(oldSpec, "volumeName").empty()) {
        if (clone.contains("volumeName"))
            oldClone["volumeName"] = clone["volumeName"];
        else
            oldClone.erase("volumeName");
    }
    if (!has(oldSpec, "storageClassName")) {
        oldClone.erase("storageClassName");
        clone.erase("storageClassName");
    }
    for (Json* s : {&clone, &oldClone}) {
        s->erase("volumeAttributesClassName");
        if (s->contains("resources") && (*s)["resources"].is_object() && (*s)["resources"].contains("requests")
            && (*s)["resources"]["requests"].is_object())
            (*s)["resources"]["requests"].erase("storage");
    }
    if (!sameField(&clone, &oldClone)) {
        const std::string diff = specDiff(oldClone, clone, "core.PersistentVolumeClaimSpec");
        errors.push_back(forbidden(sp, "spec is immutable after creation except resources.requests and "
                                       "volumeAttributesClassName for bound claims\n" + diff));
    }
    auto storageOf = [](const Json& s) -> std::optional<Quantity> {
        const Json* resources = objectField(s, "resources");
        const Json* requests = resources ? objectField(*resources, "requests") : nullptr;
        const Json* storage = requests ? field(*requests, "storage") : nullptr;
        return storage ? parseQuantity(*storage) : std::nullopt;
    };
    const auto newSize = storageOf(spec);
    const auto oldSize = storageOf(oldSpec);
    if (newSize && oldSize && *newSize < *oldSize)
        errors.push_back(forbidden(sp.child("resources", "requests").child("storage"), "field can not be less than previous value"));
    else if (newSize && oldSize && *newSize != *oldSize
             && str(objectOrEmpty(objectField(*old, "status")), "phase") != "Bound")
        errors.push_back(forbidden(sp, "spec is immutable after creation except resources.requests and "
                                       "volumeAttributesClassName for bound claims"));
    return errors;
}

// ConfigMap and Secret ----------------------------------------------------------------------

constexpr std::size_t kMaxSecretSize = 1024 * 1024;

ErrorList validateImmutableData(const Json& object, const Json* old, std::initializer_list<const char*> fields)
{
    ErrorList errors;
    if (!old || !boolean(*old, "immutable"))
        return errors;
    if (!boolean(object, "immutable"))
        errors.push_back(forbidden(Path("immutable"), "field is immutable when `immutable` is set"));
    for (const char* f : fields)
        if (!sameField(field(object, f), field(*old, f)))
            errors.push_back(forbidden(Path(f), "field is immutable when `immutable` is set"));
    return errors;
}

ErrorList validateConfigMap(const Json& configMap, const Json* old)
{
    ErrorList errors = validateObjectMeta(configMap, true, nameIsDnsSubdomain());
    std::size_t total = 0;
    const Json* binary = objectField(configMap, "binaryData");
    for (const auto& [key, value] : stringMap(objectField(configMap, "data"))) {
        for (const std::string& msg : isConfigMapKey(key))
            errors.push_back(invalid(Path("data").key(key), Value::string(key), msg));
        if (binary && binary->contains(key))
            errors.push_back(invalid(Path("data").key(key), Value::string(key), "duplicate of key present in binaryData"));
        total += value.size();
    }
    for (const auto& [key, value] : stringMap(binary)) {
        for (const std::string& msg : isConfigMapKey(key))
            errors.push_back(invalid(Path("binaryData").key(key), Value::string(key), msg));
        total += value.size() * 3 / 4;
    }
    if (total > kMaxSecretSize)
        errors.push_back(tooLong(Path(""), static_cast<int>(kMaxSecretSize)));
    append(errors, validateImmutableData(configMap, old, {"data", "binaryData"}));
    return errors;
}

ErrorList validateSecret(const Json& secret, const Json* old)
{
    ErrorList errors = validateObjectMeta(secret, true, nameIsDnsSubdomain());
    const Path dataPath("data");
    // stringData is merged into data before validation.
    std::map<std::string, std::size_t> data;
    for (const auto& [key, value] : stringMap(objectField(secret, "data")))
        data[key] = value.size() * 3 / 4;
    for (const auto& [key, value] : stringMap(objectField(secret, "stringData")))
        data[key] = value.size();
    std::size_t total = 0;
    for (const auto& [key, size] : data) {
        for (const std::string& msg : isConfigMapKey(key))
            errors.push_back(invalid(dataPath.key(key), Value::string(key), msg));
        total += size;
    }
    if (total > kMaxSecretSize)
        errors.push_back(tooLong(dataPath, static_cast<int>(kMaxSecretSize)));
    const std::string type = str(secret, "type");
    auto requireKey = [&](const std::string& key) {
        if (!data.count(key))
            errors.push_back(required(dataPath.key(key)));
    };
    if (type == "kubernetes.io/service-account-token") {
        const auto annotations = stringMap(objectField(objectOrEmpty(objectField(secret, "metadata")), "annotations"));
        auto it = annotations.find("kubernetes.io/service-account.name");
        if (it == annotations.end() || it->second.empty())
            errors.push_back(required(Path("metadata").child("annotations").key("kubernetes.io/service-account.name")));
    } else if (type == "kubernetes.io/dockercfg") {
        requireKey(".dockercfg");
    } else if (type == "kubernetes.io/dockerconfigjson") {
        requireKey(".dockerconfigjson");
    } else if (type == "kubernetes.io/basic-auth") {
        if (!data.count("username") && !data.count("password")) {
            errors.push_back(required(dataPath.key("username")));
            errors.push_back(required(dataPath.key("password")));
        }
    } else if (type == "kubernetes.io/ssh-auth") {
        auto it = data.find("ssh-privatekey");
        if (it == data.end() || it->second == 0)
            errors.push_back(required(dataPath.key("ssh-privatekey")));
    } else if (type == "kubernetes.io/tls") {
        requireKey("tls.crt");
        requireKey("tls.key");
    }
    if (old) {
        const std::string oldType = str(*old, "type");
        if (oldType != type)
            errors.push_back(invalid(Path("type"), Value::string(type), "field is immutable"));
        append(errors, validateImmutableData(secret, old, {"data"}));
    }
    return errors;
}

// Namespace, Node, ServiceAccount, PodTemplate ------------------------------------------------

ErrorList validateNamespace(const Json& ns)
{
    ErrorList errors = validateObjectMeta(ns, false, nameIsDnsLabel());
    const Json& spec = objectOrEmpty(objectField(ns, "spec"));
    const Path fp = Path("spec").child("finalizers");
    for (const std::string& f : stringList(arrayField(spec, "finalizers"))) {
        append(errors, validateQualifiedName(f, fp));
        if (f.find('/') == std::string::npos && f != "kubernetes")
            errors.push_back(invalid(fp, Value::string(f), "name is neither a standard finalizer name nor is it fully qualified"));
    }
    return errors;
}

ErrorList validateNode(const Json& node, const Json* old)
{
    ErrorList errors = validateObjectMeta(node, false, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(node, "spec"));
    // Upstream reports taint problems under metadata.taints.
    const Path tp = Path("metadata").child("taints");
    if (const Json* taints = arrayField(spec, "taints")) {
        std::map<std::string, std::set<std::string>> unique;
        for (std::size_t i = 0; i < taints->size(); ++i) {
            const Json& taint = objectOrEmpty(&(*taints)[i]);
            const Path ip = tp.index(i);
            const std::string key = str(taint, "key");
            const std::string value = str(taint, "value");
            const std::string effect = str(taint, "effect");
            append(errors, validateQualifiedName(key, ip.child("key")));
            if (const auto msgs = isValidLabelValue(value); !msgs.empty()) {
                std::string joined;
                for (const std::string& m : msgs)
                    joined += (joined.empty() ? "" : ";") + m;
                errors.push_back(invalid(ip.child("value"), Value::string(value), joined));
            }
            append(errors, validateTaintEffect(Json(effect), false, ip.child("effect")));
            if (unique[effect].count(key)) {
                FieldError e = duplicate(ip, Value::raw("core.Taint{Key:" + goQuote(key) + ", Value:" + goQuote(value)
                                                        + ", Effect:" + goQuote(effect) + ", TimeAdded:"
                                                        + (has(taint, "timeAdded") ? "time.Date(...)" : "(*v1.Time)(nil)") + "}"));
                e.detail += ": taints must be unique by key and effect pair";
                errors.push_back(std::move(e));
                continue;
            }
            unique[effect].insert(key);
        }
    }
    std::size_t i = 0;
    for (const std::string& cidr : stringList(arrayField(spec, "podCIDRs"))) {
        const auto slash = cidr.find('/');
        bool ok = slash != std::string::npos && isValidIp(cidr.substr(0, slash)).empty();
        if (ok) {
            const std::string bits = cidr.substr(slash + 1);
            ok = !bits.empty() && bits.size() <= 3 && std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; });
        }
        if (!ok)
            errors.push_back(invalid(Path("spec").child("podCIDRs").index(i), Value::string(cidr), "must be a valid CIDR"));
        ++i;
    }
    if (old) {
        const Json& oldSpec = objectOrEmpty(objectField(*old, "spec"));
        if (sizeOf(oldSpec, "podCIDRs") > 0 && !sameField(field(spec, "podCIDRs"), field(oldSpec, "podCIDRs")))
            errors.push_back(forbidden(Path("spec").child("podCIDRs"), "node updates may not change podCIDR except from \"\" to valid"));
        const std::string oldProvider = str(oldSpec, "providerID");
        if (!oldProvider.empty() && oldProvider != str(spec, "providerID"))
            errors.push_back(forbidden(Path("spec").child("providerID"), "node updates may not change providerID except from \"\" to valid"));
    }
    return errors;
}

ErrorList validatePodTemplate(const Json& podTemplate)
{
    ErrorList errors = validateObjectMeta(podTemplate, true, nameIsDnsSubdomain());
    append(errors, validatePodTemplateSpec(objectOrEmpty(objectField(podTemplate, "template")), Path("template")));
    return errors;
}

// LimitRange and ResourceQuota ---------------------------------------------------------------

ErrorList validateLimitRange(const Json& limitRange)
{
    ErrorList errors = validateObjectMeta(limitRange, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(limitRange, "spec"));
    const Json* limits = arrayField(spec, "limits");
    if (!limits)
        return errors;
    std::set<std::string> types;
    for (std::size_t i = 0; i < limits->size(); ++i) {
        const Json& limit = objectOrEmpty(&(*limits)[i]);
        const Path ip = Path("spec").child("limits").index(i);
        const std::string type = str(limit, "type");
        if (types.count(type))
            errors.push_back(duplicate(ip.child("type"), Value::string(type)));
        types.insert(type);
        const auto typeErrors = isQualifiedName(type);
        for (const std::string& msg : typeErrors)
            errors.push_back(invalid(ip, Value::string(type), msg));
        if (typeErrors.empty() && type.find('/') == std::string::npos && type != "Pod" && type != "Container"
            && type != "PersistentVolumeClaim")
            errors.push_back(invalid(ip, Value::string(type), "must be a standard limit type or fully qualified"));

        std::map<std::string, std::map<std::string, Quantity>> lists;
        std::set<std::string> keys;
        for (const char* list : {"max", "min", "default", "defaultRequest", "maxLimitRequestRatio"}) {
            const Json* values = objectField(limit, list);
            if (!values)
                continue;
            if (type == "Pod" && (std::string_view(list) == "default" || std::string_view(list) == "defaultRequest")) {
                if (!values->empty())
                    errors.push_back(forbidden(ip.child(list), "may not be specified when `type` is 'Pod'"));
                continue;
            }
            for (auto it = values->begin(); it != values->end(); ++it) {
                const Path kp = ip.child(list).key(it.key());
                const auto nameErrors = isQualifiedName(it.key());
                for (const std::string& msg : nameErrors)
                    errors.push_back(invalid(kp, Value::string(it.key()), msg));
                std::string error;
                if (auto q = parseQuantity(it.value(), &error)) {
                    lists[list].emplace(it.key(), *q);
                    keys.insert(it.key());
                } else {
                    errors.push_back(invalid(kp, Value::fromJson(it.value()), error));
                }
            }
        }
        if (type == "PersistentVolumeClaim" && !lists["min"].count("storage") && !lists["max"].count("storage"))
            errors.push_back(required(ip.child("limits"), "either minimum or maximum storage value is required, but neither was provided"));
        for (const std::string& k : keys) {
            auto get = [&](const char* list) -> std::optional<Quantity> {
                auto l = lists.find(list);
                if (l == lists.end())
                    return std::nullopt;
                auto q = l->second.find(k);
                return q == l->second.end() ? std::nullopt : std::optional<Quantity>(q->second);
            };
            const auto min = get("min");
            const auto max = get("max");
            const auto def = get("default");
            const auto defRequest = get("defaultRequest");
            const auto ratio = get("maxLimitRequestRatio");
            auto text = [](const Quantity& q) { return q.toString(); };
            if (min && max && *min > *max)
                errors.push_back(invalid(ip.child("min").key(k), Value::raw(text(*min)),
                                         "min value " + text(*min) + " is greater than max value " + text(*max)));
            if (defRequest && min && *min > *defRequest)
                errors.push_back(invalid(ip.child("defaultRequest").key(k), Value::raw(text(*defRequest)),
                                         "min value " + text(*min) + " is greater than default request value " + text(*defRequest)));
            if (defRequest && max && *defRequest > *max)
                errors.push_back(invalid(ip.child("defaultRequest").key(k), Value::raw(text(*defRequest)),
                                         "default request value " + text(*defRequest) + " is greater than max value " + text(*max)));
            if (defRequest && def && *defRequest > *def)
                errors.push_back(invalid(ip.child("defaultRequest").key(k), Value::raw(text(*defRequest)),
                                         "default request value " + text(*defRequest) + " is greater than default limit value "
                                             + text(*def)));
            if (def && min && *min > *def)
                errors.push_back(invalid(ip.child("default").key(k), Value::raw(text(*min)),
                                         "min value " + text(*min) + " is greater than default value " + text(*def)));
            if (def && max && *def > *max)
                errors.push_back(invalid(ip.child("default").key(k), Value::raw(text(*max)),
                                         "default value " + text(*def) + " is greater than max value " + text(*max)));
            if (ratio && *ratio < Quantity::fromValue(1))
                errors.push_back(invalid(ip.child("maxLimitRequestRatio").key(k), Value::raw(text(*ratio)),
                                         "ratio " + text(*ratio) + " is less than 1"));
            if (ratio && min && max && min->milliValue() > 0) {
                const double limitRatio = static_cast<double>(max->milliValue()) / static_cast<double>(min->milliValue());
                if (static_cast<double>(ratio->milliValue()) / 1000.0 > limitRatio) {
                    char buf[64];
                    std::snprintf(buf, sizeof buf, "%f", limitRatio);
                    errors.push_back(invalid(ip.child("maxLimitRequestRatio").key(k), Value::raw(text(*ratio)),
                                             "ratio " + text(*ratio) + " is greater than max/min = " + buf));
                }
            }
            const bool overcommit = (k.find('/') == std::string::npos || k.find("kubernetes.io/") != std::string::npos)
                                    && k.rfind("hugepages-", 0) != 0;
            if (!overcommit && def && defRequest && *def != *defRequest)
                errors.push_back(invalid(ip.child("defaultRequest").key(k), Value::raw(text(*defRequest)),
                                         "default value " + text(*def) + " must equal to defaultRequest value " + text(*defRequest)
                                             + " in " + k));
        }
    }
    return errors;
}

ErrorList validateResourceQuota(const Json& quota)
{
    static const std::set<std::string> kQuotaResources = {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.storage",
        "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services",
        "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims",
        "services.nodeports", "services.loadbalancers"};
    static const std::set<std::string> kIntegerResources = {
        "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
        "persistentvolumeclaims", "services.nodeports", "services.loadbalancers"};
    ErrorList errors = validateObjectMeta(quota, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(quota, "spec"));
    if (const Json* hard = objectField(spec, "hard")) {
        for (auto it = hard->begin(); it != hard->end(); ++it) {
            const std::string name = it.key();
            const Path rp = Path("spec").child("hard").key(name);
            ErrorList nameErrors = validateQualifiedName(name, rp);
            const bool hugePages = name.rfind("hugepages-", 0) == 0 || name.rfind("requests.hugepages-", 0) == 0;
            if (nameErrors.empty() && name.find('/') == std::string::npos && !kQuotaResources.count(name) && !hugePages)
                nameErrors.push_back(invalid(rp, Value::string(name), "must be a standard resource type or fully qualified"));
            if (name.find('/') == std::string::npos && !kQuotaResources.count(name) && !hugePages)
                nameErrors.push_back(invalid(rp, Value::string(name), "must be a standard resource for quota"));
            append(errors, std::move(nameErrors));
            std::optional<Quantity> q;
            append(errors, validateNonnegativeQuantity(it.value(), rp, &q));
            const bool integerResource = kIntegerResources.count(name) > 0 || name.rfind("count/", 0) == 0
                                         || (name.find('/') != std::string::npos && name.find("kubernetes.io/") == std::string::npos
                                             && name.rfind("requests.", 0) != 0);
            if (q && integerResource && q->milliValue() % 1000 != 0)
                errors.push_back(invalid(rp, Value::raw(q->toString()), "must be an integer"));
        }
    }
    static const std::vector<std::string> kScopes = {"Terminating", "NotTerminating", "BestEffort", "NotBestEffort",
                                                      "PriorityClass", "CrossNamespacePodAffinity"};
    for (const std::string& scope : stringList(arrayField(spec, "scopes")))
        if (std::find(kScopes.begin(), kScopes.end(), scope) == kScopes.end())
            errors.push_back(invalid(Path("spec").child("scopes"), Value::raw(goStringSlice(arrayField(spec, "scopes"))),
                                     "unsupported scope"));
    return errors;
}

} // namespace

ErrorList validateCoreKind(const Json& object, const Json* old)
{
    const std::string kind = kindOf(object);
    if (kind == "Service")
        return validateService(object, old);
    if (kind == "Endpoints")
        return validateEndpoints(object);
    if (kind == "PersistentVolume")
        return validatePersistentVolume(object, old);
    if (kind == "PersistentVolumeClaim")
        return validatePersistentVolumeClaim(object, old);
    if (kind == "ConfigMap")
        return validateConfigMap(object, old);
    if (kind == "Secret")
        return validateSecret(object, old);
    if (kind == "Namespace")
        return validateNamespace(object);
    if (kind == "Node")
        return validateNode(object, old);
    if (kind == "ServiceAccount")
        return validateObjectMeta(object, true, nameIsDnsSubdomain());
    if (kind == "PodTemplate")
        return validatePodTemplate(object);
    if (kind == "LimitRange")
        return validateLimitRange(object);
    if (kind == "ResourceQuota")
        return validateResourceQuota(object);
    return {};
}

} // namespace kubelab::core::validation
