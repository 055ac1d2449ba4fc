// SPDX-License-Identifier: GPL-3.0-or-later
// `kubectl describe` for the workload controllers: Deployment (with its old and new
// ReplicaSets), ReplicaSet, DaemonSet, StatefulSet, Job, CronJob, HorizontalPodAutoscaler
// and PodDisruptionBudget.

#include <algorithm>

#include "core/api/jsoncheck.h"

#include "core/cli/describe_support.h"
#include "core/controllers/deploymentutil.h"
#include "core/sim/engine.h"

namespace kubelab::cli::detail {

namespace {

std::string podStatusLine(const PodPhaseCounts& c)
{
    return std::to_string(c.running) + " Running / " + std::to_string(c.waiting) + " Waiting / " + std::to_string(c.succeeded) +
           " Succeeded / " + std::to_string(c.failed) + " Failed";
}

void describeConditionsWithReason(const Json& object, DescribeWriter& w)
{
    const Json& conditions = array(object, "/status/conditions");
    if (conditions.empty())
        return;
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
    w.write(1, "----\t------\t------\n");
    for (const Json& c : conditions)
        w.write(1, str(c, "/type") + " \t" + str(c, "/status") + "\t" + str(c, "/reason") + "\n");
}

/// A pod template without the `pod-template-hash` label, compared as an unordered
/// document (deploymentutil.EqualIgnoreHash).
nlohmann::json comparableTemplate(const Json& templ)
{
    return nlohmann::json::parse(core::templateWithoutHash(templ).dump());
}

std::string replicaSetsText(const std::vector<core::ObjectPtr>& sets)
{
    std::vector<std::string> parts;
    for (const core::ObjectPtr& rs : sets)
        parts.push_back(core::nameOf(*rs) + " (" + std::to_string(integer(*rs, "/status/replicas")) + "/" +
                        std::to_string(integer(*rs, "/spec/replicas", 1)) + " replicas created)");
    return parts.empty() ? std::string("<none>") : join(parts, ", ");
}

} // namespace

void describeDeployment(const core::Engine& engine, const Json& d, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(d) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(d) + "\n");
    w.write(0, "CreationTimestamp:\t" + rfc1123z(d, "/metadata/creationTimestamp") + "\n");
    printLabelsMultiline(w, "Labels", object(d, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(d, "/metadata/annotations"));
    w.write(0, "Selector:\t" + labelSelectorString(find(d, "/spec/selector")) + "\n");
    w.write(0, "Replicas:\t" + std::to_string(integer(d, "/spec/replicas", 1)) + " desired | " +
                   std::to_string(integer(d, "/status/updatedReplicas")) + " updated | " +
                   std::to_string(integer(d, "/status/replicas")) + " total | " +
                   std::to_string(integer(d, "/status/availableReplicas")) + " available | " +
                   std::to_string(integer(d, "/status/unavailableReplicas")) + " unavailable\n");
    const std::string strategy = str(d, "/spec/strategy/type", "RollingUpdate");
    w.write(0, "StrategyType:\t" + strategy + "\n");
    w.write(0, "MinReadySeconds:\t" + std::to_string(integer(d, "/spec/minReadySeconds")) + "\n");
    if (has(d, "/spec/strategy/rollingUpdate") || strategy == "RollingUpdate") {
        // The API server defaults both to 25%.
        const Json* unavailable = find(d, "/spec/strategy/rollingUpdate/maxUnavailable");
        const Json* surge = find(d, "/spec/strategy/rollingUpdate/maxSurge");
        w.write(0, "RollingUpdateStrategy:\t" + (unavailable ? intOrString(*unavailable) : std::string("25%")) +
                       " max unavailable, " + (surge ? intOrString(*surge) : std::string("25%")) + " max surge\n");
    }
    describePodTemplate(find(d, "/spec/template"), w);
    describeConditionsWithReason(d, w);

    // The deployment's ReplicaSets, oldest first; the new one has the same template.
    std::vector<core::ObjectPtr> owned;
    for (const core::ObjectPtr& rs : engine.list("ReplicaSet", core::namespaceOf(d))) {
        auto ref = core::controllerRefOf(*rs);
        if (ref && str(*ref, "/uid") == core::uidOf(d))
            owned.push_back(rs);
    }
    std::ranges::stable_sort(owned, [&](const core::ObjectPtr& a, const core::ObjectPtr& b) {
        auto ta = timeAt(engine, *a, "/metadata/creationTimestamp").value_or(0);
        auto tb = timeAt(engine, *b, "/metadata/creationTimestamp").value_or(0);
        return ta != tb ? ta < tb : core::nameOf(*a) < core::nameOf(*b);
    });
    const nlohmann::json wanted = comparableTemplate(object(d, "/spec/template"));
    std::vector<core::ObjectPtr> newSets;
    std::vector<core::ObjectPtr> oldSets;
    for (const core::ObjectPtr& rs : owned) {
        if (newSets.empty() && comparableTemplate(object(*rs, "/spec/template")) == wanted)
            newSets.push_back(rs);
        else
            oldSets.push_back(rs);
    }
    if (!oldSets.empty() || !newSets.empty()) {
        w.write(0, "OldReplicaSets:\t" + replicaSetsText(oldSets) + "\n");
        w.write(0, "NewReplicaSet:\t" + replicaSetsText(newSets) + "\n");
    }
    describeEventsOf(engine, d, w);
}

void describeReplicaSet(const core::Engine& engine, const Json& rs, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(rs) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(rs) + "\n");
    w.write(0, "Selector:\t" + formatLabelSelector(find(rs, "/spec/selector")) + "\n");
    printLabelsMultiline(w, "Labels", object(rs, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(rs, "/metadata/annotations"));
    if (std::string controller = controllerOf(rs); !controller.empty())
        w.write(0, "Controlled By:\t" + controller + "\n");
    w.write(0, "Replicas:\t" + std::to_string(integer(rs, "/status/replicas")) + " current / " +
                   std::to_string(integer(rs, "/spec/replicas", 1)) + " desired\n");
    w.write(0, "Pods Status:\t");
    w.write(0, podStatusLine(podPhasesOf(engine, rs)) + "\n");
    describePodTemplate(find(rs, "/spec/template"), w);
    describeConditionsWithReason(rs, w);
    describeEventsOf(engine, rs, w);
}

void describeDaemonSet(const core::Engine& engine, const Json& ds, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(ds) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(ds) + "\n");
    w.write(0, "Selector:\t" + labelSelectorString(find(ds, "/spec/selector")) + "\n");
    w.write(0, "Node-Selector:\t" + formatLabels(object(ds, "/spec/template/spec/nodeSelector")) + "\n");
    printLabelsMultiline(w, "Labels", object(ds, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(ds, "/metadata/annotations"));
    w.write(0, "Desired Number of Nodes Scheduled: " + std::to_string(integer(ds, "/status/desiredNumberScheduled")) + "\n");
    w.write(0, "Current Number of Nodes Scheduled: " + std::to_string(integer(ds, "/status/currentNumberScheduled")) + "\n");
    w.write(0, "Number of Nodes Scheduled with Up-to-date Pods: " +
                   std::to_string(integer(ds, "/status/updatedNumberScheduled")) + "\n");
    w.write(0, "Number of Nodes Scheduled with Available Pods: " + std::to_string(integer(ds, "/status/numberAvailable")) +
                   "\n");
    w.write(0, "Number of Nodes Misscheduled: " + std::to_string(integer(ds, "/status/numberMisscheduled")) + "\n");
    w.write(0, "Pods Status:\t" + podStatusLine(podPhasesOf(engine, ds)) + "\n");
    describePodTemplate(find(ds, "/spec/template"), w);
    describeEventsOf(engine, ds, w);
}

void describeStatefulSet(const core::Engine& engine, const Json& sts, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(sts) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(sts) + "\n");
    w.write(0, "CreationTimestamp:\t" + rfc1123z(sts, "/metadata/creationTimestamp") + "\n");
    w.write(0, "Selector:\t" + labelSelectorString(find(sts, "/spec/selector")) + "\n");
    printLabelsMultiline(w, "Labels", object(sts, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(sts, "/metadata/annotations"));
    w.write(0, "Replicas:\t" + std::to_string(integer(sts, "/spec/replicas", 1)) + " desired | " +
                   std::to_string(integer(sts, "/status/replicas")) + " total\n");
    const std::string strategy = str(sts, "/spec/updateStrategy/type", "RollingUpdate");
    w.write(0, "Update Strategy:\t" + strategy + "\n");
    if (strategy == "RollingUpdate") {
        // The API server defaults the partition to 0.
        w.write(1, "Partition:\t" + std::to_string(integer(sts, "/spec/updateStrategy/rollingUpdate/partition")) + "\n");
        if (const Json* max = find(sts, "/spec/updateStrategy/rollingUpdate/maxUnavailable"))
            w.write(1, "MaxUnavailable:\t" + intOrString(*max) + "\n");
    }
    w.write(0, "Pods Status:\t" + podStatusLine(podPhasesOf(engine, sts)) + "\n");
    describePodTemplate(find(sts, "/spec/template"), w);
    const Json& claims = array(sts, "/spec/volumeClaimTemplates");
    if (claims.empty()) {
        w.write(0, "Volume Claims:\t<none>\n");
    } else {
        w.write(0, "Volume Claims:\n");
        for (const Json& pvc : claims) {
            w.write(1, "Name:\t" + core::nameOf(pvc) + "\n");
            w.write(1, "StorageClass:\t" + str(pvc, "/spec/storageClassName") + "\n");
            printLabelsMultiline(w, "Labels", object(pvc, "/metadata/labels"), "  ");
            printLabelsMultiline(w, "Annotations", object(pvc, "/metadata/annotations"), "  ");
            const Json* capacity = find(pvc, "/spec/resources/requests/storage");
            w.write(1, "Capacity:\t" + (capacity ? quantityText(capacity) : std::string("<default>")) + "\n");
            std::vector<std::string> modes;
            for (const Json& m : array(pvc, "/spec/accessModes"))
                modes.push_back(scalarText(m));
            w.write(1, "Access Modes:\t[" + join(modes, " ") + "]\n");
        }
    }
    describeEventsOf(engine, sts, w);
}

void describeJob(const core::Engine& engine, const Json& job, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(job) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(job) + "\n");
    w.write(0, "Selector:\t" + labelSelectorString(find(job, "/spec/selector")) + "\n");
    printLabelsMultiline(w, "Labels", object(job, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(job, "/metadata/annotations"));
    if (std::string controller = controllerOf(job); !controller.empty())
        w.write(0, "Controlled By:\t" + controller + "\n");
    if (has(job, "/spec/parallelism"))
        w.write(0, "Parallelism:\t" + std::to_string(integer(job, "/spec/parallelism")) + "\n");
    if (has(job, "/spec/completions"))
        w.write(0, "Completions:\t" + std::to_string(integer(job, "/spec/completions")) + "\n");
    else
        w.write(0, "Completions:\t<unset>\n");
    if (has(job, "/spec/completionMode"))
        w.write(0, "Completion Mode:\t" + str(job, "/spec/completionMode") + "\n");
    if (has(job, "/spec/suspend"))
        w.write(0, std::string("Suspend:\t") + (boolean(job, "/spec/suspend") ? "true" : "false") + "\n");
    if (has(job, "/spec/backoffLimit"))
        w.write(0, "Backoff Limit:\t" + std::to_string(integer(job, "/spec/backoffLimit")) + "\n");
    if (has(job, "/spec/ttlSecondsAfterFinished"))
        w.write(0, "TTL Seconds After Finished:\t" + std::to_string(integer(job, "/spec/ttlSecondsAfterFinished")) + "\n");
    if (has(job, "/status/startTime"))
        w.write(0, "Start Time:\t" + rfc1123z(job, "/status/startTime") + "\n");
    if (has(job, "/status/completionTime"))
        w.write(0, "Completed At:\t" + rfc1123z(job, "/status/completionTime") + "\n");
    auto start = timeAt(engine, job, "/status/startTime");
    auto completion = timeAt(engine, job, "/status/completionTime");
    if (start && completion)
        w.write(0, "Duration:\t" + core::humanDuration(*completion - *start) + "\n");
    if (has(job, "/spec/activeDeadlineSeconds"))
        w.write(0, "Active Deadline Seconds:\t" + std::to_string(integer(job, "/spec/activeDeadlineSeconds")) + "s\n");
    const std::string counts = std::to_string(integer(job, "/status/active"));
    if (has(job, "/status/ready"))
        w.write(0, "Pods Statuses:\t" + counts + " Active (" + std::to_string(integer(job, "/status/ready")) + " Ready) / " +
                       std::to_string(integer(job, "/status/succeeded")) + " Succeeded / " +
                       std::to_string(integer(job, "/status/failed")) + " Failed\n");
    else
        w.write(0, "Pods Statuses:\t" + counts + " Active / " + std::to_string(integer(job, "/status/succeeded")) +
                       " Succeeded / " + std::to_string(integer(job, "/status/failed")) + " Failed\n");
    if (str(job, "/spec/completionMode") == "Indexed") {
        std::string indexes = str(job, "/status/completedIndexes");
        if (indexes.empty()) {
            indexes = "<none>";
        } else if (indexes.size() > 50) {
            auto comma = indexes.find(',', 50);
            if (comma != std::string::npos)
                indexes = indexes.substr(0, comma + 1) + "...";
        }
        w.write(0, "Completed Indexes:\t" + indexes + "\n");
    }
    describePodTemplate(find(job, "/spec/template"), w);
    describeEventsOf(engine, job, w);
}

void describeCronJob(const core::Engine& engine, const Json& cj, DescribeWriter& w)
{
    auto orUnset = [&](std::string_view pointer, std::string_view suffix = {}) {
        return has(cj, pointer) ? std::to_string(integer(cj, pointer)) + std::string(suffix) : std::string("<unset>");
    };
    w.write(0, "Name:\t" + core::nameOf(cj) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(cj) + "\n");
    printLabelsMultiline(w, "Labels", object(cj, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(cj, "/metadata/annotations"));
    w.write(0, "Schedule:\t" + str(cj, "/spec/schedule") + "\n");
    w.write(0, "Concurrency Policy:\t" + str(cj, "/spec/concurrencyPolicy", "Allow") + "\n");
    w.write(0, "Suspend:\t" + printBool(boolean(cj, "/spec/suspend")) + "\n");
    w.write(0, "Time Zone:\t" + str(cj, "/spec/timeZone", "<unset>") + "\n");
    w.write(0, "Successful Job History Limit:\t" + orUnset("/spec/successfulJobsHistoryLimit") + "\n");
    w.write(0, "Failed Job History Limit:\t" + orUnset("/spec/failedJobsHistoryLimit") + "\n");
    w.write(0, "Starting Deadline Seconds:\t" + orUnset("/spec/startingDeadlineSeconds", "s") + "\n");
    const Json& spec = object(cj, "/spec/jobTemplate/spec");
    if (has(spec, "/selector"))
        w.write(0, "Selector:\t" + labelSelectorString(find(spec, "/selector")) + "\n");
    else
        w.write(0, "Selector:\t<unset>\n");
    w.write(0, "Parallelism:\t" + (has(spec, "/parallelism") ? std::to_string(integer(spec, "/parallelism")) : "<unset>") + "\n");
    w.write(0, "Completions:\t" + (has(spec, "/completions") ? std::to_string(integer(spec, "/completions")) : "<unset>") + "\n");
    if (has(spec, "/activeDeadlineSeconds"))
        w.write(0, "Active Deadline Seconds:\t" + std::to_string(integer(spec, "/activeDeadlineSeconds")) + "s\n");
    describePodTemplate(find(spec, "/template"), w);
    if (has(cj, "/status/lastScheduleTime"))
        w.write(0, "Last Schedule Time:\t" + rfc1123z(cj, "/status/lastScheduleTime") + "\n");
    else
        w.write(0, "Last Schedule Time:\t<unset>\n");
    w.write(0, "Active Jobs:\t");
    const Json& active = array(cj, "/status/active");
    if (active.empty()) {
        w.line("<none>");
    } else {
        std::vector<std::string> names;
        for (const Json& ref : active)
            names.push_back(str(ref, "/name"));
        w.write(0, join(names, ", "));
        w.line();
    }
    describeEventsOf(engine, cj, w);
}

void describeHorizontalPodAutoscaler(const core::Engine& engine, const Json& hpa, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(hpa) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(hpa) + "\n");
    printLabelsMultiline(w, "Labels", object(hpa, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(hpa, "/metadata/annotations"));
    w.write(0, "CreationTimestamp:\t" + rfc1123z(hpa, "/metadata/creationTimestamp") + "\n");
    const std::string targetKind = str(hpa, "/spec/scaleTargetRef/kind");
    w.write(0, "Reference:\t" + targetKind + "/" + str(hpa, "/spec/scaleTargetRef/name") + "\n");
    w.write(0, "Metrics:\t( current / target )\n");
    const Json& metrics = array(hpa, "/spec/metrics");
    const Json& current = array(hpa, "/status/currentMetrics");
    auto quantityOrNil = [](const Json& object, std::string_view pointer) {
        return has(object, pointer) ? quantityText(find(object, pointer)) : std::string("<nil>");
    };
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        const Json& m = metrics[i];
        const Json* status = i < current.size() ? &current[i] : nullptr;
        const std::string type = str(m, "/type");
        if (type == "Resource" || type == "ContainerResource") {
            const std::string member = type == "Resource" ? "/resource" : "/containerResource";
            std::string title = "resource " + str(m, member + "/name");
            if (type == "ContainerResource")
                title += " of container \"" + str(m, member + "/container") + "\"";
            w.write(1, title + " on pods");
            const bool statusHas = status && has(*status, member);
            if (has(m, member + "/target/averageValue")) {
                std::string cur = statusHas ? quantityOrNil(*status, member + "/current/averageValue") : "<unknown>";
                w.write(0, ":\t" + cur + " / " + quantityText(find(m, member + "/target/averageValue")) + "\n");
            } else {
                std::string cur = "<unknown>";
                if (statusHas && has(*status, member + "/current/averageUtilization"))
                    cur = std::to_string(integer(*status, member + "/current/averageUtilization")) + "% (" +
                          quantityOrNil(*status, member + "/current/averageValue") + ")";
                std::string target = "<auto>";
                if (has(m, member + "/target/averageUtilization"))
                    target = std::to_string(integer(m, member + "/target/averageUtilization")) + "%";
                w.write(1, "(as a percentage of request):\t" + cur + " / " + target + "\n");
            }
        } else if (type == "Pods") {
            std::string cur = status && has(*status, "/pods") ? quantityOrNil(*status, "/pods/current/averageValue")
                                                               : "<unknown>";
            w.write(1, "\"" + str(m, "/pods/metric/name") + "\" on pods:\t" + cur + " / " +
                           quantityOrNil(m, "/pods/target/averageValue") + "\n");
        } else if (type == "Object") {
            w.write(1, "\"" + str(m, "/object/metric/name") + "\" on " + str(m, "/object/describedObject/kind") + "/" +
                           str(m, "/object/describedObject/name") + " ");
            const bool statusHas = status && has(*status, "/object");
            if (str(m, "/object/target/type") == "AverageValue") {
                std::string cur = statusHas ? quantityOrNil(*status, "/object/current/averageValue") : "<unknown>";
                w.write(0, "(target average value):\t" + cur + " / " + quantityOrNil(m, "/object/target/averageValue") +
                               "\n");
            } else {
                std::string cur = statusHas ? quantityOrNil(*status, "/object/current/value") : "<unknown>";
                w.write(0, "(target value):\t" + cur + " / " + quantityOrNil(m, "/object/target/value") + "\n");
            }
        } else if (type == "External") {
            const bool statusHas = status && has(*status, "/external");
            const std::string name = "\"" + str(m, "/external/metric/name") + "\"";
            if (has(m, "/external/target/averageValue")) {
                std::string cur = statusHas && has(*status, "/external/current/averageValue")
                                      ? quantityText(find(*status, "/external/current/averageValue"))
                                      : "<unknown>";
                w.write(1, name + " (target average value):\t" + cur + " / " +
                               quantityText(find(m, "/external/target/averageValue")) + "\n");
            } else {
                std::string cur = statusHas ? quantityOrNil(*status, "/external/current/value") : "<unknown>";
                w.write(1, name + " (target value):\t" + cur + " / " + quantityOrNil(m, "/external/target/value") + "\n");
            }
        } else {
            w.write(1, "<unknown metric type \"" + type + "\">\n");
        }
    }
    w.write(0, "Min replicas:\t" + (has(hpa, "/spec/minReplicas") ? std::to_string(integer(hpa, "/spec/minReplicas"))
                                                                  : std::string("<unset>")) + "\n");
    w.write(0, "Max replicas:\t" + std::to_string(integer(hpa, "/spec/maxReplicas")) + "\n");
    if (has(hpa, "/spec/behavior")) {
        w.write(0, "Behavior:\n");
        for (const auto& [field, title] : {std::pair{"/spec/behavior/scaleUp", "Scale Up"},
                                           std::pair{"/spec/behavior/scaleDown", "Scale Down"}}) {
            if (!has(hpa, field))
                continue;
            const Json& rules = object(hpa, field);
            w.write(1, std::string(title) + ":\n");
            if (has(rules, "/stabilizationWindowSeconds"))
                w.write(2, "Stabilization Window: " + std::to_string(integer(rules, "/stabilizationWindowSeconds")) +
                               " seconds\n");
            const Json& policies = array(rules, "/policies");
            if (!policies.empty()) {
                w.write(2, "Select Policy: " + str(rules, "/selectPolicy", "Max") + "\n");
                w.write(2, "Policies:\n");
                for (const Json& p : policies)
                    w.write(3, "- Type: " + str(p, "/type") + "\tValue: " + std::to_string(integer(p, "/value")) +
                                   "\tPeriod: " + std::to_string(integer(p, "/periodSeconds")) + " seconds\n");
            }
        }
    }
    w.write(0, targetKind + " pods:\t");
    w.write(0, std::to_string(integer(hpa, "/status/currentReplicas")) + " current / " +
                   std::to_string(integer(hpa, "/status/desiredReplicas")) + " desired\n");
    if (const Json& conditions = array(hpa, "/status/conditions"); !conditions.empty()) {
        w.write(0, "Conditions:\n");
        w.write(1, "Type\tStatus\tReason\tMessage\n");
        w.write(1, "----\t------\t------\t-------\n");
        for (const Json& c : conditions)
            w.write(1, str(c, "/type") + "\t" + str(c, "/status") + "\t" + str(c, "/reason") + "\t" +
                           str(c, "/message") + "\n");
    }
    describeEventsOf(engine, hpa, w);
}

void describePodDisruptionBudget(const core::Engine& engine, const Json& pdb, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(pdb) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(pdb) + "\n");
    if (const Json* min = find(pdb, "/spec/minAvailable"); min && !min->is_null())
        w.write(0, "Min available:\t" + intOrString(*min) + "\n");
    else if (const Json* max = find(pdb, "/spec/maxUnavailable"); max && !max->is_null())
        w.write(0, "Max unavailable:\t" + intOrString(*max) + "\n");
    if (has(pdb, "/spec/selector"))
        w.write(0, "Selector:\t" + formatLabelSelector(find(pdb, "/spec/selector")) + "\n");
    else
        w.write(0, "Selector:\t<unset>\n");
    w.write(0, "Status:\n");
    w.write(2, "Allowed disruptions:\t" + std::to_string(integer(pdb, "/status/disruptionsAllowed")) + "\n");
    w.write(2, "Current:\t" + std::to_string(integer(pdb, "/status/currentHealthy")) + "\n");
    w.write(2, "Desired:\t" + std::to_string(integer(pdb, "/status/desiredHealthy")) + "\n");
    w.write(2, "Total:\t" + std::to_string(integer(pdb, "/status/expectedPods")) + "\n");
    describeEventsOf(engine, pdb, w);
}

} // namespace kubelab::cli::detail
