// SPDX-License-Identifier: GPL-3.0-or-later
// `kubectl describe` for storage: PersistentVolume, PersistentVolumeClaim, StorageClass.

#include <algorithm>
#include <map>

#include "core/api/names.h"
#include "core/cli/describe_support.h"
#include "core/sim/engine.h"

namespace kubelab::cli::detail {

namespace {

/// A string list as Go's `%v` prints a slice: `[a b]`.
std::string goList(const Json& values)
{
    std::vector<std::string> items;
    if (values.is_array())
        for (const Json& v : values)
            items.push_back(scalarText(v));
    return "[" + join(items, " ") + "]";
}

void printNodeAffinity(const Json& pv, DescribeWriter& w)
{
    w.write(0, "Node Affinity:\t");
    if (!has(pv, "/spec/nodeAffinity/required")) {
        w.line("<none>");
        return;
    }
    w.line();
    w.write(1, "Required Terms:\t");
    const Json& terms = array(pv, "/spec/nodeAffinity/required/nodeSelectorTerms");
    if (terms.empty()) {
        w.line("<none>");
        return;
    }
    w.line();
    for (std::size_t i = 0; i < terms.size(); ++i) {
        w.write(2, "Term " + std::to_string(i) + ":\t");
        const Json& expressions = array(terms[i], "/matchExpressions");
        if (expressions.empty()) {
            w.line("<none>");
            continue;
        }
        for (std::size_t j = 0; j < expressions.size(); ++j) {
            const Json& req = expressions[j];
            if (j != 0)
                w.write(2, "\t");
            std::string text = str(req, "/key") + " " + core::asciiLower(str(req, "/operator"));
            std::vector<std::string> values;
            for (const Json& v : array(req, "/values"))
                values.push_back(scalarText(v));
            if (!values.empty())
                text += " [" + join(values, ", ") + "]";
            w.write(0, text + "\n");
        }
    }
}

void printSource(const Json& spec, DescribeWriter& w)
{
    if (has(spec, "/hostPath")) {
        w.write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t" + str(spec, "/hostPath/path") +
                       "\n    HostPathType:\t" + str(spec, "/hostPath/type") + "\n");
    } else if (has(spec, "/nfs")) {
        w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t" + str(spec, "/nfs/server") +
                       "\n    Path:\t" + str(spec, "/nfs/path") + "\n    ReadOnly:\t" +
                       boolText(boolean(spec, "/nfs/readOnly")) + "\n");
    } else if (has(spec, "/local")) {
        w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t" +
                       str(spec, "/local/path") + "\n");
    } else if (has(spec, "/csi")) {
        w.write(2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t" +
                       str(spec, "/csi/driver") + "\n    FSType:\t" + str(spec, "/csi/fsType") + "\n    VolumeHandle:\t" +
                       str(spec, "/csi/volumeHandle") + "\n    ReadOnly:\t" + boolText(boolean(spec, "/csi/readOnly")) +
                       "\n");
        w.write(2, "VolumeAttributes:\t");
        const Json& attributes = object(spec, "/csi/volumeAttributes");
        if (attributes.empty()) {
            w.line("<none>");
            return;
        }
        std::map<std::string, std::string> sorted;
        for (auto it = attributes.begin(); it != attributes.end(); ++it)
            sorted[it.key()] = scalarText(it.value());
        bool first = true;
        for (const auto& [key, value] : sorted) {
            if (!first)
                w.write(2, "\t");
            first = false;
            std::string text = key + "=" + value;
            if (text.size() > 140)
                text = text.substr(0, 140) + "...";
            w.write(2, text + "\n");
        }
    } else {
        w.write(1, "<unknown>\n");
    }
}

} // namespace

