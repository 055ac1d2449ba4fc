// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/podtypes.h"

#include <algorithm>
#include <chrono>
#include <charconv>
#include <cmath>

#include "core/api/nodeselector.h"
#include "core/api/quantity.h"

namespace kubelab::core {

namespace {

const Json* child(const Json& object, const char* key)
{
    if (!object.is_object())
        return nullptr;
    auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return nullptr;
    return &*it;
}

std::string stringOf(const Json& object, const char* key)
{
    const Json* v = child(object, key);
    return v && v->is_string() ? v->get<std::string>() : std::string();
}

bool boolOf(const Json& object, const char* key)
{
    const Json* v = child(object, key);
    return v && v->is_boolean() && v->get<bool>();
}

std::optional<std::int64_t> intOf(const Json& object, const char* key)
{
    const Json* v = child(object, key);
    if (!v)
        return std::nullopt;
    if (v->is_number_integer())
        return v->get<std::int64_t>();
    if (v->is_number_float())
        return static_cast<std::int64_t>(v->get<double>());
    if (v->is_string()) {
        const std::string s = v->get<std::string>();
        std::int64_t out = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        if (ec == std::errc() && ptr == s.data() + s.size())
            return out;
    }
    return std::nullopt;
}

std::vector<std::string> stringsOf(const Json& object, const char* key)
{
    std::vector<std::string> out;
    const Json* v = child(object, key);
    if (!v || !v->is_array())
        return out;
    for (const Json& e : *v)
        if (e.is_string())
            out.push_back(e.get<std::string>());
    return out;
}

Labels mapOf(const Json& object, const char* key)
{
    Labels out;
    const Json* v = child(object, key);
    if (!v || !v->is_object())
        return out;
    for (auto it = v->begin(); it != v->end(); ++it)
        if (it.value().is_string())
            out.emplace(it.key(), it.value().get<std::string>());
    return out;
}

const Json& arrayOrEmpty(const Json& object, const char* key)
{
    static const Json empty = Json::array();
    const Json* v = child(object, key);
    return v && v->is_array() ? *v : empty;
}

/// A field path one level deeper: `spec.affinity` + `nodeAffinity`.
std::string fieldPath(std::string_view a, std::string_view b)
{
    if (a.empty())
        return std::string(b);
    std::string out(a);
    out += '.';
    out += b;
    return out;
}

std::string indexed(std::string_view field, std::size_t i)
{
    return std::string(field) + "[" + std::to_string(i) + "]";
}

Error invalid(std::string message, std::string field)
{
    Location loc;
    loc.field = std::move(field);
    return makeError(ErrorCode::Invalid, std::move(message), std::move(loc));
}

Result<Quantity> quantityOf(const Json& value, const std::string& field)
{
    std::string text;
    if (value.is_string())
        text = value.get<std::string>();
    else if (value.is_number_integer())
        text = std::to_string(value.get<std::int64_t>());
    else if (value.is_number())
        text = value.dump();
    else
        return fail(invalid(field + ": quantities must be strings or numbers", field));
    auto q = Quantity::parse(text);
    if (!q) {
        Error e = q.error();
        e.location.field = field;
        e.message = field + ": " + e.message;
        return fail(std::move(e));
    }
    return *q;
}

std::optional<double> timeAt(const Json& object, const char* key)
{
    const Json* v = child(object, key);
    return v ? timestampSeconds(*v) : std::nullopt;
}

Result<TaintEffect> effectOf(const Json& object, const std::string& field, bool allowEmpty)
{
    const std::string e = stringOf(object, "effect");
    if (e.empty() && allowEmpty)
        return TaintEffect::None;
    if (e == "NoSchedule")
        return TaintEffect::NoSchedule;
    if (e == "PreferNoSchedule")
        return TaintEffect::PreferNoSchedule;
    if (e == "NoExecute")
        return TaintEffect::NoExecute;
    return fail(invalid(fieldPath(field, "effect") + ": Unsupported value: \"" + e
                            + "\": supported values: \"NoExecute\", \"NoSchedule\", \"PreferNoSchedule\"",
                        fieldPath(field, "effect")));
}

Result<std::vector<Taint>> taintsOf(const Json& spec, const std::string& field)
{
    std::vector<Taint> out;
    const Json& arr = arrayOrEmpty(spec, "taints");
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string f = indexed(field, i);
        Taint t;
        t.key = stringOf(arr[i], "key");
        t.value = stringOf(arr[i], "value");
        auto effect = effectOf(arr[i], f, false);
        if (!effect)
            return fail(effect.error());
        t.effect = *effect;
        t.timeAdded = timeAt(arr[i], "timeAdded");
        out.push_back(std::move(t));
    }
    return out;
}

Result<std::vector<Toleration>> tolerationsOf(const Json& spec, const std::string& field)
{
    std::vector<Toleration> out;
    const Json& arr = arrayOrEmpty(spec, "tolerations");
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string f = indexed(field, i);
        Toleration t;
        t.key = stringOf(arr[i], "key");
        t.value = stringOf(arr[i], "value");
        const std::string op = stringOf(arr[i], "operator");
        if (op.empty() || op == "Equal")
            t.op = Toleration::Operator::Equal;
        else if (op == "Exists")
            t.op = Toleration::Operator::Exists;
        else
            return fail(invalid(f + ".operator: Unsupported value: \"" + op
                                    + "\": supported values: \"Equal\", \"Exists\"",
                                f + ".operator"));
        auto effect = effectOf(arr[i], f, true);
        if (!effect)
            return fail(effect.error());
        t.effect = *effect;
        t.tolerationSeconds = intOf(arr[i], "tolerationSeconds");
        out.push_back(std::move(t));
    }
    return out;
}

