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

const Json& emptyObject()
{
    static const Json kEmpty = Json::object();
    return kEmpty;
}

const Json& objectOrEmpty(const Json* j)
{
    return j && j->is_object() ? *j : emptyObject();
}

constexpr const char* kPointer = "0xc000a1b2c8";

std::string pointerText(const Json& holder, std::string_view key, std::string_view type)
{
    return has(holder, key) ? "(" + std::string(type) + ")(" + kPointer + ")" : "(" + std::string(type) + ")(nil)";
}

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

/// Whether metav1.LabelSelectorAsSelector accepts the selector.
bool selectorConvertible(const Json* selector)
{
    if (!selector)
        return true;
    if (!selector->is_object())
        return false;
    if (const Json* exprs = arrayField(*selector, "matchExpressions"))
        for (const Json& e : *exprs) {
            const std::string op = str(e, "operator");
            const std::size_t n = sizeOf(e, "values");
            if ((op == "In" || op == "NotIn") && n == 0)
                return false;
            if ((op == "Exists" || op == "DoesNotExist") && n > 0)
                return false;
            if (op != "In" && op != "NotIn" && op != "Exists" && op != "DoesNotExist")
                return false;
            if (!isQualifiedName(str(e, "key")).empty())
                return false;
        }
    for (const auto& [k, v] : stringMap(objectField(*selector, "matchLabels")))
        if (!isQualifiedName(k).empty() || !isValidLabelValue(v).empty())
            return false;
    return true;
}

const Json* templateLabels(const Json& templ)
{
    if (const Json* meta = objectField(templ, "metadata"))
        return objectField(*meta, "labels");
    return nullptr;
}

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
        templ = &emptyObject();
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

// Job and CronJob ---------------------------------------------------------------------------

std::string goInt32Slice(const Json* list)
{
    std::string out = "[]int32{";
    bool first = true;
    if (list)
        for (const Json& v : *list) {
            out += (first ? "" : ", ") + (v.is_number() ? v.dump() : std::string("0"));
            first = false;
        }
    return out + "}";
}