void describePersistentVolume(const core::Engine& engine, const Json& pv, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(pv) + "\n");
    printLabelsMultiline(w, "Labels", object(pv, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(pv, "/metadata/annotations"));
    w.write(0, "Finalizers:\t" + goList(array(pv, "/metadata/finalizers")) + "\n");
    w.write(0, "StorageClass:\t" + storageClassOf(pv) + "\n");
    if (has(pv, "/metadata/deletionTimestamp"))
        w.write(0, "Status:\tTerminating (lasts " + since(engine, pv, "/metadata/deletionTimestamp") + ")\n");
    else
        w.write(0, "Status:\t" + str(pv, "/status/phase") + "\n");
    if (has(pv, "/spec/claimRef"))
        w.write(0, "Claim:\t" + str(pv, "/spec/claimRef/namespace") + "/" + str(pv, "/spec/claimRef/name") + "\n");
    else
        w.write(0, "Claim:\t\n");
    w.write(0, "Reclaim Policy:\t" + str(pv, "/spec/persistentVolumeReclaimPolicy") + "\n");
    w.write(0, "Access Modes:\t" + accessModes(array(pv, "/spec/accessModes")) + "\n");
    if (has(pv, "/spec/volumeMode"))
        w.write(0, "VolumeMode:\t" + str(pv, "/spec/volumeMode") + "\n");
    w.write(0, "Capacity:\t" + quantityText(find(pv, "/spec/capacity/storage")) + "\n");
    printNodeAffinity(pv, w);
    w.write(0, "Message:\t" + str(pv, "/status/message") + "\n");
    w.write(0, "Source:\n");
    printSource(object(pv, "/spec"), w);
    describeEventsOf(engine, pv, w);
}

void describePersistentVolumeClaim(const core::Engine& engine, const Json& pvc, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(pvc) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(pvc) + "\n");
    w.write(0, "StorageClass:\t" + storageClassOf(pvc) + "\n");
    if (has(pvc, "/metadata/deletionTimestamp"))
        w.write(0, "Status:\tTerminating (lasts " + since(engine, pvc, "/metadata/deletionTimestamp") + ")\n");
    else
        w.write(0, "Status:\t" + str(pvc, "/status/phase") + "\n");
    const std::string volume = str(pvc, "/spec/volumeName");
    w.write(0, "Volume:\t" + volume + "\n");
    printLabelsMultiline(w, "Labels", object(pvc, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(pvc, "/metadata/annotations"));
    w.write(0, "Finalizers:\t" + goList(array(pvc, "/metadata/finalizers")) + "\n");
    std::string capacity;
    std::string modes;
    if (!volume.empty()) {
        modes = accessModes(array(pvc, "/status/accessModes"));
        capacity = quantityText(find(pvc, "/status/capacity/storage"));
    }
    w.write(0, "Capacity:\t" + capacity + "\n");
    w.write(0, "Access Modes:\t" + modes + "\n");
    if (has(pvc, "/spec/volumeMode"))
        w.write(0, "VolumeMode:\t" + str(pvc, "/spec/volumeMode") + "\n");
    if (has(pvc, "/spec/dataSource")) {
        w.write(0, "DataSource:\n");
        if (has(pvc, "/spec/dataSource/apiGroup"))
            w.write(1, "APIGroup:\t" + str(pvc, "/spec/dataSource/apiGroup") + "\n");
        w.write(1, "Kind:\t" + str(pvc, "/spec/dataSource/kind") + "\n");
        w.write(1, "Name:\t" + str(pvc, "/spec/dataSource/name") + "\n");
    }

    // Pods using the claim, then pods owning it (kubectl's getPodsForPVC), by name.
    std::vector<std::string> users;
    const std::vector<core::ObjectPtr> pods = engine.list("Pod", core::namespaceOf(pvc));
    for (const core::ObjectPtr& pod : pods)
        for (const Json& v : array(*pod, "/spec/volumes"))
            if (has(v, "/persistentVolumeClaim") && str(v, "/persistentVolumeClaim/claimName") == core::nameOf(pvc))
                users.push_back(core::nameOf(*pod));
    for (const Json& owner : array(pvc, "/metadata/ownerReferences")) {
        if (str(owner, "/kind") != "Pod")
            continue;
        for (const core::ObjectPtr& pod : pods)
            if (core::uidOf(*pod) == str(owner, "/uid") &&
                std::ranges::find(users, core::nameOf(*pod)) == users.end())
                users.push_back(core::nameOf(*pod));
    }
    std::ranges::stable_sort(users);
    w.write(0, "Used By:\t");
    if (users.empty()) {
        w.line("<none>");
    } else {
        for (std::size_t i = 0; i < users.size(); ++i) {
            if (i != 0)
                w.write(0, "\t");
            w.write(0, users[i] + "\n");
        }
    }
    if (const Json& conditions = array(pvc, "/status/conditions"); !conditions.empty()) {
        w.write(0, "Conditions:\n");
        w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
        for (const Json& c : conditions)
            w.write(1, str(c, "/type") + " \t" + str(c, "/status") + " \t" + rfc1123z(c, "/lastProbeTime") + " \t" +
                           rfc1123z(c, "/lastTransitionTime") + " \t" + str(c, "/reason") + " \t" + str(c, "/message") +
                           "\n");
    }
    describeEventsOf(engine, pvc, w);
}

