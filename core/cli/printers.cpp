// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/printers.h"

#include <algorithm>
#include <cctype>

#include "core/api/names.h"
#include "core/cli/printers_support.h"
#include "core/sim/engine.h"

namespace kubelab::cli {

namespace detail {

namespace {

// Columns as upstream's printers.go declares them (pkg/printers/internalversion), in the
// v1.31 order. Priority 1 columns print with `-o wide` only.
constexpr Column kPodColumns[] = {
    {"Name", 0, true}, {"Ready"}, {"Status"}, {"Restarts"}, {"Age"},
    {"IP", 1}, {"Node", 1}, {"Nominated Node", 1}, {"Readiness Gates", 1}};
constexpr Column kPodTemplateColumns[] = {{"Name", 0, true}, {"Containers"}, {"Images"}, {"Pod Labels"}};
constexpr Column kPodDisruptionBudgetColumns[] = {
    {"Name", 0, true}, {"Min Available"}, {"Max Unavailable"}, {"Allowed Disruptions"}, {"Age"}};
constexpr Column kReplicaColumns[] = {
    {"Name", 0, true}, {"Desired"}, {"Current"}, {"Ready"}, {"Age"},
    {"Containers", 1}, {"Images", 1}, {"Selector", 1}};
constexpr Column kDaemonSetColumns[] = {
    {"Name", 0, true}, {"Desired"}, {"Current"}, {"Ready"}, {"Up-to-date"}, {"Available"},
    {"Node Selector"}, {"Age"}, {"Containers", 1}, {"Images", 1}, {"Selector", 1}};
constexpr Column kJobColumns[] = {
    {"Name", 0, true}, {"Status"}, {"Completions"}, {"Duration"}, {"Age"},
    {"Containers", 1}, {"Images", 1}, {"Selector", 1}};
constexpr Column kCronJobColumns[] = {
    {"Name", 0, true}, {"Schedule"}, {"Timezone"}, {"Suspend"}, {"Active"}, {"Last Schedule"}, {"Age"},
    {"Containers", 1}, {"Images", 1}, {"Selector", 1}};
constexpr Column kServiceColumns[] = {
    {"Name", 0, true}, {"Type"}, {"Cluster-IP"}, {"External-IP"}, {"Port(s)"}, {"Age"}, {"Selector", 1}};
constexpr Column kIngressColumns[] = {{"Name", 0, true}, {"Class"}, {"Hosts"}, {"Address"}, {"Ports"}, {"Age"}};
constexpr Column kIngressClassColumns[] = {{"Name", 0, true}, {"Controller"}, {"Parameters"}, {"Age"}};
constexpr Column kStatefulSetColumns[] = {{"Name", 0, true}, {"Ready"}, {"Age"}, {"Containers", 1}, {"Images", 1}};
constexpr Column kEndpointsColumns[] = {{"Name", 0, true}, {"Endpoints"}, {"Age"}};
constexpr Column kNodeColumns[] = {
    {"Name", 0, true}, {"Status"}, {"Roles"}, {"Age"}, {"Version"},
    {"Internal-IP", 1}, {"External-IP", 1}, {"OS-Image", 1}, {"Kernel-Version", 1}, {"Container-Runtime", 1}};
constexpr Column kEventColumns[] = {
    {"Last Seen"}, {"Type"}, {"Reason"}, {"Object"}, {"Subobject", 1}, {"Source", 1}, {"Message"},
    {"First Seen", 1}, {"Count", 1}, {"Name", 1, true}};
constexpr Column kNamespaceColumns[] = {{"Name", 0, true}, {"Status"}, {"Age"}};
constexpr Column kSecretColumns[] = {{"Name", 0, true}, {"Type"}, {"Data"}, {"Age"}};
constexpr Column kServiceAccountColumns[] = {{"Name", 0, true}, {"Secrets"}, {"Age"}};
constexpr Column kPersistentVolumeColumns[] = {
    {"Name", 0, true}, {"Capacity"}, {"Access Modes"}, {"Reclaim Policy"}, {"Status"}, {"Claim"},
    {"StorageClass"}, {"VolumeAttributesClass"}, {"Reason"}, {"Age"}, {"VolumeMode", 1}};
constexpr Column kPersistentVolumeClaimColumns[] = {
    {"Name", 0, true}, {"Status"}, {"Volume"}, {"Capacity"}, {"Access Modes"}, {"StorageClass"},
    {"VolumeAttributesClass"}, {"Age"}, {"VolumeMode", 1}};
constexpr Column kComponentStatusColumns[] = {{"Name", 0, true}, {"Status"}, {"Message"}, {"Error"}};
constexpr Column kDeploymentColumns[] = {
    {"Name", 0, true}, {"Ready"}, {"Up-to-date"}, {"Available"}, {"Age"},
    {"Containers", 1}, {"Images", 1}, {"Selector", 1}};
constexpr Column kHorizontalPodAutoscalerColumns[] = {
    {"Name", 0, true}, {"Reference"}, {"Targets"}, {"MinPods"}, {"MaxPods"}, {"Replicas"}, {"Age"}};
constexpr Column kConfigMapColumns[] = {{"Name", 0, true}, {"Data"}, {"Age"}};
constexpr Column kNetworkPolicyColumns[] = {{"Name", 0, true}, {"Pod-Selector"}, {"Age"}};
constexpr Column kRoleBindingColumns[] = {
    {"Name", 0, true}, {"Role"}, {"Age"}, {"Users", 1}, {"Groups", 1}, {"ServiceAccounts", 1}};
constexpr Column kLeaseColumns[] = {{"Name", 0, true}, {"Holder"}, {"Age"}};
constexpr Column kStorageClassColumns[] = {
    {"Name", 0, true}, {"Provisioner"}, {"ReclaimPolicy"}, {"VolumeBindingMode"}, {"AllowVolumeExpansion"}, {"Age"}};
constexpr Column kControllerRevisionColumns[] = {{"Name", 0, true}, {"Controller"}, {"Revision"}, {"Age"}};
// v1.31 still prints AGE second for quotas (moved last in v1.33).
constexpr Column kResourceQuotaColumns[] = {{"Name", 0, true}, {"Age"}, {"Request"}, {"Limit"}};
constexpr Column kPriorityClassColumns[] = {
    {"Name", 0, true}, {"Value"}, {"Global-Default"}, {"Age"}, {"PreemptionPolicy", 1}};
constexpr Column kVolumeAttachmentColumns[] = {
    {"Name", 0, true}, {"Attacher"}, {"PV"}, {"Node"}, {"Attached"}, {"Age"}};
constexpr Column kEndpointSliceColumns[] = {{"Name", 0, true}, {"AddressType"}, {"Ports"}, {"Endpoints"}, {"Age"}};
constexpr Column kCsiNodeColumns[] = {{"Name", 0, true}, {"Drivers"}, {"Age"}};
constexpr Column kCsiDriverColumns[] = {
    {"Name", 0, true}, {"AttachRequired"}, {"PodInfoOnMount"}, {"StorageCapacity"}, {"TokenRequests"},
    {"RequiresRepublish"}, {"Modes"}, {"Age"}};
constexpr Column kCsiStorageCapacityColumns[] = {{"Name", 0, true}, {"StorageClassName"}, {"Capacity"}};
// The API server's default table for kinds without a printer (rest.defaultTableConvertor).
constexpr Column kCreatedAtColumns[] = {{"Name", 0, true}, {"Created At"}};
// kubectl's own fallback (cli-runtime printers.objectMetaColumnDefinitions).
constexpr Column kNameAgeColumns[] = {{"Name", 0, true}, {"Age"}};

// The one place that maps a kind to its printer.
const KindPrinter kPrinters[] = {
    {"Pod", kPodColumns, podRow},
    {"PodTemplate", kPodTemplateColumns, podTemplateRow},
    {"PodDisruptionBudget", kPodDisruptionBudgetColumns, podDisruptionBudgetRow},
    {"ReplicationController", kReplicaColumns, replicationControllerRow},
    {"ReplicaSet", kReplicaColumns, replicaSetRow},
    {"DaemonSet", kDaemonSetColumns, daemonSetRow},
    {"Job", kJobColumns, jobRow},
    {"CronJob", kCronJobColumns, cronJobRow},
    {"Service", kServiceColumns, serviceRow},
    {"Ingress", kIngressColumns, ingressRow},
    {"IngressClass", kIngressClassColumns, ingressClassRow},
    {"StatefulSet", kStatefulSetColumns, statefulSetRow},
    {"Endpoints", kEndpointsColumns, endpointsRow},
    {"Node", kNodeColumns, nodeRow},
    {"Event", kEventColumns, eventRow},
    {"Namespace", kNamespaceColumns, namespaceRow},
    {"Secret", kSecretColumns, secretRow},
    {"ServiceAccount", kServiceAccountColumns, serviceAccountRow},
    {"PersistentVolume", kPersistentVolumeColumns, persistentVolumeRow},
    {"PersistentVolumeClaim", kPersistentVolumeClaimColumns, persistentVolumeClaimRow},
    {"ComponentStatus", kComponentStatusColumns, componentStatusRow},
    {"Deployment", kDeploymentColumns, deploymentRow},
    {"HorizontalPodAutoscaler", kHorizontalPodAutoscalerColumns, horizontalPodAutoscalerRow},
    {"ConfigMap", kConfigMapColumns, configMapRow},
    {"NetworkPolicy", kNetworkPolicyColumns, networkPolicyRow},
    {"RoleBinding", kRoleBindingColumns, roleBindingRow},
    {"ClusterRoleBinding", kRoleBindingColumns, roleBindingRow},
    {"Lease", kLeaseColumns, leaseRow},
    {"StorageClass", kStorageClassColumns, storageClassRow},
    {"ControllerRevision", kControllerRevisionColumns, controllerRevisionRow},
    {"ResourceQuota", kResourceQuotaColumns, resourceQuotaRow},
    {"PriorityClass", kPriorityClassColumns, priorityClassRow},
    {"VolumeAttachment", kVolumeAttachmentColumns, volumeAttachmentRow},
    {"EndpointSlice", kEndpointSliceColumns, endpointSliceRow},
    {"CSINode", kCsiNodeColumns, csiNodeRow},
    {"CSIDriver", kCsiDriverColumns, csiDriverRow},
    {"CSIStorageCapacity", kCsiStorageCapacityColumns, csiStorageCapacityRow},
    // Built-in kinds without a printer get the API server's default table.
    {"Role", kCreatedAtColumns, createdAtRow},
    {"ClusterRole", kCreatedAtColumns, createdAtRow},
    {"LimitRange", kCreatedAtColumns, createdAtRow},
};

const KindPrinter kDefaultPrinter{"", kNameAgeColumns, nameAgeRow};

} // namespace

const KindPrinter& printerFor(std::string_view kind)
{
    for (const KindPrinter& p : kPrinters)
        if (p.kind == kind)
            return p;
    return kDefaultPrinter;
}

} // namespace detail

namespace {

std::string upper(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

/// `-L app.kubernetes.io/name` prints as NAME: the last path segment, upper-cased.
std::string labelHeader(std::string_view key)
{
    auto slash = key.rfind('/');
    return upper(slash == std::string_view::npos ? key : key.substr(slash + 1));
}

} // namespace

std::vector<TableColumnInfo> tableColumns(std::string_view kind)
{
    std::vector<TableColumnInfo> out;
    for (const detail::Column& c : detail::printerFor(kind).columns)
        out.push_back(TableColumnInfo{std::string(c.name), c.priority, c.isName});
    return out;
}

std::vector<std::string> tableCells(const core::Engine& engine, std::string_view kind, const Json& object)
{
    const detail::KindPrinter& printer = detail::printerFor(kind);
    detail::Row cells = printer.row(engine, object);
    cells.resize(printer.columns.size());
    return cells;
}

std::string printTable(const core::Engine& engine, const core::ResourceInfo& resource,
                       const std::vector<ObjectPtr>& objects, const TableOptions& options)
{
    using detail::Column;
    // kubectl prints no header either when there is nothing to print.
    if (objects.empty())
        return {};
    const detail::KindPrinter& printer = detail::printerFor(resource.kind);
    const bool withNamespace = options.allNamespaces && resource.namespaced;
    std::string kindPrefix;
    if (options.withKind) {
        kindPrefix = core::asciiLower(resource.kind);
        if (!resource.group.empty())
            kindPrefix += "." + std::string(resource.group);
        kindPrefix += "/";
    }

    std::vector<std::size_t> visible;
    for (std::size_t i = 0; i < printer.columns.size(); ++i)
        if (options.wide || printer.columns[i].priority == 0)
            visible.push_back(i);
    std::size_t nameColumn = printer.columns.size();
    for (std::size_t i = 0; i < printer.columns.size(); ++i)
        if (printer.columns[i].isName) {
            nameColumn = i;
            break;
        }

    std::vector<std::vector<std::string>> rows;
    if (!options.noHeaders) {
        std::vector<std::string> header;
        if (withNamespace)
            header.emplace_back("NAMESPACE");
        for (std::size_t i : visible)
            header.push_back(upper(printer.columns[i].name));
        for (const std::string& key : options.labelColumns)
            header.push_back(labelHeader(key));
        if (options.showLabels)
            header.emplace_back("LABELS");
        rows.push_back(std::move(header));
    }
    for (const ObjectPtr& object : objects) {
        if (!object)
            continue;
        detail::Row cells = printer.row(engine, *object);
        cells.resize(printer.columns.size());
        if (!kindPrefix.empty() && nameColumn < cells.size())
            cells[nameColumn] = kindPrefix + cells[nameColumn];
        std::vector<std::string> row;
        if (withNamespace)
            row.push_back(core::namespaceOf(*object));
        for (std::size_t i : visible)
            row.push_back(std::move(cells[i]));
        const Json& labels = detail::object(*object, "/metadata/labels");
        for (const std::string& key : options.labelColumns) {
            auto it = labels.find(key);
            row.push_back(it != labels.end() ? detail::scalarText(*it) : std::string());
        }
        if (options.showLabels)
            row.push_back(detail::formatLabels(labels));
        rows.push_back(std::move(row));
    }
    return tabulate(rows);
}

std::string tabulate(const std::vector<std::vector<std::string>>& rows)
{
    std::string text;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0)
                text += '\t';
            // A cell is cut at the first line break, as kubectl does.
            const std::string& cell = row[i];
            auto cut = cell.find_first_of("\n\r\f");
            if (cut == std::string::npos)
                text += cell;
            else
                text += cell.substr(0, cut) + "...";
        }
        text += '\n';
    }
    // kubectl's tabwriter: minimum width 6, tab width 4, padding 3, pad character ' '.
    return detail::tabwrite(text, 6, 3);
}

std::string ageOf(const core::Engine& engine, const Json& object, const char* field)
{
    return detail::since(engine, object, field);
}

} // namespace kubelab::cli