ErrorList validatePodFailurePolicy(const Json& spec, const Json& policy, const Path& path)
{
    static const std::vector<std::string> kActions = {"Count", "FailIndex", "FailJob", "Ignore"};
    ErrorList errors;
    const Json* rules = arrayField(policy, "rules");
    if (rules && rules->size() > 20) {
        errors.push_back(tooMany(path.child("rules"), static_cast<int>(rules->size()), 20));
        return errors;
    }
    std::set<std::string> containerNames;
    const Json& podSpec = objectOrEmpty(objectField(objectOrEmpty(objectField(spec, "template")), "spec"));
    for (const char* list : {"containers", "initContainers"})
        if (const Json* cs = arrayField(podSpec, list))
            for (const Json& c : *cs)
                containerNames.insert(str(c, "name"));
    if (!rules)
        return errors;
    std::size_t i = 0;
    for (const Json& raw : *rules) {
        const Json& rule = objectOrEmpty(&raw);
        const Path rp = path.child("rules").index(i++);
        const std::string action = str(rule, "action");
        if (action.empty())
            errors.push_back(required(rp.child("action"), "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"));
        else if (action == "FailIndex") {
            if (!has(spec, "backoffLimitPerIndex"))
                errors.push_back(invalid(rp.child("action"), Value::string(action), "requires the backoffLimitPerIndex to be set"));
        } else if (std::find(kActions.begin(), kActions.end(), action) == kActions.end())
            errors.push_back(notSupported(rp.child("action"), Value::string(action), kActions));
        const Json* onExitCodes = objectField(rule, "onExitCodes");
        const std::size_t conditions = sizeOf(rule, "onPodConditions");
        if (onExitCodes) {
            const Path ep = rp.child("onExitCodes");
            const std::string op = str(*onExitCodes, "operator");
            if (op.empty())
                errors.push_back(required(ep.child("operator"), "valid values: [\"In\" \"NotIn\"]"));
            else if (op != "In" && op != "NotIn")
                errors.push_back(notSupported(ep.child("operator"), Value::string(op), {"In", "NotIn"}));
            if (has(*onExitCodes, "containerName") && !containerNames.count(str(*onExitCodes, "containerName")))
                errors.push_back(invalid(ep.child("containerName"), Value::string(str(*onExitCodes, "containerName")),
                                         "must be one of the container or initContainer names in the pod template"));
            const Json* values = arrayField(*onExitCodes, "values");
            const Path vp = ep.child("values");
            if (!values || values->empty()) {
                errors.push_back(invalid(vp, Value::raw(values ? "[]int32{}" : "[]int32(nil)"), "at least one value is required"));
            } else if (values->size() > 255) {
                errors.push_back(tooMany(vp, static_cast<int>(values->size()), 255));
            } else {
                bool ordered = true;
                std::set<std::int64_t> seen;
                for (std::size_t j = 0; j < values->size(); ++j) {
                    const std::int64_t v = (*values)[j].is_number_integer() ? (*values)[j].get<std::int64_t>() : 0;
                    if (op == "In" && v == 0)
                        errors.push_back(invalid(vp.index(j), Value::number(v), "must not be 0 for the In operator"));
                    if (seen.count(v))
                        errors.push_back(duplicate(vp.index(j), Value::number(v)));
                    seen.insert(v);
                    if (j > 0 && (*values)[j - 1].is_number_integer() && (*values)[j - 1].get<std::int64_t>() > v)
                        ordered = false;
                }
                if (!ordered)
                    errors.push_back(invalid(vp, Value::raw(goInt32Slice(values)), "must be ordered"));
            }
        }
        if (const Json* patterns = arrayField(rule, "onPodConditions")) {
            std::size_t j = 0;
            for (const Json& p : *patterns) {
                const Path pp = rp.child("onPodConditions").index(j++);
                const std::string status = str(p, "status");
                if (status != "True" && status != "False" && status != "Unknown")
                    errors.push_back(notSupported(pp.child("status"), Value::string(status), {"False", "True", "Unknown"}));
                append(errors, validateQualifiedName(str(p, "type"), pp.child("type")));
            }
        }
        if (onExitCodes && conditions > 0)
            errors.push_back(invalid(rp, Value::omitted(), "specifying both OnExitCodes and OnPodConditions is not supported"));
        if (!onExitCodes && conditions == 0)
            errors.push_back(invalid(rp, Value::omitted(), "specifying one of OnExitCodes and OnPodConditions is required"));
    }
    return errors;
}

