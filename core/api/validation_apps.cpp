// SPDX-License-Identifier: GPL-3.0-or-later
// Workload kinds, after upstream v1.31: pkg/apis/apps/validation (Deployment, ReplicaSet,
// DaemonSet, StatefulSet), pkg/apis/batch/validation (Job, CronJob), the core group's
// ReplicationController, pkg/apis/autoscaling/validation (HorizontalPodAutoscaler) and
// pkg/apis/policy/validation (PodDisruptionBudget). Selector immutability on update is the
// apps/v1 registry strategies' check.
#include <algorithm>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core::validation {

namespace {

// IntOrString helpers (apps validation) ---------------------------------------------------

/// getIntOrPercentValue: the number, or the percentage's number.
std::int64_t intOrPercentValue(const Json& v)
{
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_string()) {
        std::string s = v.get<std::string>();
        if (!s.empty() && s.back() == '%')
            s.pop_back();
        try {
            return std::stoll(s);
        } catch (...) {
            return 0;
        }
    }
    return 0;
}

ErrorList validatePositiveIntOrPercent(const Json& v, const Path& path)
{
    ErrorList errors;
    if (v.is_string()) {
        for (const std::string& msg : isValidPercent(v.get<std::string>()))
            errors.push_back(invalid(path, Value::raw(intOrStringText(v)), msg));
    } else if (v.is_number()) {
        append(errors, validateNonnegative(intOrPercentValue(v), path));
    }
    return errors;
}

ErrorList isNotMoreThan100Percent(const Json& v, const Path& path)
{
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().back() != '%')
        return {};
    if (!isValidPercent(v.get<std::string>()).empty() || intOrPercentValue(v) <= 100)
        return {};
    return {invalid(path, Value::raw(intOrStringText(v)), "must not be greater than 100%")};
}

// Selectors and templates -----------------------------------------------------------------

/// The selector checks shared by Deployment, ReplicaSet and StatefulSet: required, valid,
/// not empty.
ErrorList validateRequiredSelector(const Json& spec, const Path& path, std::string_view kindWord)
{
    ErrorList errors;
    const Json* selector = objectField(spec, "selector");
    if (!selector) {
        errors.push_back(required(path.child("selector")));
    } else {
        append(errors, validateLabelSelector(*selector, path.child("selector")));
        if (selectorEmpty(*selector))
            errors.push_back(invalid(path.child("selector"), Value::raw(labelSelectorString(*selector)),
                                     "empty selector is invalid for " + std::string(kindWord)));
    }
    return errors;
}

/// ValidatePodTemplateSpecForReplicaSet (also used by Deployment): the selector matches the
/// template, the template is a valid pod template with restartPolicy Always.
ErrorList validateTemplateForReplicaSet(const Json& spec, const Path& path, std::string_view kind)
{
    ErrorList errors;
    const Json* selector = objectField(spec, "selector");
    if (!selectorConvertible(selector)) {
        errors.push_back(invalid(path.child("selector"), Value::raw(labelSelectorString(*selector)), "invalid label selector"));
        return errors;
    }
    const Json* templ = objectField(spec, "template");
    const Path tp = path.child("template");
    if (!templ) {
        // A missing template is the zero PodTemplateSpec.
        templ = &objectOrEmpty(nullptr);
    }
    // A missing selector converts to labels.Nothing(), which is not empty and matches nothing.
    const Json* labels = templateLabels(*templ);
    if ((!selector || !selectorEmpty(*selector)) && !selectorMatches(selector, labels))
        errors.push_back(invalid(tp.child("metadata", "labels"), Value::raw(goMap(labels)),
                                 "`selector` does not match template `labels`"));
    append(errors, validatePodTemplateSpec(*templ, tp));
    const Json& podSpec = objectOrEmpty(objectField(*templ, "spec"));
    const std::string restart = str(podSpec, "restartPolicy");
    if (restart != "Always")
        errors.push_back(notSupported(tp.child("spec", "restartPolicy"), Value::string(restart), {"Always"}));
    if (has(podSpec, "activeDeadlineSeconds"))
        errors.push_back(forbidden(tp.child("spec", "activeDeadlineSeconds"),
                                   "activeDeadlineSeconds in " + std::string(kind) + " is not Supported"));
    return errors;
}