Result<std::vector<NodeSelectorRequirement>> requirementsOf(const Json& term, const char* key,
                                                             const std::string& field)
{
    std::vector<NodeSelectorRequirement> out;
    const Json& arr = arrayOrEmpty(term, key);
    for (std::size_t i = 0; i < arr.size(); ++i) {
        NodeSelectorRequirement r;
        r.key = stringOf(arr[i], "key");
        r.values = stringsOf(arr[i], "values");
        const std::string op = stringOf(arr[i], "operator");
        using Op = NodeSelectorRequirement::Operator;
        if (op == "In")
            r.op = Op::In;
        else if (op == "NotIn")
            r.op = Op::NotIn;
        else if (op == "Exists")
            r.op = Op::Exists;
        else if (op == "DoesNotExist")
            r.op = Op::DoesNotExist;
        else if (op == "Gt")
            r.op = Op::Gt;
        else if (op == "Lt")
            r.op = Op::Lt;
        else {
            const std::string f = indexed(fieldPath(field, key), i) + ".operator";
            return fail(invalid(f + ": Invalid value: \"" + op + "\": not a valid selector operator", f));
        }
        out.push_back(std::move(r));
    }
    return out;
}

Result<NodeSelectorTerm> nodeSelectorTermOf(const Json& term, const std::string& field)
{
    NodeSelectorTerm out;
    auto exprs = requirementsOf(term, "matchExpressions", field);
    if (!exprs)
        return fail(exprs.error());
    auto fields = requirementsOf(term, "matchFields", field);
    if (!fields)
        return fail(fields.error());
    out.matchExpressions = std::move(*exprs);
    out.matchFields = std::move(*fields);
    return out;
}

Result<LabelSelector> selectorOf(const Json& object, const char* key, const std::string& field)
{
    const Json* v = child(object, key);
    if (!v)
        return LabelSelector::nothing();
    auto s = LabelSelector::fromJson(*v);
    if (!s) {
        Error e = s.error();
        if (e.location.field.empty())
            e.location.field = fieldPath(field, key);
        return fail(std::move(e));
    }
    return *s;
}

Result<PodAffinityTerm> podAffinityTermOf(const Json& term, const std::string& field)
{
    PodAffinityTerm out;
    auto sel = selectorOf(term, "labelSelector", field);
    if (!sel)
        return fail(sel.error());
    out.labelSelector = std::move(*sel);
    out.namespaces = stringsOf(term, "namespaces");
    if (child(term, "namespaceSelector")) {
        auto ns = selectorOf(term, "namespaceSelector", field);
        if (!ns)
            return fail(ns.error());
        out.namespaceSelector = std::move(*ns);
    }
    out.topologyKey = stringOf(term, "topologyKey");
    out.matchLabelKeys = stringsOf(term, "matchLabelKeys");
    out.mismatchLabelKeys = stringsOf(term, "mismatchLabelKeys");
    return out;
}