/// validateJobSpec (shared by Job and a CronJob's jobTemplate).
ErrorList validateJobSpecCommon(const Json& spec, const Path& path)
{
    ErrorList errors;
    for (const char* k : {"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished",
                          "backoffLimitPerIndex"})
        if (auto v = integer(spec, k))
            append(errors, validateNonnegative(*v, path.child(k)));
    if (auto maxFailed = integer(spec, "maxFailedIndexes")) {
        append(errors, validateNonnegative(*maxFailed, path.child("maxFailedIndexes")));
        if (!has(spec, "backoffLimitPerIndex"))
            errors.push_back(required(path.child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
    }
    const std::string mode = str(spec, "completionMode");
    if (has(spec, "completionMode")) {
        if (mode != "NonIndexed" && mode != "Indexed")
            errors.push_back(notSupported(path.child("completionMode"), Value::string(mode), {"NonIndexed", "Indexed"}));
        if (mode == "Indexed") {
            if (!has(spec, "completions"))
                errors.push_back(required(path.child("completions"), "when completion mode is Indexed"));
            if (auto p = integer(spec, "parallelism"); p && *p > 100000)
                errors.push_back(invalid(path.child("parallelism"), Value::number(*p),
                                         "must be less than or equal to 100000 when completion mode is Indexed"));
            auto completions = integer(spec, "completions");
            auto maxFailed = integer(spec, "maxFailedIndexes");
            if (completions && maxFailed && *maxFailed > *completions)
                errors.push_back(invalid(path.child("maxFailedIndexes"), Value::number(*maxFailed),
                                         "must be less than or equal to completions"));
        }
    }
    if (mode.empty() || mode == "NonIndexed") {
        if (auto v = integer(spec, "backoffLimitPerIndex"))
            errors.push_back(invalid(path.child("backoffLimitPerIndex"), Value::number(*v), "requires indexed completion mode"));
        if (auto v = integer(spec, "maxFailedIndexes"))
            errors.push_back(invalid(path.child("maxFailedIndexes"), Value::number(*v), "requires indexed completion mode"));
    }
    const Json* failurePolicy = objectField(spec, "podFailurePolicy");
    if (failurePolicy)
        append(errors, validatePodFailurePolicy(spec, *failurePolicy, path.child("podFailurePolicy")));
    if (has(spec, "podReplacementPolicy")) {
        const std::string replacement = str(spec, "podReplacementPolicy");
        if (failurePolicy) {
            if (replacement != "Failed")
                errors.push_back(notSupported(path.child("podReplacementPolicy"), Value::string(replacement), {"Failed"}));
        } else if (replacement != "Failed" && replacement != "TerminatingOrFailed") {
            errors.push_back(notSupported(path.child("podReplacementPolicy"), Value::string(replacement),
                                          {"Failed", "TerminatingOrFailed"}));
        }
    }
    const Json& templ = objectOrEmpty(objectField(spec, "template"));
    append(errors, validatePodTemplateSpec(templ, path.child("template")));
    const std::string restart = str(objectOrEmpty(objectField(templ, "spec")), "restartPolicy");
    const Path rp = path.child("template", "spec").child("restartPolicy");
    if (restart == "Always" || restart.empty())
        errors.push_back(required(rp, "valid values: \"OnFailure\", \"Never\""));
    else if (restart != "OnFailure" && restart != "Never")
        errors.push_back(notSupported(rp, Value::string(restart), {"OnFailure", "Never"}));
    else if (failurePolicy && restart != "Never")
        errors.push_back(invalid(rp, Value::string(restart), "only \"Never\" is supported when podFailurePolicy is specified"));
    return errors;
}

ErrorList validateJob(const Json& job, const Json* old)
{
    ErrorList errors = validateObjectMeta(job, true, nameIsDnsSubdomain());
    const Json& meta = objectOrEmpty(objectField(job, "metadata"));
    const Json& spec = objectOrEmpty(objectField(job, "spec"));
    const Path sp("spec");
    const std::string name = str(meta, "name");
    const std::string uid = str(meta, "uid");

    // validateGeneratedSelector: with an automatic selector the template must carry the
    // generated labels and the selector must be exactly the generated one.
    if (!boolean(spec, "manualSelector")) {
        const Json& templ = objectOrEmpty(objectField(spec, "template"));
        const Json* labels = templateLabels(templ);
        const Path mp = sp.child("template").child("metadata");
        if (!labels)
            errors.push_back(required(mp.child("labels")));
        if (const Json* selector = objectField(spec, "selector")) {
            if (uid.empty())
                errors.push_back(required(Path("metadata").child("uid")));
            const auto have = stringMap(labels);
            auto hasLabel = [&](const std::string& key, const std::string& expected) {
                auto it = have.find(key);
                if (it == have.end())
                    errors.push_back(required(mp.child("labels").key(key), expected));
                else if (it->second != expected)
                    errors.push_back(invalid(mp.child("labels").key(key), Value::raw(goMap(labels)), "must be '" + expected + "'"));
            };
            hasLabel("controller-uid", uid);
            hasLabel("job-name", name);
            hasLabel("batch.kubernetes.io/controller-uid", uid);
            hasLabel("batch.kubernetes.io/job-name", name);
            const auto matchLabels = stringMap(objectField(*selector, "matchLabels"));
            const std::map<std::string, std::string> expected = {{"batch.kubernetes.io/controller-uid", uid}};
            if (matchLabels != expected)
                errors.push_back(invalid(sp.child("selector"), Value::raw(labelSelectorString(*selector)),
                                         "`selector` not auto-generated"));
        }
    }
    append(errors, validateJobSpecCommon(spec, sp));
    const Json* selector = objectField(spec, "selector");
    if (!selector)
        errors.push_back(required(sp.child("selector")));
    else
        append(errors, validateLabelSelector(*selector, sp.child("selector")));
    if (selectorConvertible(selector)) {
        const Json* labels = templateLabels(objectOrEmpty(objectField(spec, "template")));
        if (!selectorMatches(selector, labels))
            errors.push_back(invalid(sp.child("template", "metadata").child("labels"), Value::raw(goMap(labels)),
                                     "`selector` does not match template `labels`"));
    }
    if (str(spec, "completionMode") == "Indexed") {
        if (auto completions = integer(spec, "completions"); completions && *completions > 0) {
            const std::string hostname = name + "-" + std::to_string(*completions - 1);
            if (!isDns1123Label(hostname).empty())
                errors.push_back(invalid(Path("metadata").child("name"), Value::string(name),
                                         "will not able to create pod with invalid DNS label: " + hostname));
        }
    }
    if (old) {
        const Json& oldSpec = objectOrEmpty(objectField(*old, "spec"));
        if (!sameField(field(spec, "completions"), field(oldSpec, "completions"))) {
            const bool indexed = str(spec, "completionMode") == "Indexed";
            auto completions = integer(spec, "completions");
            if (!indexed)
                errors.push_back(invalid(sp.child("completions"),
                                         completions ? Value::number(*completions) : Value::string("null"), "field is immutable"));
            else if (completions && *completions != intOr(spec, "parallelism", 0))
                errors.push_back(invalid(sp.child("completions"), Value::number(*completions),
                                         "can only be modified in tandem with spec.parallelism"));
        }
        append(errors, validateImmutable(selector, field(oldSpec, "selector"), sp.child("selector"),
                                         Value::raw(selector ? labelSelectorString(*selector) : "nil")));
        // A suspended Job that never started may change its scheduling directives.
        Json templ = spec.contains("template") ? spec["template"] : Json();
        Json oldTempl = oldSpec.contains("template") ? oldSpec["template"] : Json();
        const bool mutableScheduling = boolean(oldSpec, "suspend") && !has(objectOrEmpty(objectField(*old, "status")), "startTime");
        if (mutableScheduling && templ.is_object() && oldTempl.is_object() && templ.contains("spec") && oldTempl.contains("spec")) {
            for (const char* k : {"nodeSelector", "tolerations", "affinity", "schedulingGates"}) {
                if (oldTempl["spec"].contains(k))
                    templ["spec"][k] = oldTempl["spec"][k];
                else
                    templ["spec"].erase(k);
            }
            for (const char* k : {"labels", "annotations"}) {
                if (!templ.contains("metadata") || !oldTempl.contains("metadata"))
                    break;
                if (oldTempl["metadata"].contains(k))
                    templ["metadata"][k] = oldTempl["metadata"][k];
                else
                    templ["metadata"].erase(k);
            }
        }
        append(errors, validateImmutable(&templ, &oldTempl, sp.child("template"), Value::raw("core.PodTemplateSpec{...}")));
        for (const char* k : {"completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"}) {
            const Json* now = field(spec, k);
            const Json* before = field(oldSpec, k);
            Value printed = !now ? Value::string("null") : now->is_string() || now->is_number() ? Value::fromJson(*now)
                                                                                             : Value::raw(now->dump());
            append(errors, validateImmutable(now, before, sp.child(k), printed));
        }
    }
    return errors;
}

/// robfig/cron's ParseStandard, for its error texts.
std::string cronError(const std::string& schedule)
{
    std::string spec = schedule;
    if (spec.rfind("TZ=", 0) == 0 || spec.rfind("CRON_TZ=", 0) == 0) {
        const auto space = spec.find(' ');
        spec = space == std::string::npos ? std::string() : spec.substr(space + 1);
    }
    if (!spec.empty() && spec.front() == '@') {
        static const std::set<std::string> kDescriptors = {"@yearly", "@annually", "@monthly", "@weekly",
                                                           "@daily",  "@midnight", "@hourly"};
        if (kDescriptors.count(spec))
            return {};
        if (spec.rfind("@every ", 0) == 0)
            return {};
        return "unrecognized descriptor: " + spec;
    }
    std::vector<std::string> fields;
    {
        std::size_t i = 0;
        while (i < spec.size()) {
            while (i < spec.size() && std::isspace(static_cast<unsigned char>(spec[i])))
                ++i;
            std::size_t j = i;
            while (j < spec.size() && !std::isspace(static_cast<unsigned char>(spec[j])))
                ++j;
            if (j > i)
                fields.push_back(spec.substr(i, j - i));
            i = j;
        }
    }
    if (fields.size() != 5) {
        std::string list = "[";
        for (std::size_t i = 0; i < fields.size(); ++i)
            list += (i ? " " : "") + fields[i];
        return "expected exactly 5 fields, found " + std::to_string(fields.size()) + ": " + list + "]";
    }
    struct Bounds {
        int min;
        int max;
        std::vector<std::string> names; // index + min = value
    };
    const Bounds bounds[5] = {
        {0, 59, {}},
        {0, 23, {}},
        {1, 31, {}},
        {1, 12, {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
        {0, 6, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
    };
    auto parseInt = [](const std::string& expr, std::string& error) -> long long {
        bool ok = !expr.empty();
        std::size_t start = (expr.size() > 1 && (expr[0] == '-' || expr[0] == '+')) ? 1 : 0;
        for (std::size_t k = start; k < expr.size(); ++k)
            ok = ok && std::isdigit(static_cast<unsigned char>(expr[k]));
        if (!ok || expr.size() > 18) {
            error = "failed to parse int from " + expr + ": strconv.Atoi: parsing " + goQuote(expr) + ": invalid syntax";
            return 0;
        }
        const long long n = std::stoll(expr);
        if (n < 0)
            error = "negative number (" + std::to_string(n) + ") not allowed: " + expr;
        return n;
    };
    for (int f = 0; f < 5; ++f) {
        const Bounds& b = bounds[f];
        std::size_t start = 0;
        const std::string& field = fields[f];
        while (true) {
            const auto comma = field.find(',', start);
            const std::string expr = field.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            std::vector<std::string> rangeAndStep;
            for (std::size_t p = 0;;) {
                const auto slash = expr.find('/', p);
                rangeAndStep.push_back(expr.substr(p, slash == std::string::npos ? std::string::npos : slash - p));
                if (slash == std::string::npos)
                    break;
                p = slash + 1;
            }
            std::vector<std::string> lowHigh;
            for (std::size_t p = 0;;) {
                const auto dash = rangeAndStep[0].find('-', p);
                lowHigh.push_back(rangeAndStep[0].substr(p, dash == std::string::npos ? std::string::npos : dash - p));
                if (dash == std::string::npos)
                    break;
                p = dash + 1;
            }
            std::string error;
            auto intOrName = [&](const std::string& s) -> long long {
                std::string lower = s;
                std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
                for (std::size_t n = 0; n < b.names.size(); ++n)
                    if (b.names[n] == lower)
                        return static_cast<long long>(n) + b.min;
                return parseInt(s, error);
            };
            long long lo = 0;
            long long hi = 0;
            long long step = 1;
            if (lowHigh[0] == "*" || lowHigh[0] == "?") {
                lo = b.min;
                hi = b.max;
            } else {
                lo = intOrName(lowHigh[0]);
                if (!error.empty())
                    return error;
                if (lowHigh.size() == 1) {
                    hi = lo;
                } else if (lowHigh.size() == 2) {
                    hi = intOrName(lowHigh[1]);
                    if (!error.empty())
                        return error;
                } else {
                    return "too many hyphens: " + expr;
                }
            }
            if (rangeAndStep.size() == 2) {
                step = parseInt(rangeAndStep[1], error);
                if (!error.empty())
                    return error;
                if (lowHigh.size() == 1)
                    hi = b.max;
            } else if (rangeAndStep.size() > 2) {
                return "too many slashes: " + expr;
            }
            if (lo < b.min)
                return "beginning of range (" + std::to_string(lo) + ") below minimum (" + std::to_string(b.min) + "): " + expr;
            if (hi > b.max)
                return "end of range (" + std::to_string(hi) + ") above maximum (" + std::to_string(b.max) + "): " + expr;
            if (lo > hi)
                return "beginning of range (" + std::to_string(lo) + ") beyond end of range (" + std::to_string(hi) + "): " + expr;
            if (step == 0)
                return "step of range should be a positive number: " + expr;
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    return {};
}

ErrorList validateCronJob(const Json& cronJob, const Json* old)
{
    ErrorList errors = validateObjectMeta(cronJob, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(cronJob, "spec"));
    const Path sp("spec");
    const std::string schedule = str(spec, "schedule");
    if (schedule.empty()) {
        errors.push_back(required(sp.child("schedule")));
    } else {
        const bool allowTz = old && str(objectOrEmpty(objectField(*old, "spec")), "schedule").find("TZ") != std::string::npos;
        if (schedule.find("TZ") != std::string::npos && !allowTz)
            errors.push_back(invalid(sp.child("schedule"), Value::string(schedule),
                                     "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        if (const std::string error = cronError(schedule); !error.empty())
            errors.push_back(invalid(sp.child("schedule"), Value::string(schedule), error));
    }
    if (auto deadline = integer(spec, "startingDeadlineSeconds"))
        append(errors, validateNonnegative(*deadline, sp.child("startingDeadlineSeconds")));
    if (has(spec, "timeZone")) {
        const std::string tz = str(spec, "timeZone");
        if (tz.empty()) {
            errors.push_back(invalid(sp.child("timeZone"), Value::string(tz), "timeZone must be nil or non-empty string"));
        } else {
            bool ok = true;
            std::size_t start = 0;
            while (true) {
                const auto slash = tz.find('/', start);
                const std::string part = tz.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
                bool chars = !part.empty() && part.size() <= 14;
                for (char c : part)
                    chars = chars && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '+');
                if (part == "." || part == ".." || (!part.empty() && part[0] == '-') || !chars)
                    ok = false;
                if (slash == std::string::npos)
                    break;
                start = slash + 1;
            }
            if (!ok)
                errors.push_back(invalid(sp.child("timeZone"), Value::string(tz), "unknown time zone " + tz));
            else if (tz == "Local" || tz == "local" || tz == "LOCAL")
                errors.push_back(invalid(sp.child("timeZone"), Value::string(tz),
                                         "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }
    }
    const std::string concurrency = str(spec, "concurrencyPolicy");
    if (concurrency.empty())
        errors.push_back(required(sp.child("concurrencyPolicy")));
    else if (concurrency != "Allow" && concurrency != "Forbid" && concurrency != "Replace")
        errors.push_back(notSupported(sp.child("concurrencyPolicy"), Value::string(concurrency), {"Allow", "Forbid", "Replace"}));
    const Json& jobTemplate = objectOrEmpty(objectField(spec, "jobTemplate"));
    const Json& jobSpec = objectOrEmpty(objectField(jobTemplate, "spec"));
    const Path jp = sp.child("jobTemplate").child("spec");
    append(errors, validateJobSpecCommon(jobSpec, jp));
    if (const Json* selector = objectField(jobSpec, "selector"))
        errors.push_back(invalid(jp.child("selector"), Value::raw(labelSelectorString(*selector)), "`selector` will be auto-generated"));
    if (boolean(jobSpec, "manualSelector"))
        errors.push_back(notSupported(jp.child("manualSelector"), Value::boolean(true), {"nil", "false"}));
    for (const char* k : {"successfulJobsHistoryLimit", "failedJobsHistoryLimit"})
        if (auto v = integer(spec, k))
            append(errors, validateNonnegative(*v, sp.child(k)));
    if (!old && str(objectOrEmpty(objectField(cronJob, "metadata")), "name").size() > 52)
        errors.push_back(invalid(Path("metadata").child("name"),
                                 Value::string(str(objectOrEmpty(objectField(cronJob, "metadata")), "name")),
                                 "must be no more than 52 characters"));
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