ErrorList validateSelectorImmutable(const Json& object, const Json* old)
{
    if (!old)
        return {};
    const Json* selector = objectField(objectOrEmpty(objectField(object, "spec")), "selector");
    const Json* oldSelector = objectField(objectOrEmpty(objectField(*old, "spec")), "selector");
    return validateImmutable(selector, oldSelector, Path("spec").child("selector"),
                             Value::raw(selector ? labelSelectorString(*selector) : "nil"));
}

// Deployment ------------------------------------------------------------------------------

ErrorList validateDeployment(const Json& deployment, const Json* old)
{
    ErrorList errors = validateObjectMeta(deployment, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(deployment, "spec"));
    const Path sp("spec");
    append(errors, validateNonnegative(intOr(spec, "replicas", 0), sp.child("replicas")));
    append(errors, validateRequiredSelector(spec, sp, "deployment"));
    append(errors, validateTemplateForReplicaSet(spec, sp, "ReplicaSet"));

    const Json& strategy = objectOrEmpty(objectField(spec, "strategy"));
    const Path stp = sp.child("strategy");
    const std::string type = str(strategy, "type");
    if (type == "Recreate") {
        if (has(strategy, "rollingUpdate"))
            errors.push_back(forbidden(stp.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
    } else if (type == "RollingUpdate") {
        const Json* rolling = objectField(strategy, "rollingUpdate");
        if (!rolling) {
            errors.push_back(required(stp.child("rollingUpdate"), "this should be defaulted and never be nil"));
        } else {
            const Path rp = stp.child("rollingUpdate");
            const Json unavailable = rolling->contains("maxUnavailable") ? (*rolling)["maxUnavailable"] : Json(0);
            const Json surge = rolling->contains("maxSurge") ? (*rolling)["maxSurge"] : Json(0);
            append(errors, validatePositiveIntOrPercent(unavailable, rp.child("maxUnavailable")));
            append(errors, validatePositiveIntOrPercent(surge, rp.child("maxSurge")));
            if (intOrPercentValue(unavailable) == 0 && intOrPercentValue(surge) == 0)
                errors.push_back(invalid(rp.child("maxUnavailable"), Value::raw(intOrStringText(unavailable)),
                                         "may not be 0 when `maxSurge` is 0"));
            append(errors, isNotMoreThan100Percent(unavailable, rp.child("maxUnavailable")));
        }
    } else {
        errors.push_back(notSupported(stp,
                                      Value::raw("apps.DeploymentStrategy{Type:" + goQuote(type) + ", RollingUpdate:"
                                                 + pointerText(strategy, "rollingUpdate", "*apps.RollingUpdateDeployment") + "}"),
                                      {"Recreate", "RollingUpdate"}));
    }
    const std::int64_t minReady = intOr(spec, "minReadySeconds", 0);
    append(errors, validateNonnegative(minReady, sp.child("minReadySeconds")));
    if (auto limit = integer(spec, "revisionHistoryLimit"))
        append(errors, validateNonnegative(*limit, sp.child("revisionHistoryLimit")));
    if (auto deadline = integer(spec, "progressDeadlineSeconds")) {
        append(errors, validateNonnegative(*deadline, sp.child("progressDeadlineSeconds")));
        if (*deadline <= minReady)
            errors.push_back(invalid(sp.child("progressDeadlineSeconds"), Value::number(*deadline),
                                     "must be greater than minReadySeconds"));
    }
    append(errors, validateSelectorImmutable(deployment, old));
    return errors;
}

// ReplicaSet, ReplicationController -------------------------------------------------------

ErrorList validateReplicaSet(const Json& replicaSet, const Json* old)
{
    ErrorList errors = validateObjectMeta(replicaSet, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(replicaSet, "spec"));
    const Path sp("spec");
    append(errors, validateNonnegative(intOr(spec, "replicas", 0), sp.child("replicas")));
    append(errors, validateNonnegative(intOr(spec, "minReadySeconds", 0), sp.child("minReadySeconds")));
    append(errors, validateRequiredSelector(spec, sp, "deployment"));
    append(errors, validateTemplateForReplicaSet(spec, sp, "ReplicaSet"));
    append(errors, validateSelectorImmutable(replicaSet, old));
    return errors;
}

ErrorList validateReplicationController(const Json& rc)
{
    ErrorList errors = validateObjectMeta(rc, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(rc, "spec"));
    const Path sp("spec");
    append(errors, validateNonnegative(intOr(spec, "minReadySeconds", 0), sp.child("minReadySeconds")));
    const Json* selector = objectField(spec, "selector");
    if (!selector || selector->empty())
        errors.push_back(required(sp.child("selector")));
    append(errors, validateNonnegative(intOr(spec, "replicas", 0), sp.child("replicas")));
    const Json* templ = objectField(spec, "template");
    const Path tp = sp.child("template");
    if (!templ) {
        errors.push_back(required(tp));
        return errors;
    }
    const Json* labels = templateLabels(*templ);
    if (selector && !selector->empty()) {
        const auto have = stringMap(labels);
        bool matches = true;
        for (const auto& [k, v] : stringMap(selector)) {
            auto it = have.find(k);
            matches = matches && it != have.end() && it->second == v;
        }
        if (!matches)
            errors.push_back(invalid(tp.child("metadata", "labels"), Value::raw(goMap(labels)),
                                     "`selector` does not match template `labels`"));
    }
    append(errors, validatePodTemplateSpec(*templ, tp));
    const Json& podSpec = objectOrEmpty(objectField(*templ, "spec"));
    if (const std::string restart = str(podSpec, "restartPolicy"); restart != "Always")
        errors.push_back(notSupported(tp.child("spec", "restartPolicy"), Value::string(restart), {"Always"}));
    if (has(podSpec, "activeDeadlineSeconds"))
        errors.push_back(forbidden(tp.child("spec", "activeDeadlineSeconds"),
                                   "activeDeadlineSeconds in ReplicationController is not Supported"));
    return errors;
}

// DaemonSet -------------------------------------------------------------------------------

ErrorList validateDaemonSet(const Json& daemonSet, const Json* old)
{
    ErrorList errors = validateObjectMeta(daemonSet, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(daemonSet, "spec"));
    const Path sp("spec");
    const Json* selector = objectField(spec, "selector");
    if (selector)
        append(errors, validateLabelSelector(*selector, sp.child("selector")));
    const Json& templ = objectOrEmpty(objectField(spec, "template"));
    const Json* labels = templateLabels(templ);
    if (selectorConvertible(selector) && !selectorMatches(selector, labels))
        errors.push_back(invalid(sp.child("template", "metadata").child("labels"), Value::raw(goMap(labels)),
                                 "`selector` does not match template `labels`"));
    if (selector && selectorEmpty(*selector))
        errors.push_back(invalid(sp.child("selector"), Value::raw(labelSelectorString(*selector)),
                                 "empty selector is invalid for daemonset"));
    append(errors, validatePodTemplateSpec(templ, sp.child("template")));
    const Json& podSpec = objectOrEmpty(objectField(templ, "spec"));
    if (const std::string restart = str(podSpec, "restartPolicy"); restart != "Always")
        errors.push_back(notSupported(sp.child("template", "spec").child("restartPolicy"), Value::string(restart), {"Always"}));
    if (auto deadline = integer(podSpec, "activeDeadlineSeconds"))
        errors.push_back(invalid(sp.child("template", "spec").child("activeDeadlineSeconds"), Value::number(*deadline),
                                 "activeDeadlineSeconds in DaemonSet is not Supported"));
    append(errors, validateNonnegative(intOr(spec, "minReadySeconds", 0), sp.child("minReadySeconds")));
    append(errors, validateNonnegative(intOr(spec, "templateGeneration", 0), sp.child("templateGeneration")));

    const Json& strategy = objectOrEmpty(objectField(spec, "updateStrategy"));
    const Path stp = sp.child("updateStrategy");
    const std::string type = str(strategy, "type");
    if (type == "RollingUpdate") {
        const Json* rolling = objectField(strategy, "rollingUpdate");
        if (!rolling) {
            errors.push_back(required(stp.child("rollingUpdate")));
        } else {
            const Path rp = stp.child("rollingUpdate");
            const Json unavailable = rolling->contains("maxUnavailable") ? (*rolling)["maxUnavailable"] : Json(0);
            const Json surge = rolling->contains("maxSurge") ? (*rolling)["maxSurge"] : Json(0);
            append(errors, validatePositiveIntOrPercent(unavailable, rp.child("maxUnavailable")));
            append(errors, validatePositiveIntOrPercent(surge, rp.child("maxSurge")));
            append(errors, isNotMoreThan100Percent(unavailable, rp.child("maxUnavailable")));
            append(errors, isNotMoreThan100Percent(surge, rp.child("maxSurge")));
            const bool hasUnavailable = intOrPercentValue(unavailable) != 0;
            const bool hasSurge = intOrPercentValue(surge) != 0;
            if (hasUnavailable && hasSurge)
                errors.push_back(invalid(rp.child("maxSurge"), Value::raw(intOrStringText(surge)),
                                         "may not be set when maxUnavailable is non-zero"));
            else if (!hasUnavailable && !hasSurge)
                errors.push_back(required(rp.child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
        }
    } else if (type != "OnDelete") {
        errors.push_back(notSupported(stp,
                                      Value::raw("apps.DaemonSetUpdateStrategy{Type:" + goQuote(type) + ", RollingUpdate:"
                                                 + pointerText(strategy, "rollingUpdate", "*apps.RollingUpdateDaemonSet") + "}"),
                                      {"RollingUpdate", "OnDelete"}));
    }
    if (auto limit = integer(spec, "revisionHistoryLimit"))
        append(errors, validateNonnegative(*limit, sp.child("revisionHistoryLimit")));
    append(errors, validateSelectorImmutable(daemonSet, old));
    return errors;
}

// StatefulSet -----------------------------------------------------------------------------

ErrorList validateStatefulSetSpec(const Json& spec, const Path& sp)
{
    ErrorList errors;
    const std::string policy = str(spec, "podManagementPolicy");
    if (policy.empty())
        errors.push_back(required(sp.child("podManagementPolicy")));
    else if (policy != "OrderedReady" && policy != "Parallel")
        errors.push_back(invalid(sp.child("podManagementPolicy"), Value::string(policy), "must be 'OrderedReady' or 'Parallel'"));

    const Json& strategy = objectOrEmpty(objectField(spec, "updateStrategy"));
    const std::string type = str(strategy, "type");
    if (type.empty()) {
        errors.push_back(required(sp.child("updateStrategy")));
    } else if (type == "OnDelete") {
        if (has(strategy, "rollingUpdate"))
            errors.push_back(invalid(sp.child("updateStrategy").child("rollingUpdate"),
                                     Value::raw("&apps.RollingUpdateStatefulSetStrategy{...}"),
                                     "only allowed for updateStrategy 'RollingUpdate'"));
    } else if (type == "RollingUpdate") {
        if (const Json* rolling = objectField(strategy, "rollingUpdate")) {
            const Path rp = sp.child("updateStrategy", "rollingUpdate");
            append(errors, validateNonnegative(intOr(*rolling, "partition", 0), rp.child("partition")));
            if (const Json* maxUnavailable = field(*rolling, "maxUnavailable")) {
                append(errors, validatePositiveIntOrPercent(*maxUnavailable, rp.child("maxUnavailable")));
                if (intOrPercentValue(*maxUnavailable) == 0)
                    errors.push_back(invalid(rp.child("maxUnavailable"), Value::raw(intOrStringText(*maxUnavailable)),
                                             "must be greater than zero"));
                append(errors, isNotMoreThan100Percent(*maxUnavailable, rp.child("maxUnavailable")));
            }
        }
    } else {
        errors.push_back(invalid(sp.child("updateStrategy"),
                                 Value::raw("apps.StatefulSetUpdateStrategy{Type:" + goQuote(type) + ", RollingUpdate:"
                                            + pointerText(strategy, "rollingUpdate", "*apps.RollingUpdateStatefulSetStrategy")
                                            + "}"),
                                 "must be 'RollingUpdate' or 'OnDelete'"));
    }
    if (const Json* retention = objectField(spec, "persistentVolumeClaimRetentionPolicy")) {
        for (const char* k : {"whenDeleted", "whenScaled"}) {
            const std::string v = str(*retention, k);
            if (v != "Retain" && v != "Delete")
                errors.push_back(notSupported(sp.child("persistentVolumeClaimRetentionPolicy").child(k), Value::string(v),
                                              {"Retain", "Delete"}));
        }
    }
    append(errors, validateNonnegative(intOr(spec, "replicas", 0), sp.child("replicas")));
    append(errors, validateNonnegative(intOr(spec, "minReadySeconds", 0), sp.child("minReadySeconds")));
    if (const Json* ordinals = objectField(spec, "ordinals"))
        append(errors, validateNonnegative(intOr(*ordinals, "start", 0), sp.child("ordinals.start")));
    append(errors, validateRequiredSelector(spec, sp, "statefulset"));
    const Json* selector = objectField(spec, "selector");
    const Json& templ = objectOrEmpty(objectField(spec, "template"));
    const Path tp = sp.child("template");
    if (!selectorConvertible(selector)) {
        errors.push_back(invalid(sp.child("selector"), Value::raw(labelSelectorString(*selector)), ""));
    } else {
        // Upstream checks only the template's metadata here: the pod spec is validated when
        // the controller creates the pods (volume mounts may name claim templates).
        const Json* labels = templateLabels(templ);
        if ((!selector || !selectorEmpty(*selector)) && !selectorMatches(selector, labels))
            errors.push_back(invalid(tp.child("metadata", "labels"), Value::raw(goMap(labels)),
                                     "`selector` does not match template `labels`"));
        append(errors, validateLabels(labels, tp.child("labels")));
        const Json* meta = objectField(templ, "metadata");
        append(errors, validateAnnotations(meta ? objectField(*meta, "annotations") : nullptr, tp.child("annotations")));
    }
    const Json& podSpec = objectOrEmpty(objectField(templ, "spec"));
    if (const std::string restart = str(podSpec, "restartPolicy"); restart != "Always")
        errors.push_back(notSupported(tp.child("spec", "restartPolicy"), Value::string(restart), {"Always"}));
    if (has(podSpec, "activeDeadlineSeconds"))
        errors.push_back(forbidden(tp.child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in StatefulSet is not Supported"));
    return errors;
}

ErrorList validateStatefulSet(const Json& statefulSet, const Json* old)
{
    const Path sp("spec");
    const Json& spec = objectOrEmpty(objectField(statefulSet, "spec"));
    if (!old) {
        ErrorList errors = validateObjectMeta(statefulSet, true, nameIsDnsSubdomain());
        append(errors, validateStatefulSetSpec(spec, sp));
        return errors;
    }
    // On update upstream does not validate the name again.
    ErrorList errors = validateStatefulSetSpec(spec, sp);
    Json clone = spec;
    const Json& oldSpec = objectOrEmpty(objectField(*old, "spec"));
    for (const char* k : {"replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "revisionHistoryLimit",
                          "persistentVolumeClaimRetentionPolicy"}) {
        if (oldSpec.contains(k))
            clone[k] = oldSpec[k];
        else
            clone.erase(k);
    }
    if (!sameField(&clone, &oldSpec))
        errors.push_back(forbidden(sp, "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                                       "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and "
                                       "'minReadySeconds' are forbidden"));
    return errors;
}

// HorizontalPodAutoscaler -------------------------------------------------------------------

ErrorList validateMetricTarget(const Json& target, const Path& path)
{
    ErrorList errors;
    const std::string type = str(target, "type");
    if (type.empty())
        errors.push_back(required(path.child("type"), "must specify a metric target type"));
    if (type != "Utilization" && type != "Value" && type != "AverageValue")
        errors.push_back(invalid(path.child("type"), Value::string(type), "must be either Utilization, Value, or AverageValue"));
    for (const char* k : {"value", "averageValue"})
        if (const Json* v = field(target, k)) {
            auto q = parseQuantity(*v);
            if (!q || q->sign() != 1)
                errors.push_back(invalid(path.child(k), Value::raw(q ? q->toString() : intOrStringText(*v)), "must be positive"));
        }
    if (auto u = integer(target, "averageUtilization"); u && *u < 1)
        errors.push_back(invalid(path.child("averageUtilization"), Value::number(*u), "must be greater than 0"));
    return errors;
}

ErrorList validateMetricSpec(const Json& metric, const Path& path)
{
    static const std::vector<std::string> kTypes = {"Object", "Pods", "Resource", "External", "ContainerResource"};
    static const std::map<std::string, std::string> kField = {{"Object", "object"},
                                                              {"Pods", "pods"},
                                                              {"Resource", "resource"},
                                                              {"External", "external"},
                                                              {"ContainerResource", "containerResource"}};
    ErrorList errors;
    const std::string type = str(metric, "type");
    if (type.empty())
        errors.push_back(required(path.child("type"), "must specify a metric source type"));
    const bool known = kField.count(type) > 0;
    if (!known)
        errors.push_back(notSupported(path.child("type"), Value::string(type), kTypes));
    std::set<std::string> present;
    for (const auto& [t, f] : kField)
        if (has(metric, f))
            present.insert(f);
    std::string expected;
    if (known) {
        expected = kField.at(type);
        if (!has(metric, expected))
            errors.push_back(required(path.child(expected), "must populate information for the given metric source"));
    }
    if (present.size() != 1) {
        present.erase(expected);
        for (const std::string& f : present)
            errors.push_back(forbidden(path.child(f), "must populate the given metric source only"));
    }
    for (const char* k : {"resource", "containerResource"}) {
        const Json* source = objectField(metric, k);
        if (!source)
            continue;
        const Path rp = path.child(k);
        const std::string name = str(*source, "name");
        if (name.empty())
            errors.push_back(required(rp.child("name"), "must specify a resource name"));
        if (std::string_view(k) == "containerResource" && str(*source, "container").empty())
            errors.push_back(required(rp.child("container"), "must specify a container"));
        const Json& target = objectOrEmpty(objectField(*source, "target"));
        append(errors, validateMetricTarget(target, rp.child("target")));
        if (!has(target, "averageUtilization") && !has(target, "averageValue"))
            errors.push_back(required(rp.child("target").child("averageUtilization"),
                                      "must set either a target raw value or a target utilization"));
        if (has(target, "averageUtilization") && has(target, "averageValue"))
            errors.push_back(forbidden(rp.child("target").child("averageValue"),
                                       "may not set both a target raw value and a target utilization"));
    }
    for (const char* k : {"pods", "object", "external"}) {
        const Json* source = objectField(metric, k);
        if (!source)
            continue;
        const Path mp = path.child(k);
        const Json& m = objectOrEmpty(objectField(*source, "metric"));
        if (str(m, "name").empty())
            errors.push_back(required(mp.child("metric").child("name"), "must specify a metric name"));
        append(errors, validateMetricTarget(objectOrEmpty(objectField(*source, "target")), mp.child("target")));
    }
    return errors;
}

ErrorList validateScalingRules(const Json* rules, const Path& path)
{
    ErrorList errors;
    if (!rules)
        return errors;
    if (auto window = integer(*rules, "stabilizationWindowSeconds")) {
        if (*window < 0)
            errors.push_back(invalid(path.child("stabilizationWindowSeconds"), Value::number(*window),
                                     "must be greater than or equal to zero"));
        if (*window > 3600)
            errors.push_back(invalid(path.child("stabilizationWindowSeconds"), Value::number(*window),
                                     "must be less than or equal to 3600"));
    }
    if (has(*rules, "selectPolicy")) {
        const std::string p = str(*rules, "selectPolicy");
        if (p != "Disabled" && p != "Max" && p != "Min")
            errors.push_back(notSupported(path.child("selectPolicy"), Value::string(p), {"Disabled", "Max", "Min"}));
    }
    const Json* policies = arrayField(*rules, "policies");
    if (!policies || policies->empty()) {
        errors.push_back(required(path.child("policies"), "must specify at least one Policy"));
        return errors;
    }
    std::size_t i = 0;
    for (const Json& p : *policies) {
        const Path pp = path.child("policies").index(i++);
        const std::string type = str(p, "type");
        if (type != "Percent" && type != "Pods")
            errors.push_back(notSupported(pp.child("type"), Value::string(type), {"Percent", "Pods"}));
        if (const std::int64_t v = intOr(p, "value", 0); v <= 0)
            errors.push_back(invalid(pp.child("value"), Value::number(v), "must be greater than zero"));
        const std::int64_t period = intOr(p, "periodSeconds", 0);
        if (period <= 0)
            errors.push_back(invalid(pp.child("periodSeconds"), Value::number(period), "must be greater than zero"));
        if (period > 1800)
            errors.push_back(invalid(pp.child("periodSeconds"), Value::number(period), "must be less than or equal to 1800"));
    }
    return errors;
}

ErrorList validateHorizontalPodAutoscaler(const Json& hpa)
{
    ErrorList errors = validateObjectMeta(hpa, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(hpa, "spec"));
    const Path sp("spec");
    const auto minReplicas = integer(spec, "minReplicas");
    const std::int64_t maxReplicas = intOr(spec, "maxReplicas", 0);
    if (minReplicas && *minReplicas < 1)
        errors.push_back(invalid(sp.child("minReplicas"), Value::number(*minReplicas), "must be greater than or equal to 1"));
    if (maxReplicas < 1)
        errors.push_back(invalid(sp.child("maxReplicas"), Value::number(maxReplicas), "must be greater than 0"));
    if (minReplicas && maxReplicas < *minReplicas)
        errors.push_back(invalid(sp.child("maxReplicas"), Value::number(maxReplicas), "must be greater than or equal to `minReplicas`"));
    const Json& ref = objectOrEmpty(objectField(spec, "scaleTargetRef"));
    const Path rp = sp.child("scaleTargetRef");
    const NameFn segment = pathSegmentName();
    for (const char* k : {"kind", "name"}) {
        const std::string v = str(ref, k);
        if (v.empty())
            errors.push_back(required(rp.child(k)));
        else
            for (const std::string& msg : segment(v, false))
                errors.push_back(invalid(rp.child(k), Value::string(v), msg));
    }
    if (str(hpa, "apiVersion") == "autoscaling/v1") {
        if (auto target = integer(spec, "targetCPUUtilizationPercentage"); target && *target < 1)
            errors.push_back(invalid(sp.child("metrics").index(0).child("resource", "target").child("averageUtilization"),
                                     Value::number(*target), "must be greater than 0"));
        return errors;
    }
    if (const Json* metrics = arrayField(spec, "metrics")) {
        std::size_t i = 0;
        for (const Json& m : *metrics)
            append(errors, validateMetricSpec(objectOrEmpty(&m), sp.child("metrics").index(i++)));
    }
    if (const Json* behavior = objectField(spec, "behavior")) {
        append(errors, validateScalingRules(objectField(*behavior, "scaleUp"), sp.child("behavior").child("scaleUp")));
        append(errors, validateScalingRules(objectField(*behavior, "scaleDown"), sp.child("behavior").child("scaleDown")));
    }
    return errors;
}

// PodDisruptionBudget ---------------------------------------------------------------------

ErrorList validatePodDisruptionBudget(const Json& pdb)
{
    ErrorList errors = validateObjectMeta(pdb, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(pdb, "spec"));
    const Path sp("spec");
    if (has(spec, "minAvailable") && has(spec, "maxUnavailable"))
        errors.push_back(invalid(sp,
                                 Value::raw("policy.PodDisruptionBudgetSpec{MinAvailable:"
                                            + pointerText(spec, "minAvailable", "*intstr.IntOrString")
                                            + ", Selector:" + pointerText(spec, "selector", "*v1.LabelSelector")
                                            + ", MaxUnavailable:" + pointerText(spec, "maxUnavailable", "*intstr.IntOrString")
                                            + ", UnhealthyPodEvictionPolicy:"
                                            + pointerText(spec, "unhealthyPodEvictionPolicy", "*policy.UnhealthyPodEvictionPolicyType")
                                            + "}"),
                                 "minAvailable and maxUnavailable cannot be both set"));
    for (const char* k : {"minAvailable", "maxUnavailable"})
        if (const Json* v = field(spec, k)) {
            append(errors, validatePositiveIntOrPercent(*v, sp.child(k)));
            append(errors, isNotMoreThan100Percent(*v, sp.child(k)));
        }
    if (const Json* selector = objectField(spec, "selector"))
        append(errors, validateLabelSelector(*selector, sp.child("selector")));
    if (has(spec, "unhealthyPodEvictionPolicy")) {
        const std::string p = str(spec, "unhealthyPodEvictionPolicy");
        if (p != "AlwaysAllow" && p != "IfHealthyBudget")
            errors.push_back(notSupported(sp.child("unhealthyPodEvictionPolicy"), Value::string(p), {"AlwaysAllow", "IfHealthyBudget"}));
    }
    return errors;
}

} // namespace

ErrorList validateWorkload(const Json& object, const Json* old)
{
    const std::string kind = kindOf(object);
    if (kind == "Deployment")
        return validateDeployment(object, old);
    if (kind == "ReplicaSet")
        return validateReplicaSet(object, old);
    if (kind == "DaemonSet")
        return validateDaemonSet(object, old);
    if (kind == "StatefulSet")
        return validateStatefulSet(object, old);
    if (kind == "ReplicationController")
        return validateReplicationController(object);
    if (kind == "Job")
        return validateJob(object, old);
    if (kind == "CronJob")
        return validateCronJob(object, old);
    if (kind == "HorizontalPodAutoscaler")
        return validateHorizontalPodAutoscaler(object);
    if (kind == "PodDisruptionBudget")
        return validatePodDisruptionBudget(object);
    return {};
}

} // namespace kubelab::core::validation