Result<PodAffinity> podAffinityOf(const Json& object, const std::string& field)
{
    PodAffinity out;
    const Json& req = arrayOrEmpty(object, "requiredDuringSchedulingIgnoredDuringExecution");
    for (std::size_t i = 0; i < req.size(); ++i) {
        auto t = podAffinityTermOf(req[i], indexed(fieldPath(field, "requiredDuringSchedulingIgnoredDuringExecution"), i));
        if (!t)
            return fail(t.error());
        out.required.push_back(std::move(*t));
    }
    const Json& pref = arrayOrEmpty(object, "preferredDuringSchedulingIgnoredDuringExecution");
    for (std::size_t i = 0; i < pref.size(); ++i) {
        const std::string f = indexed(fieldPath(field, "preferredDuringSchedulingIgnoredDuringExecution"), i);
        WeightedPodAffinityTerm w;
        w.weight = static_cast<std::int32_t>(intOf(pref[i], "weight").value_or(0));
        const Json* t = child(pref[i], "podAffinityTerm");
        auto term = podAffinityTermOf(t ? *t : Json::object(), f + ".podAffinityTerm");
        if (!term)
            return fail(term.error());
        w.term = std::move(*term);
        out.preferred.push_back(std::move(w));
    }
    return out;
}

Result<Affinity> affinityOf(const Json& object, const std::string& field)
{
    Affinity out;
    if (const Json* na = child(object, "nodeAffinity")) {
        NodeAffinity nodeAffinity;
        const std::string f = fieldPath(field, "nodeAffinity");
        if (const Json* req = child(*na, "requiredDuringSchedulingIgnoredDuringExecution")) {
            NodeSelector sel;
            const Json& terms = arrayOrEmpty(*req, "nodeSelectorTerms");
            for (std::size_t i = 0; i < terms.size(); ++i) {
                auto t = nodeSelectorTermOf(
                    terms[i], indexed(f + ".requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", i));
                if (!t)
                    return fail(t.error());
                sel.nodeSelectorTerms.push_back(std::move(*t));
            }
            nodeAffinity.required = std::move(sel);
        }
        const Json& pref = arrayOrEmpty(*na, "preferredDuringSchedulingIgnoredDuringExecution");
        for (std::size_t i = 0; i < pref.size(); ++i) {
            PreferredSchedulingTerm p;
            p.weight = static_cast<std::int32_t>(intOf(pref[i], "weight").value_or(0));
            const Json* pr = child(pref[i], "preference");
            auto t = nodeSelectorTermOf(pr ? *pr : Json::object(),
                                        indexed(f + ".preferredDuringSchedulingIgnoredDuringExecution", i)
                                            + ".preference");
            if (!t)
                return fail(t.error());
            p.preference = std::move(*t);
            nodeAffinity.preferred.push_back(std::move(p));
        }
        out.nodeAffinity = std::move(nodeAffinity);
    }
    if (const Json* pa = child(object, "podAffinity")) {
        auto a = podAffinityOf(*pa, fieldPath(field, "podAffinity"));
        if (!a)
            return fail(a.error());
        out.podAffinity = std::move(*a);
    }
    if (const Json* paa = child(object, "podAntiAffinity")) {
        auto a = podAffinityOf(*paa, fieldPath(field, "podAntiAffinity"));
        if (!a)
            return fail(a.error());
        out.podAntiAffinity = std::move(*a);
    }
    return out;
}

