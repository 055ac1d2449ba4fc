// SPDX-License-Identifier: GPL-3.0-or-later
// Rows of the storage kinds: volumes, claims, storage classes and the CSI objects.

#include "core/cli/printers_support.h"
#include "core/sim/engine.h"

namespace kubelab::cli::detail {

namespace {

} // namespace

Row persistentVolumeRow(const core::Engine& engine, const Json& pv)
{
    std::string claim;
    if (has(pv, "/spec/claimRef"))
        claim = str(pv, "/spec/claimRef/namespace") + "/" + str(pv, "/spec/claimRef/name");
    std::string phase = str(pv, "/status/phase");
    if (has(pv, "/metadata/deletionTimestamp"))
        phase = "Terminating";
    return {core::nameOf(pv),
            quantityText(find(pv, "/spec/capacity/storage")),
            accessModes(array(pv, "/spec/accessModes")),
            str(pv, "/spec/persistentVolumeReclaimPolicy"),
            phase,
            claim,
            storageClassOf(pv),
            str(pv, "/spec/volumeAttributesClassName", "<unset>"),
            str(pv, "/status/reason"),
            age(engine, pv),
            str(pv, "/spec/volumeMode", "<unset>")};
}

Row persistentVolumeClaimRow(const core::Engine& engine, const Json& pvc)
{
    std::string phase = str(pvc, "/status/phase");
    if (has(pvc, "/metadata/deletionTimestamp"))
        phase = "Terminating";
    std::string capacity;
    std::string modes;
    const std::string volumeName = str(pvc, "/spec/volumeName");
    if (!volumeName.empty()) {
        modes = accessModes(array(pvc, "/status/accessModes"));
        capacity = quantityText(find(pvc, "/status/capacity/storage"));
    }
    return {core::nameOf(pvc),
            phase,
            volumeName,
            capacity,
            modes,
            storageClassOf(pvc),
            str(pvc, "/spec/volumeAttributesClassName", "<unset>"),
            age(engine, pvc),
            str(pvc, "/spec/volumeMode", "<unset>")};
}

Row storageClassRow(const core::Engine& engine, const Json& sc)
{
    std::string name = core::nameOf(sc);
    const Json& annotations = object(sc, "/metadata/annotations");
    auto isTrue = [&](const char* key) {
        auto it = annotations.find(key);
        return it != annotations.end() && it->is_string() && it->get<std::string>() == "true";
    };
    if (isTrue("storageclass.kubernetes.io/is-default-class") ||
        isTrue("storageclass.beta.kubernetes.io/is-default-class"))
        name += " (default)";
    return {name,
            str(sc, "/provisioner"),
            str(sc, "/reclaimPolicy", "Delete"),
            str(sc, "/volumeBindingMode", "Immediate"),
            boolText(boolean(sc, "/allowVolumeExpansion")),
            age(engine, sc)};
}

Row csiDriverRow(const core::Engine& engine, const Json& driver)
{
    std::vector<std::string> modes;
    for (const Json& m : array(driver, "/spec/volumeLifecycleModes"))
        modes.push_back(scalarText(m));
    std::string modesText = modes.empty() ? "<none>" : join(modes, ",");
    std::string tokenRequests = "<unset>";
    if (has(driver, "/spec/tokenRequests")) {
        std::vector<std::string> audiences;
        for (const Json& t : array(driver, "/spec/tokenRequests"))
            audiences.push_back(str(t, "/audience"));
        tokenRequests = join(audiences, ",");
    }
    return {core::nameOf(driver),
            boolText(boolean(driver, "/spec/attachRequired", true)),
            boolText(boolean(driver, "/spec/podInfoOnMount")),
            boolText(boolean(driver, "/spec/storageCapacity")),
            tokenRequests,
            boolText(boolean(driver, "/spec/requiresRepublish")),
            modesText,
            age(engine, driver)};
}

Row csiNodeRow(const core::Engine& engine, const Json& node)
{
    return {core::nameOf(node), std::to_string(array(node, "/spec/drivers").size()), age(engine, node)};
}

Row csiStorageCapacityRow(const core::Engine&, const Json& capacity)
{
    std::string text = has(capacity, "/capacity") ? quantityText(find(capacity, "/capacity")) : "<unset>";
    return {core::nameOf(capacity), str(capacity, "/storageClassName"), text};
}

Row volumeAttachmentRow(const core::Engine& engine, const Json& attachment)
{
    return {core::nameOf(attachment),
            str(attachment, "/spec/attacher"),
            str(attachment, "/spec/source/persistentVolumeName"),
            str(attachment, "/spec/nodeName"),
            boolText(boolean(attachment, "/status/attached")),
            age(engine, attachment)};
}

} // namespace kubelab::cli::detail
