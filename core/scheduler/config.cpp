// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/config.h"

#include <algorithm>
#include <set>

#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

namespace {

using core::Json;

constexpr std::array<std::string_view, kExtensionPointCount> kKeys = {
    "preEnqueue", "queueSort", "preFilter", "filter", "postFilter", "preScore", "score",
    "reserve",    "permit",    "preBind",   "bind",   "postBind",   "multiPoint",
};

/// Collects field errors and renders them as upstream's flattened aggregate.
class FieldErrors {
public:
    void add(std::string message)
    {
        if (std::find(m_errors.begin(), m_errors.end(), message) == m_errors.end())
            m_errors.push_back(std::move(message));
    }
    [[nodiscard]] bool empty() const { return m_errors.empty(); }
    [[nodiscard]] std::string aggregate() const
    {
        if (m_errors.size() == 1)
            return m_errors.front();
        std::string out = "[";
        for (std::size_t i = 0; i < m_errors.size(); ++i) {
            if (i)
                out += ", ";
            out += m_errors[i];
        }
        return out + "]";
    }

private:
    std::vector<std::string> m_errors;
};

std::string quote(std::string_view s)
{
    return Json(std::string(s)).dump();
}

std::string required(const std::string& field, std::string_view detail = {})
{
    std::string out = field + ": Required value";
    if (!detail.empty())
        out += ": " + std::string(detail);
    return out;
}

std::string notSupported(const std::string& field, const std::string& value, std::initializer_list<std::string_view> supported)
{
    std::string out = field + ": Unsupported value: " + quote(value) + ": supported values: ";
    bool first = true;
    for (std::string_view s : supported) {
        if (!first)
            out += ", ";
        out += quote(s);
        first = false;
    }
    return out;
}

std::int64_t intOr(const Json& object, const char* key, std::int64_t fallback)
{
    if (!object.is_object())
        return fallback;
    auto it = object.find(key);
    if (it == object.end() || !it->is_number())
        return fallback;
    return it->get<std::int64_t>();
}

Json defaultResourceSpec()
{
    return Json::array({Json{{"name", "cpu"}, {"weight", 1}}, Json{{"name", "memory"}, {"weight", 1}}});
}

/// Upstream's v1 `SetDefaults_<Plugin>Args`; false when the plugin takes no args.
bool applyArgDefaults(std::string_view plugin, Json& args)
{
    if (!args.is_object())
        args = Json::object();
    if (plugin == names::DefaultPreemption) {
        if (!args.contains("minCandidateNodesPercentage"))
            args["minCandidateNodesPercentage"] = 10;
        if (!args.contains("minCandidateNodesAbsolute"))
            args["minCandidateNodesAbsolute"] = 100;
        return true;
    }
    if (plugin == names::InterPodAffinity) {
        if (!args.contains("hardPodAffinityWeight"))
            args["hardPodAffinityWeight"] = 1;
        return true;
    }
    if (plugin == names::NodeAffinity)
        return true;
    if (plugin == names::NodeResourcesBalancedAllocation) {
        if (!args.contains("resources") || !args["resources"].is_array() || args["resources"].empty()) {
            args["resources"] = defaultResourceSpec();
        } else {
            for (Json& r : args["resources"])
                if (r.is_object() && intOr(r, "weight", 0) == 0)
                    r["weight"] = 1;
        }
        return true;
    }
    if (plugin == names::NodeResourcesFit) {
        if (!args.contains("scoringStrategy") || !args["scoringStrategy"].is_object())
            args["scoringStrategy"] = Json{{"type", "LeastAllocated"}, {"resources", defaultResourceSpec()}};
        Json& strategy = args["scoringStrategy"];
        if (!strategy.contains("resources") || !strategy["resources"].is_array() || strategy["resources"].empty())
            strategy["resources"] = defaultResourceSpec();
        for (Json& r : strategy["resources"])
            if (r.is_object() && intOr(r, "weight", 0) == 0)
                r["weight"] = 1;
        return true;
    }
    if (plugin == names::PodTopologySpread) {
        if (!args.contains("defaultingType") || args["defaultingType"] == "")
            args["defaultingType"] = "System";
        return true;
    }
    if (plugin == names::VolumeBinding) {
        if (!args.contains("bindTimeoutSeconds"))
            args["bindTimeoutSeconds"] = 600;
        return true;
    }
    return false;
}

bool isLabelNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '.';
}