Result<std::vector<TopologySpreadConstraint>> spreadOf(const Json& spec, const std::string& field)
{
    std::vector<TopologySpreadConstraint> out;
    const Json& arr = arrayOrEmpty(spec, "topologySpreadConstraints");
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string f = indexed(field, i);
        TopologySpreadConstraint c;
        c.maxSkew = static_cast<std::int32_t>(intOf(arr[i], "maxSkew").value_or(1));
        c.topologyKey = stringOf(arr[i], "topologyKey");
        const std::string when = stringOf(arr[i], "whenUnsatisfiable");
        if (when == "ScheduleAnyway")
            c.whenUnsatisfiable = TopologySpreadConstraint::WhenUnsatisfiable::ScheduleAnyway;
        else if (when.empty() || when == "DoNotSchedule")
            c.whenUnsatisfiable = TopologySpreadConstraint::WhenUnsatisfiable::DoNotSchedule;
        else
            return fail(invalid(f + ".whenUnsatisfiable: Unsupported value: \"" + when
                                    + "\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"",
                                f + ".whenUnsatisfiable"));
        auto sel = selectorOf(arr[i], "labelSelector", f);
        if (!sel)
            return fail(sel.error());
        c.labelSelector = std::move(*sel);
        if (auto md = intOf(arr[i], "minDomains"))
            c.minDomains = static_cast<std::int32_t>(*md);
        c.matchLabelKeys = stringsOf(arr[i], "matchLabelKeys");
        c.nodeAffinityPolicy = stringOf(arr[i], "nodeAffinityPolicy") == "Ignore"
            ? TopologySpreadConstraint::Policy::Ignore
            : TopologySpreadConstraint::Policy::Honor;
        c.nodeTaintsPolicy = stringOf(arr[i], "nodeTaintsPolicy") == "Honor"
            ? TopologySpreadConstraint::Policy::Honor
            : TopologySpreadConstraint::Policy::Ignore;
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::vector<Container>> containersOf(const Json& spec, const char* key, bool hostNetwork)
{
    std::vector<Container> out;
    const Json& arr = arrayOrEmpty(spec, key);
    out.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string f = indexed(std::string("spec.") + key, i);
        Container c;
        c.name = stringOf(arr[i], "name");
        c.image = stringOf(arr[i], "image");
        c.restartPolicy = stringOf(arr[i], "restartPolicy");
        if (const Json* res = child(arr[i], "resources")) {
            if (const Json* req = child(*res, "requests")) {
                auto r = ResourceAmounts::fromJson(*req, f + ".resources.requests");
                if (!r)
                    return fail(r.error());
                c.requests = std::move(*r);
            }
            if (const Json* lim = child(*res, "limits")) {
                auto r = ResourceAmounts::fromJson(*lim, f + ".resources.limits");
                if (!r)
                    return fail(r.error());
                c.limits = std::move(*r);
                // API defaulting: a resource with a limit and no request requests its limit.
                if (c.limits.cpuSet && !c.requests.cpuSet) {
                    c.requests.milliCpu = c.limits.milliCpu;
                    c.requests.cpuSet = true;
                }
                if (c.limits.memorySet && !c.requests.memorySet) {
                    c.requests.memory = c.limits.memory;
                    c.requests.memorySet = true;
                }
                const Json* req = child(*res, "requests");
                const bool ephemeralRequested = req && req->is_object() && req->contains("ephemeral-storage");
                if (lim->is_object() && lim->contains("ephemeral-storage") && !ephemeralRequested)
                    c.requests.ephemeralStorage = c.limits.ephemeralStorage;
                for (const auto& [name, value] : c.limits.scalar)
                    c.requests.scalar.try_emplace(name, value);
            }
        }
        const Json& ports = arrayOrEmpty(arr[i], "ports");
        for (const Json& p : ports) {
            ContainerPort port;
            port.name = stringOf(p, "name");
            port.containerPort = static_cast<std::int32_t>(intOf(p, "containerPort").value_or(0));
            port.hostPort = static_cast<std::int32_t>(intOf(p, "hostPort").value_or(0));
            const std::string protocol = stringOf(p, "protocol");
            if (!protocol.empty())
                port.protocol = protocol;
            port.hostIP = stringOf(p, "hostIP");
            if (hostNetwork && port.hostPort == 0)
                port.hostPort = port.containerPort;
            c.ports.push_back(std::move(port));
        }
        out.push_back(std::move(c));
    }
    return out;
}

