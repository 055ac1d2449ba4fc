// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lessons/lessoncheck.h"

#include <algorithm>
#include <cctype>

#include "core/api/labels.h"
#include "core/api/names.h"
#include "core/api/resources.h"
#include "core/cli/jsonpath.h"
#include "core/lessons/lessonfields.h"
#include "core/sim/engine.h"
#include "core/store/etcdkeys.h"

namespace kubelab::core {

namespace {

bool zh(Language language)
{
    return language == Language::Chinese;
}

bool isInteger(const std::string& s)
{
    if (s.empty())
        return false;
    std::size_t i = s[0] == '-' ? 1 : 0;
    return i < s.size() && s.find_first_not_of("0123456789", i) == std::string::npos;
}

bool isBoolWord(const std::string& s)
{
    return asciiLower(s) == "true" || asciiLower(s) == "false";
}

const char* symbol(Comparison c)
{
    switch (c) {
    case Comparison::Equals:
        return "=";
    case Comparison::NotEquals:
        return "!=";
    case Comparison::AtLeast:
        return ">=";
    case Comparison::AtMost:
        return "<=";
    case Comparison::Contains:
        return "contains";
    }
    return "=";
}

std::string conditionText(const FieldCondition& c, Language language)
{
    if (c.comparison == Comparison::Contains)
        return c.field + (zh(language) ? " 包含 " : " contains ") + c.value;
    return c.field + " " + symbol(c.comparison) + " " + c.value;
}

/// Compares what was found with what is wanted. A missing number reads as 0 and a missing
/// flag as false, as kubectl's columns show them; `True`/`true` are one value.
bool compare(std::string actual, const std::string& wanted, Comparison comparison)
{
    if (actual.empty() && isInteger(wanted) && comparison != Comparison::Contains)
        actual = "0";
    if (actual.empty() && isBoolWord(wanted))
        actual = "false";
    if (isBoolWord(actual) && isBoolWord(wanted)) {
        actual = asciiLower(actual);
        std::string w = asciiLower(wanted);
        return comparison == Comparison::NotEquals ? actual != w : actual == w;
    }
    switch (comparison) {
    case Comparison::Equals:
        return actual == wanted;
    case Comparison::NotEquals:
        return actual != wanted;
    case Comparison::Contains:
        return actual.find(wanted) != std::string::npos;
    case Comparison::AtLeast:
    case Comparison::AtMost: {
        if (!isInteger(actual))
            return false;
        long long a = std::stoll(actual);
        long long w = std::stoll(wanted);
        return comparison == Comparison::AtLeast ? a >= w : a <= w;
    }
    }
    return false;
}

/// The reasons a Pod shows for not running as wanted: `status.reason`, the reason of each
/// condition that is not True, and each container's waiting or terminated reason.
std::vector<std::string> podReasons(const Json& pod)
{
    std::vector<std::string> out;
    auto add = [&](const Json& j, const char* key) {
        if (j.is_object() && j.contains(key) && j[key].is_string() && !j[key].get<std::string>().empty())
            out.push_back(j[key].get<std::string>());
    };
    const Json status = pod.value("status", Json::object());
    add(status, "reason");
    for (const Json& c : status.value("conditions", Json::array()))
        if (c.value("status", "") != "True")
            add(c, "reason");
    for (const char* list : {"initContainerStatuses", "containerStatuses"})
        for (const Json& cs : status.value(list, Json::array())) {
            add(cs.value("state", Json::object()).value("waiting", Json::object()), "reason");
            add(cs.value("state", Json::object()).value("terminated", Json::object()), "reason");
            add(cs.value("lastState", Json::object()).value("terminated", Json::object()), "reason");
        }
    return out;
}

std::string fieldValue(const Json& object, const FieldCondition& c)
{
    if (c.field.starts_with("labels.")) {
        Labels labels = labelsOf(object);
        auto it = labels.find(c.field.substr(7));
        return it == labels.end() ? std::string() : it->second;
    }
    auto r = cli::executeJsonPath(c.jsonPath, object);
    return r ? *r : std::string();
}

/// Whether `object` meets `c`; when not, `reason` says what was found.
bool meets(const Engine& engine, const Json& object, const FieldCondition& c, Language language, std::string& reason)
{
    std::string actual;
    bool ok = false;
    if (c.field == "stored" && c.jsonPath.empty()) {
        // What etcd holds, as `klab etcd get` prints it; a failure shows its beginning.
        actual = etcdValue(engine.lab(), object);
        ok = compare(actual, c.value, c.comparison);
        if (constexpr std::size_t kShown = 60; !ok && actual.size() > kShown)
            actual = actual.substr(0, kShown) + "...";
    } else if (c.field == "reason" && c.jsonPath.empty()) {
        auto reasons = podReasons(object);
        bool found = std::find(reasons.begin(), reasons.end(), c.value) != reasons.end();
        ok = c.comparison == Comparison::NotEquals ? !found : found;
        if (c.comparison == Comparison::Contains)
            ok = std::any_of(reasons.begin(), reasons.end(),
                             [&](const std::string& r) { return r.find(c.value) != std::string::npos; });
        for (const std::string& r : reasons)
            actual += (actual.empty() ? "" : ", ") + r;
    } else {
        actual = fieldValue(object, c);
        ok = compare(actual, c.value, c.comparison);
    }
    if (!ok) {
        if (actual.empty() && isInteger(c.value))
            actual = "0";
        else if (actual.empty() && isBoolWord(c.value))
            actual = "false";
        std::string shown = actual.empty() ? (zh(language) ? "（空）" : "<none>") : actual;
        reason = zh(language) ? c.field + " 实际为 " + shown : c.field + " is " + shown;
    }
    return ok;
}

/// The lab's kube-proxy configuration as the document kube-proxy reads: the mode that
/// `klab proxy-mode` sets and the cluster CIDR.
Json kubeProxyConfiguration(const Engine& engine)
{
    return Json{{"apiVersion", "kubeproxy.config.k8s.io/v1alpha1"},
                {"kind", std::string(kKubeProxyConfigurationKind)},
                {"clusterCIDR", engine.settings().podCidr},
                {"mode", engine.settings().proxyMode}};
}

std::string subject(const LessonCheck& check, Language language)
{
    if (check.kind == kKubeProxyConfigurationKind)
        return zh(language) ? "kube-proxy 配置" : "kube-proxy configuration";
    const ResourceInfo* r = findResourceByKind(check.kind);
    std::string singular = r ? std::string(r->singular) : asciiLower(check.kind);
    std::string nsPart = !check.ns.empty() && check.ns != "default" ? check.ns + "/" : "";
    if (!check.name.empty())
        return singular + " " + nsPart + check.name;
    std::string plural = r ? std::string(r->plural) : singular + "s";
    std::string s = plural;
    if (!check.ns.empty() && check.ns != "default")
        s += zh(language) ? "（命名空间 " + check.ns + "）" : " in namespace " + check.ns;
    if (!check.selector.empty())
        s += zh(language) ? "（标签 " + check.selector + "）" : " with " + check.selector;
    return s;
}

bool truthy(const CountCondition& c, long long n)
{
    switch (c.comparison) {
    case Comparison::Equals:
        return n == c.value;
    case Comparison::NotEquals:
        return n != c.value;
    case Comparison::AtLeast:
        return n >= c.value;
    case Comparison::AtMost:
        return n <= c.value;
    case Comparison::Contains:
        return false;
    }
    return false;
}

} // namespace

std::string describeCheck(const LessonCheck& check, Language language)
{
    if (!check.title.en.empty())
        return check.title.in(language);
    std::string conditions;
    for (const FieldCondition& c : check.conditions)
        conditions += (conditions.empty() ? "" : ", ") + conditionText(c, language);
    std::string s = subject(check, language);
    if (!check.exists)
        return conditions.empty() ? s + (zh(language) ? " 不存在" : " does not exist")
                                  : (zh(language) ? "没有 " + s + " 满足 " + conditions
                                                  : "no " + s + " with " + conditions);
    if (check.count) {
        std::string cond = conditions.empty() ? ""
                           : zh(language)      ? "，且 " + conditions
                           : check.selector.empty() ? " with " + conditions
                                                    : ", " + conditions;
        std::string op = check.count->comparison == Comparison::Equals ? "=" : symbol(check.count->comparison);
        return zh(language) ? s + cond + "：数量 " + op + " " + std::to_string(check.count->value)
                            : s + cond + ": count " + op + " " + std::to_string(check.count->value);
    }
    if (conditions.empty())
        return s + (zh(language) ? " 存在" : " exists");
    return s + (zh(language) ? "：" : ": ") + conditions;
}

CheckOutcome evaluateCheck(const Engine& engine, const LessonCheck& check, Language language)
{
    CheckOutcome result;
    result.description = describeCheck(check, language);
    std::vector<ObjectPtr> objects;
    if (check.kind == kKubeProxyConfigurationKind) {
        objects.push_back(std::make_shared<const Json>(kubeProxyConfiguration(engine)));
    } else if (!check.name.empty()) {
        ObjectPtr o = engine.get(ObjectKey{check.kind, check.ns, check.name});
        if (o && !isBeingDeleted(*o))
            objects.push_back(o);
    } else {
        LabelSelector selector;
        if (!check.selector.empty())
            if (auto s = LabelSelector::parse(check.selector))
                selector = *s;
        for (ObjectPtr& o : engine.list(check.kind, check.ns, selector))
            if (!isBeingDeleted(*o))
                objects.push_back(std::move(o));
    }
    std::string s = subject(check, language);
    // The objects meeting every condition, and the first reason one did not.
    std::vector<ObjectPtr> meeting;
    std::string firstReason;
    for (const ObjectPtr& o : objects) {
        bool all = true;
        for (const FieldCondition& c : check.conditions) {
            std::string reason;
            if (!meets(engine, *o, c, language, reason)) {
                all = false;
                if (firstReason.empty())
                    firstReason = check.name.empty() && check.kind != kKubeProxyConfigurationKind
                                      ? kindOf(*o) + " " + nameOf(*o) + ": " + reason
                                      : reason;
                break;
            }
        }
        if (all)
            meeting.push_back(o);
    }
    if (check.count) {
        long long n = static_cast<long long>(meeting.size());
        result.passed = truthy(*check.count, n);
        if (!result.passed)
            result.reason = zh(language) ? "当前数量为 " + std::to_string(n) : "count is " + std::to_string(n);
        return result;
    }
    if (!check.exists) {
        result.passed = meeting.empty();
        if (!result.passed)
            result.reason = check.name.empty()
                                ? (zh(language) ? "仍有 " + std::to_string(meeting.size()) + " 个"
                                                : std::to_string(meeting.size()) + " still there")
                                : (zh(language) ? "它仍然存在" : "it still exists");
        return result;
    }
    if (objects.empty()) {
        result.reason = check.name.empty() ? (zh(language) ? "一个也没有" : "there are none")
                                           : (zh(language) ? "找不到 " + s : s + " not found");
        return result;
    }
    result.passed = meeting.size() == objects.size();
    if (!result.passed)
        result.reason = firstReason;
    return result;
}

std::vector<CheckOutcome> evaluateStep(const Engine& engine, const LessonStep& step, Language language)
{
    std::vector<CheckOutcome> out;
    for (const LessonCheck& c : step.checks)
        out.push_back(evaluateCheck(engine, c, language));
    return out;
}

} // namespace kubelab::core