void describeStorageClass(const core::Engine& engine, const Json& sc, DescribeWriter& w)
{
    const Json& annotations = object(sc, "/metadata/annotations");
    auto isTrue = [&](const char* key) {
        auto it = annotations.find(key);
        return it != annotations.end() && it->is_string() && it->get<std::string>() == "true";
    };
    const bool isDefault = isTrue("storageclass.kubernetes.io/is-default-class") ||
                           isTrue("storageclass.beta.kubernetes.io/is-default-class");
    w.write(0, "Name:\t" + core::nameOf(sc) + "\n");
    w.write(0, std::string("IsDefaultClass:\t") + (isDefault ? "Yes" : "No") + "\n");
    w.write(0, "Annotations:\t" + formatLabels(annotations) + "\n");
    w.write(0, "Provisioner:\t" + str(sc, "/provisioner") + "\n");
    w.write(0, "Parameters:\t" + formatLabels(object(sc, "/parameters")) + "\n");
    w.write(0, "AllowVolumeExpansion:\t" +
                   (has(sc, "/allowVolumeExpansion") ? printBool(boolean(sc, "/allowVolumeExpansion"))
                                                     : std::string("<unset>")) + "\n");
    const Json& options = array(sc, "/mountOptions");
    if (options.empty()) {
        w.write(0, "MountOptions:\t<none>\n");
    } else {
        w.write(0, "MountOptions:\n");
        for (const Json& o : options)
            w.write(1, scalarText(o) + "\n");
    }
    if (has(sc, "/reclaimPolicy"))
        w.write(0, "ReclaimPolicy:\t" + str(sc, "/reclaimPolicy") + "\n");
    if (has(sc, "/volumeBindingMode"))
        w.write(0, "VolumeBindingMode:\t" + str(sc, "/volumeBindingMode") + "\n");
    if (const Json* topologies = find(sc, "/allowedTopologies"); topologies && !topologies->is_null()) {
        w.write(0, "AllowedTopologies:\t");
        if (topologies->empty()) {
            w.line("<none>");
        } else {
            w.line();
            for (std::size_t i = 0; i < topologies->size(); ++i) {
                w.write(1, "Term " + std::to_string(i) + ":\t");
                const Json& reqs = array((*topologies)[i], "/matchLabelExpressions");
                if (reqs.empty()) {
                    w.line("<none>");
                    continue;
                }
                for (std::size_t j = 0; j < reqs.size(); ++j) {
                    if (j != 0)
                        w.write(1, "\t");
                    std::vector<std::string> values;
                    for (const Json& v : array(reqs[j], "/values"))
                        values.push_back(scalarText(v));
                    std::string text = str(reqs[j], "/key") + " in";
                    if (!values.empty())
                        text += " [" + join(values, ", ") + "]";
                    w.write(0, text + "\n");
                }
            }
        }
    }
    describeEventsOf(engine, sc, w);
}

} // namespace kubelab::cli::detail