/// Adds a container's list to `sum`, with the non-zero defaults when asked.
void addContainer(ResourceAmounts& sum, const ResourceAmounts& c, MissingRequests missing)
{
    sum.add(c);
    if (missing == MissingRequests::NonZeroDefault) {
        if (!c.cpuSet)
            sum.milliCpu += kDefaultMilliCpuRequest;
        if (!c.memorySet)
            sum.memory += kDefaultMemoryRequest;
    }
}

ResourceAmounts aggregate(const Pod& pod, bool limits, MissingRequests missing)
{
    auto list = [limits](const Container& c) -> const ResourceAmounts& { return limits ? c.limits : c.requests; };
    ResourceAmounts regular;
    for (const Container& c : pod.containers)
        addContainer(regular, list(c), missing);
    if (!pod.initContainers.empty()) {
        ResourceAmounts sidecars;
        ResourceAmounts initPeak;
        for (const Container& c : pod.initContainers) {
            ResourceAmounts own;
            addContainer(own, list(c), missing);
            if (c.isSidecar()) {
                regular.add(own);
                sidecars.add(own);
                initPeak.setMax(sidecars);
            } else {
                own.add(sidecars);
                initPeak.setMax(own);
            }
        }
        regular.setMax(initPeak);
    }
    if (pod.overhead)
        regular.add(*pod.overhead);
    regular.cpuSet = regular.memorySet = false;
    return regular;
}

} // namespace

namespace {

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

} // namespace

std::optional<double> rfc3339Seconds(std::string_view s)
{
    auto num = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
        if (pos + len > s.size())
            return std::nullopt;
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (s[i] < '0' || s[i] > '9')
                return std::nullopt;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    auto year = num(0, 4), month = num(5, 2), day = num(8, 2);
    auto hour = num(11, 2), minute = num(14, 2), second = num(17, 2);
    if (!year || !month || !day || !hour || !minute || !second || s.size() < 20 || s[4] != '-'
        || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{*year},
                                           std::chrono::month{static_cast<unsigned>(*month)},
                                           std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    double seconds = static_cast<double>(daysFromCivil(*year, static_cast<unsigned>(*month),
                                                       static_cast<unsigned>(*day)))
            * 86400.0
        + *hour * 3600.0 + *minute * 60.0 + *second;
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        double scale = 0.1;
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            seconds += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
    }
    if (pos >= s.size())
        return std::nullopt;
    if (s[pos] == 'Z' || s[pos] == 'z')
        return pos + 1 == s.size() ? std::optional<double>(seconds) : std::nullopt;
    if (s[pos] != '+' && s[pos] != '-')
        return std::nullopt;
    auto oh = num(pos + 1, 2), om = num(pos + 4, 2);
    if (!oh || !om || pos + 6 != s.size())
        return std::nullopt;
    const double offset = *oh * 3600.0 + *om * 60.0;
    return s[pos] == '+' ? seconds - offset : seconds + offset;
}

std::optional<double> timestampSeconds(const Json& value)
{
    if (value.is_number())
        return value.get<double>();
    if (value.is_string())
        return rfc3339Seconds(value.get<std::string>());
    return std::nullopt;
}

bool isExtendedResourceName(std::string_view name)
{
    if (name.find('/') == std::string_view::npos)
        return false;
    if (name.find("kubernetes.io/") != std::string_view::npos)
        return false;
    return !name.starts_with("requests.");
}

bool isScalarResourceName(std::string_view name)
{
    return isExtendedResourceName(name) || name.starts_with("hugepages-")
        || name.starts_with("attachable-volumes-") || name.find("kubernetes.io/") != std::string_view::npos;
}

Result<ResourceAmounts> ResourceAmounts::fromJson(const Json& list, std::string_view field)
{
    ResourceAmounts out;
    if (!list.is_object())
        return out;
    for (auto it = list.begin(); it != list.end(); ++it) {
        const std::string& name = it.key();
        auto q = quantityOf(it.value(), fieldPath(field, name));
        if (!q)
            return fail(q.error());
        if (name == "cpu") {
            out.milliCpu = q->milliValue();
            out.cpuSet = true;
        } else if (name == "memory") {
            out.memory = q->value();
            out.memorySet = true;
        } else if (name == "ephemeral-storage") {
            out.ephemeralStorage = q->value();
        } else if (name == "pods") {
            out.pods = q->value();
        } else if (isScalarResourceName(name)) {
            out.scalar[name] = q->value();
        }
    }
    return out;
}

