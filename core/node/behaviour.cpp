// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/node/behaviour.h"

#include <algorithm>
#include <charconv>

#include "core/api/quantity.h"
#include "core/node/imagecatalogue.h"

namespace kubelab::core {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

Result<std::int64_t> parseBytes(std::string_view key, std::string_view value)
{
    auto q = Quantity::parse(value);
    if (!q || q->sign() < 0)
        return fail(ErrorCode::Invalid, std::string(key) + ": invalid quantity \"" + std::string(value) + "\"");
    return q->value();
}

} // namespace

Result<Behaviour> parseBehaviour(std::string_view text)
{
    Behaviour b;
    auto invalid = [&](const std::string& why) {
        return fail(ErrorCode::Invalid, "invalid behaviour \"" + std::string(trim(text)) + "\": " + why);
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        std::string_view item = trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
        if (item.empty())
            continue;
        std::size_t eq = item.find('=');
        if (eq == std::string_view::npos)
            return invalid("expected key=value, got \"" + std::string(item) + "\"");
        std::string key(trim(item.substr(0, eq)));
        std::string value(trim(item.substr(eq + 1)));
        auto duration = [&]() -> Result<Duration> {
            auto d = parseDuration(value);
            if (!d || *d < 0)
                return fail(ErrorCode::Invalid, key + ": invalid duration \"" + value + "\"");
            return *d;
        };
        if (key == "ready-after" || key == "unhealthy-after" || key == "crash-after") {
            auto d = duration();
            if (!d)
                return invalid(d.error().message);
            (key == "ready-after" ? b.readyAfter : key == "unhealthy-after" ? b.unhealthyAfter : b.crashAfter) = *d;
        } else if (key == "exit-code") {
            int code = -1;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), code);
            if (ec != std::errc() || ptr != value.data() + value.size() || code < 0 || code > 255)
                return invalid("exit-code: must be a number from 0 to 255, got \"" + value + "\"");
            b.exitCode = code;
        } else if (key == "cpu" || key == "load") {
            auto q = Quantity::parse(value);
            if (!q || q->sign() < 0)
                return invalid(key + ": invalid quantity \"" + value + "\"");
            (key == "cpu" ? b.milliCpu : b.loadMilliCpu) = q->milliValue();
        } else if (key == "memory") {
            auto m = parseBytes(key, value);
            if (!m)
                return invalid(m.error().message);
            b.memory = *m;
        } else if (key == "memory-growth") {
            std::size_t slash = value.find('/');
            if (slash == std::string::npos)
                return invalid("memory-growth: expected a rate such as 10Mi/min, got \"" + value + "\"");
            auto m = parseBytes(key, value.substr(0, slash));
            if (!m)
                return invalid(m.error().message);
            std::string unit = value.substr(slash + 1);
            std::int64_t perMinute = 0;
            if (unit == "s")
                perMinute = *m * 60;
            else if (unit == "min" || unit == "m")
                perMinute = *m;
            else if (unit == "h")
                perMinute = *m / 60;
            else
                return invalid("memory-growth: unknown unit \"/" + unit + "\" (use /s, /min or /h)");
            b.memoryGrowthPerMinute = perMinute;
        } else {
            return invalid("unknown key \"" + key +
                           "\" (known: ready-after, unhealthy-after, crash-after, exit-code, cpu, load, memory, memory-growth)");
        }
    }
    return b;
}

Result<Behaviour> behaviourOf(const Json& pod, std::string_view container, bool podWide)
{
    const Labels annotations = annotationsOf(pod);
    // Appended rather than concatenated with +: GCC 12 reports a false array-bounds error for
    // string(constant) + "." at -O2 (GCC bug 105651).
    std::string specific(kBehaviourAnnotation);
    specific.append(".").append(container);
    if (auto it = annotations.find(specific); it != annotations.end())
        return parseBehaviour(it->second);
    if (auto it = annotations.find(std::string(kBehaviourAnnotation)); podWide && it != annotations.end())
        return parseBehaviour(it->second);
    return Behaviour{};
}

// The command model ------------------------------------------------------------------

namespace {

struct BehaviourToken {
    std::string text;
    bool op = false; ///< `;`, `&&`, `||` (a new line is `;`)
};

/// Splits a shell line into words and operators, honouring quotes and backslashes.
std::vector<BehaviourToken> tokenize(std::string_view s)
{
    std::vector<BehaviourToken> out;
    std::string word;
    bool inWord = false;
    auto flush = [&] {
        if (inWord)
            out.push_back({word, false});
        word.clear();
        inWord = false;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\'' ) {
            inWord = true;
            for (++i; i < s.size() && s[i] != '\''; ++i)
                word += s[i];
        } else if (c == '"') {
            inWord = true;
            for (++i; i < s.size() && s[i] != '"'; ++i) {
                if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '$'))
                    ++i;
                word += s[i];
            }
        } else if (c == '\\' && i + 1 < s.size()) {
            inWord = true;
            word += s[++i];
        } else if (c == ' ' || c == '\t') {
            flush();
        } else if (c == ';' || c == '\n') {
            flush();
            out.push_back({";", true});
        } else if ((c == '&' || c == '|') && i + 1 < s.size() && s[i + 1] == c) {
            flush();
            out.push_back({std::string(2, c), true});
            ++i;
        } else {
            inWord = true;
            word += c;
        }
    }
    flush();
    return out;
}