/// A rough `ValidateLabelName` (qualified name: optional DNS prefix, name of at most 63 characters).
std::vector<std::string> labelNameErrors(const std::string& field, const std::string& value)
{
    std::vector<std::string> out;
    std::string_view name = value;
    if (auto slash = name.find('/'); slash != std::string_view::npos)
        name = name.substr(slash + 1);
    const bool ok = !name.empty() && name.size() <= 63 && std::all_of(name.begin(), name.end(), isLabelNameChar)
        && std::isalnum(static_cast<unsigned char>(name.front())) && std::isalnum(static_cast<unsigned char>(name.back()));
    if (!ok)
        out.push_back(helper::invalidValue(field, quote(value),
                              "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
                              "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                              "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
    return out;
}

/// Upstream `validatePluginConfig`'s table (NodeResourcesFit is validated when the plugin is built).
void validateArgs(const std::string& path, std::string_view plugin, const Json& args, FieldErrors& errors)
{
    if (plugin == names::DefaultPreemption) {
        const std::int64_t pct = intOr(args, "minCandidateNodesPercentage", 10);
        const std::int64_t abs = intOr(args, "minCandidateNodesAbsolute", 100);
        if (pct < 0 || pct > 100)
            errors.add(helper::invalidValue(path + ".minCandidateNodesPercentage", std::to_string(pct), "not in valid range [0, 100]"));
        if (abs < 0)
            errors.add(helper::invalidValue(path + ".minCandidateNodesAbsolute", std::to_string(abs), "not in valid range [0, inf)"));
        if (pct == 0 && abs == 0) {
            errors.add(helper::invalidValue(path + ".minCandidateNodesPercentage", "0",
                               "cannot be zero at the same time as minCandidateNodesAbsolute"));
            errors.add(helper::invalidValue(path + ".minCandidateNodesAbsolute", "0",
                               "cannot be zero at the same time as minCandidateNodesPercentage"));
        }
    } else if (plugin == names::InterPodAffinity) {
        const std::int64_t w = intOr(args, "hardPodAffinityWeight", 1);
        if (w < 0 || w > 100)
            errors.add(helper::invalidValue(path + ".hardPodAffinityWeight", std::to_string(w), "not in valid range [0, 100]"));
    } else if (plugin == names::NodeResourcesBalancedAllocation) {
        std::set<std::string> seen;
        const Json& resources = args.contains("resources") ? args["resources"] : Json::array();
        for (std::size_t i = 0; i < resources.size(); ++i) {
            const std::string p = path + ".resources[" + std::to_string(i) + "]";
            const std::string name = resources[i].value("name", "");
            if (!seen.insert(name).second)
                errors.add(p + ".name: Duplicate value: " + quote(name));
            const std::int64_t w = intOr(resources[i], "weight", 1);
            if (w != 1)
                errors.add(helper::invalidValue(p + ".weight", std::to_string(w), "must be 1"));
        }
    } else if (plugin == names::PodTopologySpread) {
        const std::string type = args.value("defaultingType", "System");
        const Json& constraints = args.contains("defaultConstraints") ? args["defaultConstraints"] : Json::array();
        if (type != "System" && type != "List")
            errors.add(notSupported(path + ".defaultingType", type, {"System", "List"}));
        else if (type == "System" && constraints.is_array() && !constraints.empty())
            errors.add(helper::invalidValue(path + ".defaultingType", quote(type), "when .defaultConstraints are not empty"));
        for (std::size_t i = 0; constraints.is_array() && i < constraints.size(); ++i) {
            const Json& c = constraints[i];
            const std::string p = path + ".defaultConstraints[" + std::to_string(i) + "]";
            const std::int64_t skew = intOr(c, "maxSkew", 0);
            if (skew <= 0)
                errors.add(helper::invalidValue(p + ".maxSkew", std::to_string(skew), "not in valid range (0, inf)"));
            const std::string key = c.value("topologyKey", "");
            if (key.empty())
                errors.add(required(p + ".topologyKey", "can not be empty"));
            else
                for (std::string& e : labelNameErrors(p + ".topologyKey", key))
                    errors.add(std::move(e));
            const std::string when = c.value("whenUnsatisfiable", "");
            if (when.empty())
                errors.add(required(p + ".whenUnsatisfiable", "can not be empty"));
            else if (when != "DoNotSchedule" && when != "ScheduleAnyway")
                errors.add(notSupported(p + ".whenUnsatisfiable", when, {"DoNotSchedule", "ScheduleAnyway"}));
            if (c.contains("labelSelector") && !c["labelSelector"].is_null())
                errors.add(p + ".labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod");
            for (std::size_t j = 0; j < i; ++j) {
                if (constraints[j].value("topologyKey", "") == key && constraints[j].value("whenUnsatisfiable", "") == when) {
                    errors.add(path + ".defaultConstraints[" + std::to_string(i) + "]: Duplicate value: "
                               + quote("{" + key + ", " + when + "}"));
                    break;
                }
            }
        }
    } else if (plugin == names::VolumeBinding) {
        const std::int64_t t = intOr(args, "bindTimeoutSeconds", 600);
        if (t < 0)
            errors.add(helper::invalidValue(path + ".bindTimeoutSeconds", std::to_string(t),
                               "invalid BindTimeoutSeconds, should not be a negative value"));
    }
}

std::int32_t weightOf(const PluginRef& ref)
{
    return ref.weight;
}

std::int32_t weightOf(const std::string& /*disabled*/)
{
    return 0;
}

bool isRemovedPlugin(std::string_view name)
{
    return name == "AzureDiskLimits" || name == "CinderLimits" || name == "EBSLimits" || name == "GCEPDLimits";
}

std::string removedPluginDetail()
{
    return "was invalid in version \"kubescheduler.config.k8s.io/v1\" (KubeSchedulerConfiguration is version "
           "\"kubescheduler.config.k8s.io/v1\")";
}

core::Result<PluginSet> decodePluginSet(const Json& j, const std::string& path)
{
    PluginSet set;
    if (!j.is_object())
        return set;
    if (auto e = j.find("enabled"); e != j.end() && e->is_array()) {
        for (const Json& p : *e) {
            PluginRef ref;
            ref.name = p.is_object() ? p.value("name", "") : "";
            ref.weight = static_cast<std::int32_t>(intOr(p, "weight", 0));
            set.enabled.push_back(std::move(ref));
        }
    }
    if (auto d = j.find("disabled"); d != j.end() && d->is_array())
        for (const Json& p : *d)
            set.disabled.push_back(p.is_object() ? p.value("name", "") : "");
    (void)path;
    return set;
}

std::vector<std::string> pluginsNames(const Plugins& plugins)
{
    std::set<std::string> names;
    for (const PluginSet& set : plugins.sets)
        for (const PluginRef& p : set.enabled)
            names.insert(p.name);
    return {names.begin(), names.end()};
}

ProfileConfig defaultedProfile(ProfileConfig profile)
{
    const PluginSet defaultsCopy = defaultMultiPointPlugins();
    for (std::size_t i = 0; i < kExtensionPointCount; ++i) {
        const PluginSet empty;
        const PluginSet& defaults = static_cast<ExtensionPoint>(i) == ExtensionPoint::MultiPoint ? defaultsCopy : empty;
        profile.plugins.sets[i] = mergePluginSet(defaults, profile.plugins.sets[i]);
    }
    std::set<std::string> existing;
    for (auto& [name, args] : profile.pluginConfig) {
        existing.insert(name);
        applyArgDefaults(name, args);
    }
    for (const std::string& name : pluginsNames(profile.plugins)) {
        if (existing.contains(name))
            continue;
        Json args = Json::object();
        if (applyArgDefaults(name, args))
            profile.pluginConfig.emplace_back(name, std::move(args));
    }
    return profile;
}

} // namespace

std::string_view extensionPointKey(ExtensionPoint point)
{
    return kKeys[static_cast<std::size_t>(point)];
}

const Json& ProfileConfig::argsFor(std::string_view plugin) const
{
    static const Json empty = Json::object();
    for (const auto& [name, args] : pluginConfig)
        if (name == plugin)
            return args;
    return empty;
}

const PluginSet& defaultMultiPointPlugins()
{
    static const PluginSet set = [] {
        PluginSet s;
        auto add = [&s](std::string_view name, std::int32_t weight = 0) {
            s.enabled.push_back(PluginRef{std::string(name), weight});
        };
        add(names::SchedulingGates);
        add(names::PrioritySort);
        add(names::NodeUnschedulable);
        add(names::NodeName);
        add(names::TaintToleration, 3);
        add(names::NodeAffinity, 2);
        add(names::NodePorts);
        add(names::NodeResourcesFit, 1);
        add(names::VolumeRestrictions);
        add(names::NodeVolumeLimits);
        add(names::VolumeBinding);
        add(names::VolumeZone);
        add(names::PodTopologySpread, 2);
        add(names::InterPodAffinity, 2);
        add(names::DefaultPreemption);
        add(names::NodeResourcesBalancedAllocation, 1);
        add(names::ImageLocality, 1);
        add(names::DefaultBinder);
        return s;
    }();
    return set;
}

PluginSet mergePluginSet(const PluginSet& defaults, const PluginSet& custom)
{
    PluginSet out;
    std::set<std::string, std::less<>> disabledNames;
    for (const std::string& name : custom.disabled) {
        out.disabled.push_back(name);
        disabledNames.insert(name);
    }
    for (const std::string& name : defaults.disabled) {
        out.disabled.push_back(name);
        disabledNames.insert(name);
    }
    std::vector<bool> replaced(custom.enabled.size(), false);
    if (!disabledNames.contains("*")) {
        for (const PluginRef& def : defaults.enabled) {
            if (disabledNames.contains(def.name))
                continue;
            PluginRef chosen = def;
            // The last custom entry of that name wins, as upstream's map does.
            for (std::size_t i = custom.enabled.size(); i-- > 0;) {
                if (custom.enabled[i].name == def.name) {
                    chosen = custom.enabled[i];
                    replaced[i] = true;
                    break;
                }
            }
            out.enabled.push_back(std::move(chosen));
        }
    }
    for (std::size_t i = 0; i < custom.enabled.size(); ++i)
        if (!replaced[i])
            out.enabled.push_back(custom.enabled[i]);
    return out;
}

SchedulerConfiguration SchedulerConfiguration::defaults()
{
    SchedulerConfiguration config;
    ProfileConfig profile;
    profile.schedulerName = "default-scheduler";
    config.profiles.push_back(defaultedProfile(std::move(profile)));
    return config;
}

core::Result<SchedulerConfiguration> SchedulerConfiguration::fromJson(const Json& document)
{
    if (!document.is_object())
        return core::fail(core::ErrorCode::BadRequest, "KubeSchedulerConfiguration is not an object");
    const std::string apiVersion = document.value("apiVersion", "");
    if (apiVersion != "kubescheduler.config.k8s.io/v1")
        return core::fail(core::ErrorCode::BadRequest,
                          "no kind \"KubeSchedulerConfiguration\" is registered for version \"" + apiVersion
                              + "\" in scheme \"pkg/scheduler/apis/config/scheme/scheme.go:30\"");

    SchedulerConfiguration config;
    FieldErrors errors;
    std::optional<std::int64_t> percentage;
    if (auto p = document.find("percentageOfNodesToScore"); p != document.end() && p->is_number())
        percentage = p->get<std::int64_t>();
    config.podInitialBackoffSeconds = intOr(document, "podInitialBackoffSeconds", 1);
    config.podMaxBackoffSeconds = intOr(document, "podMaxBackoffSeconds", 10);

    std::vector<Json> rawProfiles;
    if (auto p = document.find("profiles"); p != document.end() && p->is_array())
        rawProfiles.assign(p->begin(), p->end());
    if (rawProfiles.empty())
        rawProfiles.push_back(Json::object());
    const bool single = rawProfiles.size() == 1;

    std::vector<std::optional<std::int64_t>> profilePercentages;
    for (std::size_t i = 0; i < rawProfiles.size(); ++i) {
        const Json& raw = rawProfiles[i];
        const std::string path = "profiles[" + std::to_string(i) + "]";
        ProfileConfig profile;
        if (raw.is_object() && raw.contains("schedulerName") && raw["schedulerName"].is_string())
            profile.schedulerName = raw["schedulerName"].get<std::string>();
        else if (single)
            profile.schedulerName = "default-scheduler";
        std::optional<std::int64_t> pp;
        if (raw.is_object() && raw.contains("percentageOfNodesToScore") && raw["percentageOfNodesToScore"].is_number())
            pp = raw["percentageOfNodesToScore"].get<std::int64_t>();
        profilePercentages.push_back(pp);
        if (pp)
            profile.percentageOfNodesToScore = static_cast<std::int32_t>(*pp);
        if (raw.is_object() && raw.contains("plugins") && raw["plugins"].is_object()) {
            const Json& plugins = raw["plugins"];
            for (std::size_t k = 0; k < kExtensionPointCount; ++k) {
                auto it = plugins.find(std::string(kKeys[k]));
                if (it == plugins.end())
                    continue;
                auto set = decodePluginSet(*it, path + ".plugins." + std::string(kKeys[k]));
                if (!set)
                    return core::fail(set.error());
                profile.plugins.sets[k] = std::move(*set);
            }
        }
        if (raw.is_object() && raw.contains("pluginConfig") && raw["pluginConfig"].is_array())
            for (const Json& pc : raw["pluginConfig"])
                profile.pluginConfig.emplace_back(pc.is_object() ? pc.value("name", "") : "",
                                                  pc.is_object() && pc.contains("args") ? pc["args"] : Json::object());

        // Removed plugins are reported against the configuration as written.
        for (std::size_t k = 0; k < kExtensionPointCount; ++k) {
            if (static_cast<ExtensionPoint>(k) == ExtensionPoint::MultiPoint)
                continue;
            const PluginSet& set = profile.plugins.sets[k];
            for (std::size_t e = 0; e < set.enabled.size(); ++e)
                if (isRemovedPlugin(set.enabled[e].name))
                    errors.add(helper::invalidValue(path + ".plugins." + std::string(kKeys[k]) + ".enabled[" + std::to_string(e) + "]",
                                       quote(set.enabled[e].name), removedPluginDetail()));
        }
        config.profiles.push_back(defaultedProfile(std::move(profile)));
    }

    // Validation, in upstream's order.
    std::vector<std::pair<std::string, std::size_t>> seenNames;
    for (std::size_t i = 0; i < config.profiles.size(); ++i) {
        const ProfileConfig& profile = config.profiles[i];
        const std::string path = "profiles[" + std::to_string(i) + "]";
        if (profile.schedulerName.empty())
            errors.add(required(path + ".schedulerName"));
        if (const auto& pp = profilePercentages[i]; pp && (*pp < 0 || *pp > 100))
            errors.add(helper::invalidValue(path + ".percentageOfNodesToScore", std::to_string(*pp), "not in valid range [0-100]"));
        std::set<std::string> seenConfig;
        for (std::size_t j = 0; j < profile.pluginConfig.size(); ++j) {
            const auto& [name, args] = profile.pluginConfig[j];
            const std::string pcPath = path + ".pluginConfig[" + std::to_string(j) + "]";
            if (!seenConfig.insert(name).second)
                errors.add(pcPath + ": Duplicate value: " + quote(name));
            if (isRemovedPlugin(name))
                errors.add(helper::invalidValue(pcPath, quote(name), removedPluginDetail()));
            else
                validateArgs(pcPath + ".args", name, args, errors);
        }
        for (const auto& [name, index] : seenNames) {
            if (name == profile.schedulerName) {
                errors.add(path + ".schedulerName: Duplicate value: profiles[" + std::to_string(index) + "].schedulerName");
                break;
            }
        }
        seenNames.emplace_back(profile.schedulerName, i);
    }
    if (!config.profiles.empty()) {
        const PluginSet& canon = config.profiles.front().plugins.at(ExtensionPoint::QueueSort);
        if (canon.enabled.size() > 1)
            errors.add(helper::invalidValue("profiles[0].plugins.queueSort.Enabled", std::to_string(canon.enabled.size()),
                               "only one queue sort plugin can be enabled"));
        for (std::size_t i = 1; i < config.profiles.size(); ++i) {
            const PluginSet& curr = config.profiles[i].plugins.at(ExtensionPoint::QueueSort);
            if (!(curr == canon)) {
                // Go's %#v of the internal config.PluginSet, as field.Invalid prints it.
                auto plugins = [](const auto& list, auto nameOf) {
                    if (list.empty())
                        return std::string("[]config.Plugin(nil)");
                    std::string out = "[]config.Plugin{";
                    for (std::size_t e = 0; e < list.size(); ++e)
                        out += (e ? ", " : "") + std::string("config.Plugin{Name:") + quote(nameOf(list[e])) + ", Weight:"
                            + std::to_string(e < list.size() ? weightOf(list[e]) : 0) + "}";
                    return out + "}";
                };
                const std::string value = "config.PluginSet{Enabled:"
                    + plugins(curr.enabled, [](const PluginRef& r) { return r.name; }) + ", Disabled:"
                    + plugins(curr.disabled, [](const std::string& n) { return n; }) + "}";
                errors.add(helper::invalidValue("profiles[" + std::to_string(i) + "].plugins.queueSort", value,
                                   "must be the same for all profiles"));
            }
        }
    }
    if (percentage && (*percentage < 0 || *percentage > 100))
        errors.add(helper::invalidValue("percentageOfNodesToScore", std::to_string(*percentage), "not in valid range [0-100]"));
    if (config.podInitialBackoffSeconds <= 0)
        errors.add(helper::invalidValue("podInitialBackoffSeconds", std::to_string(config.podInitialBackoffSeconds),
                           "must be greater than 0"));
    if (config.podMaxBackoffSeconds < config.podInitialBackoffSeconds)
        errors.add(helper::invalidValue("podMaxBackoffSeconds", std::to_string(config.podMaxBackoffSeconds),
                           "must be greater than or equal to PodInitialBackoffSeconds"));
    if (!errors.empty())
        return core::fail(core::ErrorCode::Invalid, errors.aggregate());
    config.percentageOfNodesToScore = static_cast<std::int32_t>(percentage.value_or(0));
    return config;
}

} // namespace kubelab::scheduler