std::int64_t ResourceAmounts::scalarValue(std::string_view name) const
{
    auto it = scalar.find(name);
    return it == scalar.end() ? 0 : it->second;
}

bool ResourceAmounts::isZero() const
{
    if (milliCpu != 0 || memory != 0 || ephemeralStorage != 0)
        return false;
    return std::all_of(scalar.begin(), scalar.end(), [](const auto& e) { return e.second == 0; });
}

void ResourceAmounts::add(const ResourceAmounts& other)
{
    milliCpu += other.milliCpu;
    memory += other.memory;
    ephemeralStorage += other.ephemeralStorage;
    pods += other.pods;
    for (const auto& [name, value] : other.scalar)
        scalar[name] += value;
    cpuSet = cpuSet || other.cpuSet;
    memorySet = memorySet || other.memorySet;
}

void ResourceAmounts::subtract(const ResourceAmounts& other)
{
    milliCpu -= other.milliCpu;
    memory -= other.memory;
    ephemeralStorage -= other.ephemeralStorage;
    pods -= other.pods;
    for (const auto& [name, value] : other.scalar)
        scalar[name] -= value;
}

void ResourceAmounts::setMax(const ResourceAmounts& other)
{
    milliCpu = std::max(milliCpu, other.milliCpu);
    memory = std::max(memory, other.memory);
    ephemeralStorage = std::max(ephemeralStorage, other.ephemeralStorage);
    pods = std::max(pods, other.pods);
    for (const auto& [name, value] : other.scalar) {
        auto [it, inserted] = scalar.try_emplace(name, value);
        if (!inserted)
            it->second = std::max(it->second, value);
    }
    cpuSet = cpuSet || other.cpuSet;
    memorySet = memorySet || other.memorySet;
}

std::string_view taintEffectName(TaintEffect effect)
{
    switch (effect) {
    case TaintEffect::None: return "";
    case TaintEffect::NoSchedule: return "NoSchedule";
    case TaintEffect::PreferNoSchedule: return "PreferNoSchedule";
    case TaintEffect::NoExecute: return "NoExecute";
    }
    return "";
}

bool Toleration::toleratesTaint(const Taint& taint) const
{
    if (effect != TaintEffect::None && effect != taint.effect)
        return false;
    if (!key.empty() && key != taint.key)
        return false;
    switch (op) {
    case Operator::Exists: return true;
    case Operator::Equal: return value == taint.value;
    }
    return false;
}

bool tolerationsTolerateTaint(const std::vector<Toleration>& tolerations, const Taint& taint)
{
    return std::any_of(tolerations.begin(), tolerations.end(),
                       [&](const Toleration& t) { return t.toleratesTaint(taint); });
}

ResourceAmounts podRequests(const Pod& pod, MissingRequests missing)
{
    return aggregate(pod, false, missing);
}

bool isPodReady(const Json& pod)
{
    if (!pod.contains("status") || !pod["status"].contains("conditions"))
        return false;
    for (const Json& c : pod["status"]["conditions"])
        if (c.value("type", "") == "Ready")
            return c.value("status", "") == "True";
    return false;
}

void updatePodCondition(Json& pod, const std::string& type, const std::string& status, const std::string& reason,
                        const std::string& message, const std::string& now)
{
    Json& conds = pod["status"]["conditions"];
    if (!conds.is_array())
        conds = Json::array();
    Json c = Json{{"type", type}, {"status", status}, {"lastProbeTime", nullptr}, {"lastTransitionTime", now}};
    if (!reason.empty())
        c["reason"] = reason;
    if (!message.empty())
        c["message"] = message;
    for (Json& x : conds)
        if (x.value("type", "") == type) {
            if (x.value("status", "") == status)
                c["lastTransitionTime"] = x.value("lastTransitionTime", now);
            x = std::move(c);
            return;
        }
    conds.push_back(std::move(c));
}

