// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/invocation.h"

#include <set>

namespace kubelab::cli {

namespace {

struct FlagSpec {
    const char* name;
    char shorthand;
    bool takesValue;
};

// Every flag klab knows, kubectl's names and shorthands.
constexpr FlagSpec kFlags[] = {
    {"lab", 0, true},           {"settle", 0, true},         {"namespace", 'n', true},
    {"all-namespaces", 'A', false}, {"output", 'o', true},   {"selector", 'l', true},
    {"as", 0, true},            {"as-group", 0, true},       {"lang", 0, true},
    {"filename", 'f', true},    {"recursive", 'R', false},   {"watch", 'w', false},
    {"show-labels", 0, false},  {"no-headers", 0, false},    {"label-columns", 'L', true},
    {"grace-period", 0, true},  {"force", 0, false},         {"cascade", 0, true},
    {"all", 0, false},          {"overwrite", 0, false},     {"type", 0, true},
    {"patch", 'p', true},       {"cpu", 0, true},            {"memory", 0, true},
    {"pods", 0, true},          {"label", 0, true},          {"taint", 0, true},
    {"at-revision", 0, true},   {"since", 0, true},          {"seed", 0, true},
    {"revision", 0, true},      {"to-revision", 0, true},    {"replicas", 0, true},
    {"min", 0, true},           {"max", 0, true},            {"cpu-percent", 0, true},
    {"container", 'c', true},   {"limits", 0, true},         {"requests", 0, true},
    {"previous", 'p', false},   {"follow", 'f', false},      {"containers", 0, false},
    {"ignore-daemonsets", 0, false}, {"delete-emptydir-data", 0, false},
    {"image", 0, true},         {"port", 0, true},           {"target-port", 0, true},
    {"name", 0, true},          {"restart", 0, true},        {"env", 0, true},
    {"command", 0, false},      {"dry-run", 0, true},        {"node", 0, true},
    {"list", 0, false},         {"address", 0, true},        {"kubeconfig", 0, true},
    {"zone", 0, true},          {"tcp", 0, true},            {"protocol", 0, true},
    {"verbose", 'v', false},    {"quiet", 'q', false},       {"tail", 0, true},
    {"timestamps", 0, false},   {"subresource", 0, true},    {"record", 0, false},
    {"field-selector", 0, true},{"sort-by", 0, true},        {"interactive", 'i', false},
    {"tty", 't', false},        {"stdin", 0, false},         {"rm", 0, false},
    {"limit", 0, true},         {"clusterip", 0, true},      {"role", 0, true},
    {"clusterrole", 0, true},   {"user", 0, true},           {"group", 0, true},
    {"serviceaccount", 0, true},{"verb", 0, true},           {"resource", 0, true},
    {"resource-name", 0, true}, {"from-literal", 0, true},   {"from-file", 0, true},
    {"help", 'h', false},       {"raw", 0, false},           {"local", 0, false},
    {"timeout", 0, true},       {"wait", 0, false},          {"schedule", 0, true},
    {"class", 0, true},         {"rule", 0, true},           {"external-name", 0, true},
    {"node-port", 0, true},     {"prefix", 0, true},         {"storage", 0, true},
    {"access-mode", 0, true},   {"storage-class", 0, true},  {"key", 0, true},
    {"cert", 0, true},          {"token", 0, true},          {"groups", 0, true},
    {"labels", 0, true},        {"current-replicas", 0, true}, {"context", 0, true},
    {"hard", 0, true},          {"scopes", 0, true},         {"allow-remote", 0, false},
    {"speed", 0, true},         {"file", 0, true},           {"nodes", 0, false},
    {"plain-http", 0, false},
    // kubectl create's generators (role, clusterrole, configmap, secret, priorityclass, job, ingress, pdb).
    {"non-resource-url", 0, true}, {"aggregation-rule", 0, true}, {"from-env-file", 0, true},
    {"docker-server", 0, true}, {"docker-username", 0, true}, {"docker-password", 0, true},
    {"docker-email", 0, true},  {"value", 0, true},          {"global-default", 0, false},
    {"preemption-policy", 0, true}, {"description", 0, true}, {"from", 0, true},
    {"default-backend", 0, true}, {"annotation", 0, true},  {"min-available", 0, true},
    {"max-unavailable", 0, true}, {"append-hash", 0, false},
};

const FlagSpec* findLong(std::string_view name)
{
    for (const FlagSpec& f : kFlags)
        if (name == f.name)
            return &f;
    return nullptr;
}

/// Some shorthands mean different things for different verbs (`-p` is --patch for
/// patch and --previous for logs; `-f` is --filename, and --follow for logs).
const FlagSpec* findShort(char c, const std::string& verb)
{
    if (verb == "logs") {
        if (c == 'p')
            return findLong("previous");
        if (c == 'f')
            return findLong("follow");
    }
    if (c == 'p')
        return findLong("patch");
    for (const FlagSpec& f : kFlags)
        if (f.shorthand == c && std::string_view(f.name) != "previous" && std::string_view(f.name) != "follow")
            return &f;
    return nullptr;
}

bool isTrue(const std::string& v)
{
    return v.empty() || v == "true" || v == "1" || v == "yes";
}

} // namespace

std::optional<std::string> Invocation::value(const std::string& flag) const
{
    auto range = flags.equal_range(flag);
    if (range.first == range.second)
        return std::nullopt;
    auto last = range.second;
    --last;
    return last->second;
}

std::vector<std::string> Invocation::values(const std::string& flag) const
{
    std::vector<std::string> out;
    auto range = flags.equal_range(flag);
    for (auto it = range.first; it != range.second; ++it)
        out.push_back(it->second);
    return out;
}

bool Invocation::boolean(const std::string& flag) const
{
    auto v = value(flag);
    return v && isTrue(*v);
}

core::Result<Invocation> parseArguments(const std::vector<std::string>& args)
{
    Invocation inv;
    std::string verb;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            inv.afterDashes.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        }
        if (a.size() > 2 && a.starts_with("--")) {
            std::string name = a.substr(2);
            std::optional<std::string> value;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            const FlagSpec* spec = findLong(name);
            if (!spec)
                return core::fail(core::ErrorCode::Usage, "unknown flag: --" + name);
            if (spec->takesValue && !value) {
                if (i + 1 >= args.size())
                    return core::fail(core::ErrorCode::Usage, "flag needs an argument: --" + name);
                value = args[++i];
            }
            inv.flags.emplace(spec->name, value.value_or("true"));
            continue;
        }
        if (a.size() > 1 && a[0] == '-' && a[1] != '-' && !(a.size() > 1 && std::isdigit(static_cast<unsigned char>(a[1])))) {
            // One or more shorthands: -A, -ojson, -n ns, -it.
            for (std::size_t j = 1; j < a.size(); ++j) {
                const FlagSpec* spec = findShort(a[j], verb);
                if (!spec)
                    return core::fail(core::ErrorCode::Usage,
                                      "unknown shorthand flag: '" + std::string(1, a[j]) + "' in " + a);
                if (!spec->takesValue) {
                    inv.flags.emplace(spec->name, "true");
                    continue;
                }
                std::string value = a.substr(j + 1);
                if (!value.empty() && value[0] == '=')
                    value = value.substr(1);
                if (value.empty()) {
                    if (i + 1 >= args.size())
                        return core::fail(core::ErrorCode::Usage,
                                          "flag needs an argument: '" + std::string(1, a[j]) + "' in " + a);
                    value = args[++i];
                }
                inv.flags.emplace(spec->name, value);
                break;
            }
            continue;
        }
        if (verb.empty())
            verb = a;
        inv.words.push_back(a);
    }
    return inv;
}

} // namespace kubelab::cli