std::string baseName(std::string_view path)
{
    auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool isShell(std::string_view argv0)
{
    const std::string b = baseName(argv0);
    return b == "sh" || b == "bash" || b == "ash" || b == "dash" || b == "zsh";
}

/// busybox's `sleep` argument: a number with an optional s/m/h/d suffix (fractions allowed).
std::optional<Duration> sleepDuration(std::string_view arg)
{
    if (arg.empty())
        return std::nullopt;
    Duration unit = kSecond;
    switch (arg.back()) {
    case 's': unit = kSecond; arg.remove_suffix(1); break;
    case 'm': unit = kMinute; arg.remove_suffix(1); break;
    case 'h': unit = kHour; arg.remove_suffix(1); break;
    case 'd': unit = 24 * kHour; arg.remove_suffix(1); break;
    default: break;
    }
    if (arg.empty() || !std::all_of(arg.begin(), arg.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
        return std::nullopt;
    double value = 0;
    try {
        value = std::stod(std::string(arg));
    } catch (...) {
        return std::nullopt;
    }
    return static_cast<Duration>(value * static_cast<double>(unit));
}

/// Runs a list of simple commands joined by operators; fills `program`.
void run(const std::vector<BehaviourToken>& tokens, Program& program)
{
    Duration t = 0;
    std::int32_t status = 0;
    std::string pendingOp = ";";
    std::size_t i = 0;
    while (i < tokens.size()) {
        if (tokens[i].op) {
            pendingOp = tokens[i].text;
            ++i;
            continue;
        }
        std::vector<std::string> argv;
        while (i < tokens.size() && !tokens[i].op)
            argv.push_back(tokens[i++].text);
        if ((pendingOp == "&&" && status != 0) || (pendingOp == "||" && status == 0))
            continue;
        const std::string cmd = baseName(argv[0]);
        if (cmd == "sleep") {
            auto d = argv.size() > 1 ? sleepDuration(argv[1]) : std::nullopt;
            if (!d)
                return; // `sleep infinity` and friends: runs until stopped
            t += *d;
            status = 0;
        } else if (cmd == "exit") {
            std::int32_t code = status;
            if (argv.size() > 1) {
                try {
                    code = std::stoi(argv[1]) & 0xff;
                } catch (...) {
                    code = 2;
                }
            }
            program.exitAfter = t;
            program.exitCode = code;
            return;
        } else if (cmd == "true" || cmd == ":") {
            status = 0;
        } else if (cmd == "false") {
            status = 1;
        } else if (cmd == "echo") {
            std::size_t first = 1;
            bool newline = true;
            if (argv.size() > 1 && argv[1] == "-n") {
                newline = false;
                first = 2;
            }
            std::string line;
            for (std::size_t k = first; k < argv.size(); ++k)
                line += (k == first ? "" : " ") + argv[k];
            (void)newline;
            program.output.emplace_back(t, line);
            status = 0;
        } else if (cmd == "touch" || cmd == "rm" || cmd == "mkdir" || cmd == "cd" || cmd == "export" || cmd == "cp" ||
                   cmd == "mv" || cmd == "chmod" || cmd == "ln" || cmd == "set") {
            status = 0;
        } else {
            return; // a server or anything else: runs until stopped
        }
    }
    program.exitAfter = t;
    program.exitCode = status;
}

std::vector<std::string> strings(const Json& container, const char* field)
{
    std::vector<std::string> out;
    if (container.contains(field) && container[field].is_array())
        for (const Json& s : container[field])
            if (s.is_string())
                out.push_back(s.get<std::string>());
    return out;
}

} // namespace

Program programOf(const Json& container)
{
    Program program;
    std::vector<std::string> argv = strings(container, "command");
    for (std::string& a : strings(container, "args"))
        argv.push_back(std::move(a));
    if (argv.empty()) {
        // The image's default command: the OS images run `sh`, which exits at once with no
        // terminal attached; everything else is a server.
        std::string repo = normalizeImageName(container.value("image", ""));
        if (auto colon = repo.rfind(':'); colon != std::string::npos && colon > repo.rfind('/'))
            repo.resize(colon);
        if (auto at = repo.find('@'); at != std::string::npos)
            repo.resize(at);
        for (const char* os : {"busybox", "alpine", "ubuntu", "debian", "centos"})
            if (repo == std::string("docker.io/library/") + os || repo == std::string("registry.k8s.io/") + os) {
                program.exitAfter = 0;
                program.ignoresSigterm = true;
            }
        return program;
    }
    const std::string cmd = baseName(argv[0]);
    program.ignoresSigterm = isShell(argv[0]) || cmd == "sleep";
    if (isShell(argv[0])) {
        if (argv.size() >= 3 && argv[1] == "-c") {
            run(tokenize(argv[2]), program);
        } else if (argv.size() == 1) {
            program.exitAfter = 0; // `sh` without a terminal reads EOF and exits
        }
        return program;
    }
    std::vector<BehaviourToken> tokens;
    for (const std::string& a : argv)
        tokens.push_back({a, false});
    run(tokens, program);
    return program;
}

} // namespace kubelab::core
