// SPDX-License-Identifier: GPL-3.0-or-later
// Job and CronJob, after k8s.io/kubernetes/pkg/apis/batch/validation/validation.go (v1.31), with
// the selector the job registry generates and robfig/cron's schedule parser texts.
#include <algorithm>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core::validation {

namespace {

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

} // namespace

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

} // namespace kubelab::core::validation