ResourceAmounts podLimits(const Pod& pod)
{
    return aggregate(pod, true, MissingRequests::Zero);
}

Result<Pod> Pod::fromJson(const Json& document)
{
    if (!document.is_object())
        return fail(ErrorCode::BadRequest, "pod document is not an object");
    Pod pod;
    static const Json emptyObject = Json::object();
    const Json* meta = child(document, "metadata");
    const Json& m = meta ? *meta : emptyObject;
    pod.name = stringOf(m, "name");
    pod.ns = stringOf(m, "namespace");
    if (pod.ns.empty())
        pod.ns = "default";
    pod.uid = stringOf(m, "uid");
    pod.labels = mapOf(m, "labels");
    pod.annotations = mapOf(m, "annotations");
    pod.creationTimestamp = timeAt(m, "creationTimestamp").value_or(0);
    pod.deletionTimestamp = timeAt(m, "deletionTimestamp");
    for (const Json& ref : arrayOrEmpty(m, "ownerReferences")) {
        if (ref.is_object() && boolOf(ref, "controller")) {
            pod.controllerRef = OwnerReference{stringOf(ref, "apiVersion"), stringOf(ref, "kind"),
                                               stringOf(ref, "name"), stringOf(ref, "uid")};
            break;
        }
    }

    const Json* specPtr = child(document, "spec");
    const Json& spec = specPtr ? *specPtr : emptyObject;
    pod.nodeName = stringOf(spec, "nodeName");
    const std::string schedulerName = stringOf(spec, "schedulerName");
    if (!schedulerName.empty())
        pod.schedulerName = schedulerName;
    pod.nodeSelector = mapOf(spec, "nodeSelector");
    pod.hostNetwork = boolOf(spec, "hostNetwork");
    if (const Json* a = child(spec, "affinity")) {
        auto affinity = affinityOf(*a, "spec.affinity");
        if (!affinity)
            return fail(affinity.error());
        pod.affinity = std::move(*affinity);
    }
    auto tolerations = tolerationsOf(spec, "spec.tolerations");
    if (!tolerations)
        return fail(tolerations.error());
    pod.tolerations = std::move(*tolerations);
    pod.priority = static_cast<std::int32_t>(intOf(spec, "priority").value_or(0));
    pod.priorityClassName = stringOf(spec, "priorityClassName");
    pod.preemptionPolicy = stringOf(spec, "preemptionPolicy") == "Never" ? PreemptionPolicy::Never
                                                                          : PreemptionPolicy::PreemptLowerPriority;
    auto containers = containersOf(spec, "containers", pod.hostNetwork);
    if (!containers)
        return fail(containers.error());
    pod.containers = std::move(*containers);
    auto initContainers = containersOf(spec, "initContainers", pod.hostNetwork);
    if (!initContainers)
        return fail(initContainers.error());
    pod.initContainers = std::move(*initContainers);
    if (const Json* overhead = child(spec, "overhead")) {
        auto o = ResourceAmounts::fromJson(*overhead, "spec.overhead");
        if (!o)
            return fail(o.error());
        pod.overhead = std::move(*o);
    }
    auto spread = spreadOf(spec, "spec.topologySpreadConstraints");
    if (!spread)
        return fail(spread.error());
    pod.topologySpreadConstraints = std::move(*spread);
    for (const Json& gate : arrayOrEmpty(spec, "schedulingGates"))
        if (gate.is_object())
            pod.schedulingGates.push_back(stringOf(gate, "name"));
    for (const Json& v : arrayOrEmpty(spec, "volumes")) {
        PodVolume volume;
        volume.name = stringOf(v, "name");
        if (const Json* pvc = child(v, "persistentVolumeClaim")) {
            volume.claimName = stringOf(*pvc, "claimName");
            volume.readOnly = boolOf(*pvc, "readOnly");
        } else if (child(v, "ephemeral")) {
            volume.ephemeral = true;
            volume.claimName = pod.name + "-" + volume.name;
        }
        pod.volumes.push_back(std::move(volume));
    }

    pod.readStatus(document);
    pod.updateDerived();
    return pod;
}

void Pod::readStatus(const Json& document)
{
    phase = "Pending";
    nominatedNodeName.clear();
    startTime.reset();
    preemptedByScheduler = false;
    if (const Json* status = child(document, "status")) {
        const std::string p = stringOf(*status, "phase");
        if (!p.empty())
            phase = p;
        nominatedNodeName = stringOf(*status, "nominatedNodeName");
        startTime = timeAt(*status, "startTime");
        for (const Json& condition : arrayOrEmpty(*status, "conditions")) {
            if (stringOf(condition, "type") == "DisruptionTarget" && stringOf(condition, "status") == "True"
                && stringOf(condition, "reason") == "PreemptionByScheduler")
                preemptedByScheduler = true;
        }
    }
}

Pod Pod::withStatusOf(const Json& document) const
{
    Pod pod = *this;
    pod.readStatus(document);
    return pod;
}

void Pod::updateDerived()
{
    requests = podRequests(*this, MissingRequests::Zero);
    nonZeroRequests = podRequests(*this, MissingRequests::NonZeroDefault);
}

std::string Pod::key() const
{
    return ns + "/" + name;
}

bool Pod::isTerminal() const
{
    return phase == "Succeeded" || phase == "Failed";
}

bool Pod::hasAffinity() const
{
    return affinity && (affinity->podAffinity || affinity->podAntiAffinity);
}

bool Pod::hasRequiredAntiAffinity() const
{
    return affinity && affinity->podAntiAffinity && !affinity->podAntiAffinity->required.empty();
}

bool Pod::hasPvcVolumes() const
{
    return std::any_of(volumes.begin(), volumes.end(), [](const PodVolume& v) { return !v.claimName.empty(); });
}

Result<Node> Node::fromJson(const Json& document)
{
    if (!document.is_object())
        return fail(ErrorCode::BadRequest, "node document is not an object");
    Node node;
    static const Json emptyObject = Json::object();
    const Json* meta = child(document, "metadata");
    const Json& m = meta ? *meta : emptyObject;
    node.name = stringOf(m, "name");
    node.uid = stringOf(m, "uid");
    node.labels = mapOf(m, "labels");
    node.creationTimestamp = timeAt(m, "creationTimestamp").value_or(0);
    node.deletionTimestamp = timeAt(m, "deletionTimestamp");
    if (const Json* spec = child(document, "spec")) {
        node.unschedulable = boolOf(*spec, "unschedulable");
        auto taints = taintsOf(*spec, "spec.taints");
        if (!taints)
            return fail(taints.error());
        node.taints = std::move(*taints);
    }
    if (const Json* status = child(document, "status")) {
        if (const Json* cap = child(*status, "capacity")) {
            auto c = ResourceAmounts::fromJson(*cap, "status.capacity");
            if (!c)
                return fail(c.error());
            node.capacity = std::move(*c);
        }
        if (const Json* alloc = child(*status, "allocatable")) {
            auto a = ResourceAmounts::fromJson(*alloc, "status.allocatable");
            if (!a)
                return fail(a.error());
            node.allocatable = std::move(*a);
        }
        for (const Json& image : arrayOrEmpty(*status, "images")) {
            ContainerImage ci;
            ci.names = stringsOf(image, "names");
            ci.sizeBytes = intOf(image, "sizeBytes").value_or(0);
            node.images.push_back(std::move(ci));
        }
    }
    return node;
}

const std::string* Node::label(std::string_view key) const
{
    auto it = labels.find(std::string(key));
    return it == labels.end() ? nullptr : &it->second;
}

Result<NodeSelector> nodeSelectorFromJson(const Json& selector)
{
    NodeSelector sel;
    const Json& terms = arrayOrEmpty(selector, "nodeSelectorTerms");
    for (std::size_t i = 0; i < terms.size(); ++i) {
        auto t = nodeSelectorTermOf(terms[i], indexed("nodeSelectorTerms", i));
        if (!t)
            return fail(t.error());
        sel.nodeSelectorTerms.push_back(std::move(*t));
    }
    return sel;
}

} // namespace kubelab::core
