// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/validation_util.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <set>

#include "core/api/names.h"

namespace kubelab::core::validation {

// Paths ------------------------------------------------------------------------------------

Path Path::joined(std::string_view a, std::string_view b, std::string_view c, std::string_view d)
{
    Path path;
    path.m_size = a.size() + b.size() + c.size() + d.size();
    char* out = path.m_inline;
    if (path.m_size > kInline) {
        path.m_long.resize(path.m_size);
        out = path.m_long.data();
    }
    for (std::string_view part : {a, b, c, d})
        out = std::copy(part.begin(), part.end(), out);
    return path;
}

Path Path::child(std::string_view name) const
{
    return m_size == 0 ? joined(name, {}, {}, {}) : joined(str(), ".", name, {});
}

Path Path::index(std::size_t i) const
{
    char digits[24];
    const auto end = std::to_chars(std::begin(digits), std::end(digits), i).ptr;
    return joined(str(), "[", std::string_view(digits, end), "]");
}

Path Path::key(std::string_view k) const
{
    return joined(str(), "[", k, "]");
}

// Values -----------------------------------------------------------------------------------

std::string goQuote(std::string_view s)
{
    static const char* const kHex = "0123456789abcdef";
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\v': out += "\\v"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                out += "\\x";
                out += kHex[c >> 4];
                out += kHex[c & 0xf];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

Value Value::string(std::string_view s)
{
    Value v;
    v.m_text = goQuote(s);
    return v;
}

Value Value::number(std::int64_t n)
{
    Value v;
    v.m_text = std::to_string(n);
    return v;
}

Value Value::boolean(bool b)
{
    Value v;
    v.m_text = b ? "true" : "false";
    return v;
}

Value Value::raw(std::string text)
{
    Value v;
    v.m_text = std::move(text);
    return v;
}

Value Value::omitted()
{
    Value v;
    v.m_omitted = true;
    return v;
}

Value Value::fromJson(const Json& j)
{
    if (j.is_string())
        return string(j.get<std::string>());
    if (j.is_boolean())
        return boolean(j.get<bool>());
    if (j.is_number_integer())
        return number(j.get<std::int64_t>());
    if (j.is_number())
        return raw(j.dump());
    if (j.is_null())
        return string("null");
    return raw(j.dump());
}

// Errors -----------------------------------------------------------------------------------

namespace {
FieldError make(const Path& path, std::string body, std::string_view detail)
{
    if (!detail.empty())
        body += ": " + std::string(detail);
    return FieldError{std::string(path.str()), std::move(body)};
}
} // namespace

FieldError required(const Path& path, std::string_view detail)
{
    return make(path, "Required value", detail);
}

FieldError forbidden(const Path& path, std::string_view detail)
{
    return make(path, "Forbidden", detail);
}

FieldError invalid(const Path& path, const Value& value, std::string_view detail)
{
    return make(path, value.isOmitted() ? "Invalid value" : "Invalid value: " + value.text(), detail);
}

FieldError notSupported(const Path& path, const Value& value, const std::vector<std::string>& valid)
{
    std::string detail;
    if (!valid.empty()) {
        detail = "supported values: ";
        for (std::size_t i = 0; i < valid.size(); ++i)
            detail += (i ? ", " : "") + goQuote(valid[i]);
    }
    return make(path, "Unsupported value: " + value.text(), detail);
}

FieldError duplicate(const Path& path, const Value& value)
{
    return make(path, "Duplicate value: " + value.text(), {});
}

FieldError notFound(const Path& path, const Value& value)
{
    return make(path, "Not found: " + value.text(), {});
}

FieldError tooLong(const Path& path, int maxLength)
{
    return make(path, "Too long",
                "may not be more than " + std::to_string(maxLength) + (maxLength == 1 ? " byte" : " bytes"));
}

FieldError tooMany(const Path& path, int actual, int max)
{
    return make(path, "Too many: " + std::to_string(actual), "must have at most " + std::to_string(max) + " items");
}

// Go renderings --------------------------------------------------------------------------

std::string goMap(const Json* map)
{
    if (!map || !map->is_object())
        return "map[string]string(nil)";
    std::string out = "map[string]string{";
    bool first = true;
    for (const auto& [k, v] : stringMap(map)) {
        out += (first ? "" : ", ") + goQuote(k) + ":" + goQuote(v);
        first = false;
    }
    return out + "}";
}

std::string goStringSlice(const std::vector<std::string>& values)
{
    if (values.empty())
        return "[]string(nil)";
    std::string out = "[]string{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += goQuote(values[i]);
    }
    return out + "}";
}

std::string goStringSlice(const Json* list)
{
    if (!list || !list->is_array())
        return "[]string(nil)";
    std::string out = "[]string{";
    bool first = true;
    for (const std::string& s : stringList(list)) {
        out += (first ? "" : ", ") + goQuote(s);
        first = false;
    }
    return out + "}";
}

std::string labelSelectorString(const Json& selector)
{
    if (!selector.is_object())
        return "nil";
    std::string labels = "map[string]string{";
    for (const auto& [k, v] : stringMap(objectField(selector, "matchLabels")))
        labels += k + ": " + v + ",";
    labels += "}";
    std::string expressions = "[]LabelSelectorRequirement{";
    if (const Json* list = arrayField(selector, "matchExpressions")) {
        for (const Json& e : *list) {
            if (!e.is_object())
                continue;
            std::string values = "[";
            bool first = true;
            for (const std::string& s : stringList(arrayField(e, "values"))) {
                values += (first ? "" : " ") + s;
                first = false;
            }
            values += "]";
            expressions += "LabelSelectorRequirement{Key:" + str(e, "key") + ",Operator:" + str(e, "operator")
                           + ",Values:" + values + ",}" + ",";
        }
    }
    expressions += "}";
    return "&LabelSelector{MatchLabels:" + labels + ",MatchExpressions:" + expressions + ",}";
}

std::string intOrStringText(const Json& v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_integer())
        return std::to_string(v.get<std::int64_t>());
    if (v.is_number())
        return std::to_string(static_cast<std::int64_t>(v.get<double>()));
    return "0";
}

// Accessors --------------------------------------------------------------------------------

const Json& objectOrEmpty(const Json* j)
{
    static const Json kEmpty = Json::object();
    return j && j->is_object() ? *j : kEmpty;
}

std::string pointerText(const Json& holder, std::string_view key, std::string_view type)
{
    return "(" + std::string(type) + ")(" + (has(holder, key) ? "0xc000a1b2c8" : "nil") + ")";
}

const Json* field(const Json& object, std::string_view key)
{
    const Json& f = member(object, key);
    return f.is_null() ? nullptr : &f;
}

const Json* objectField(const Json& object, std::string_view key)
{
    const Json* f = field(object, key);
    return f && f->is_object() ? f : nullptr;
}

const Json* arrayField(const Json& object, std::string_view key)
{
    const Json* f = field(object, key);
    return f && f->is_array() ? f : nullptr;
}

std::string str(const Json& object, std::string_view key)
{
    const Json* f = field(object, key);
    return f && f->is_string() ? f->get<std::string>() : std::string();
}

bool has(const Json& object, std::string_view key)
{
    return field(object, key) != nullptr;
}

std::optional<std::int64_t> integer(const Json& object, std::string_view key)
{
    const Json* f = field(object, key);
    if (!f)
        return std::nullopt;
    if (f->is_number_integer())
        return f->get<std::int64_t>();
    if (f->is_number_float())
        return static_cast<std::int64_t>(f->get<double>());
    return std::nullopt;
}

std::int64_t intOr(const Json& object, std::string_view key, std::int64_t fallback)
{
    return integer(object, key).value_or(fallback);
}

bool boolean(const Json& object, std::string_view key)
{
    const Json* f = field(object, key);
    return f && f->is_boolean() && f->get<bool>();
}

std::size_t sizeOf(const Json& object, std::string_view key)
{
    const Json* f = field(object, key);
    return f && (f->is_object() || f->is_array()) ? f->size() : 0;
}

std::map<std::string, std::string> stringMap(const Json* map)
{
    std::map<std::string, std::string> out;
    if (!map || !map->is_object())
        return out;
    for (auto it = map->begin(); it != map->end(); ++it) {
        const Json& v = it.value();
        out[it.key()] = v.is_string() ? v.get<std::string>() : (v.is_null() ? std::string() : v.dump());
    }
    return out;
}

std::vector<std::string> stringList(const Json* list)
{
    std::vector<std::string> out;
    if (!list || !list->is_array())
        return out;
    for (const Json& v : *list)
        out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    return out;
}

// Names ------------------------------------------------------------------------------------

namespace {
std::string maskTrailingDash(std::string_view name)
{
    // Upstream drops the last two characters and appends an "a".
    if (name.size() > 1 && name.back() == '-')
        return std::string(name.substr(0, name.size() - 2)) + "a";
    return std::string(name);
}
} // namespace

NameFn nameIsDnsSubdomain()
{
    return [](std::string_view name, bool prefix) {
        return isDns1123Subdomain(prefix ? maskTrailingDash(name) : std::string(name));
    };
}

NameFn nameIsDnsLabel()
{
    return [](std::string_view name, bool prefix) {
        return isDns1123Label(prefix ? maskTrailingDash(name) : std::string(name));
    };
}

NameFn nameIsDns1035Label()
{
    return [](std::string_view name, bool prefix) {
        return isDns1035Label(prefix ? maskTrailingDash(name) : std::string(name));
    };
}

NameFn pathSegmentName()
{
    return [](std::string_view name, bool prefix) {
        std::vector<std::string> errors;
        if (!prefix) {
            for (std::string_view bad : {".", ".."})
                if (name == bad)
                    return std::vector<std::string>{"may not be '" + std::string(bad) + "'"};
        }
        for (std::string_view bad : {"/", "%"})
            if (name.find(bad) != std::string_view::npos)
                errors.push_back("may not contain '" + std::string(bad) + "'");
        return errors;
    };
}

// Metadata ---------------------------------------------------------------------------------

ErrorList validateQualifiedName(std::string_view value, const Path& path)
{
    ErrorList errors;
    for (const std::string& msg : isQualifiedName(value))
        errors.push_back(invalid(path, Value::string(value), msg));
    return errors;
}

ErrorList validateDns1123Label(std::string_view value, const Path& path)
{
    ErrorList errors;
    for (const std::string& msg : isDns1123Label(value))
        errors.push_back(invalid(path, Value::string(value), msg));
    return errors;
}

ErrorList validateDns1123Subdomain(std::string_view value, const Path& path)
{
    ErrorList errors;
    for (const std::string& msg : isDns1123Subdomain(value))
        errors.push_back(invalid(path, Value::string(value), msg));
    return errors;
}

ErrorList validateNonnegative(std::int64_t value, const Path& path)
{
    if (value < 0)
        return {invalid(path, Value::number(value), "must be greater than or equal to 0")};
    return {};
}

ErrorList validateLabels(const Json* labels, const Path& path)
{
    ErrorList errors;
    for (const auto& [k, v] : stringMap(labels)) {
        append(errors, validateQualifiedName(k, path));
        for (const std::string& msg : isValidLabelValue(v))
            errors.push_back(invalid(path, Value::string(v), msg));
    }
    return errors;
}

ErrorList validateAnnotations(const Json* annotations, const Path& path)
{
    constexpr std::size_t kTotalAnnotationSizeLimit = 256 * 1024;
    ErrorList errors;
    std::size_t total = 0;
    for (const auto& [k, v] : stringMap(annotations)) {
        std::string lower = k;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        for (const std::string& msg : isQualifiedName(lower))
            errors.push_back(invalid(path, Value::string(k), msg));
        total += k.size() + v.size();
    }
    if (total > kTotalAnnotationSizeLimit)
        errors.push_back(tooLong(path, static_cast<int>(kTotalAnnotationSizeLimit)));
    return errors;
}

namespace {
ErrorList validateOwnerReferences(const Json* refs, const Path& path)
{
    ErrorList errors;
    if (!refs || !refs->is_array())
        return errors;
    std::string firstController;
    for (const Json& ref : *refs) {
        if (!ref.is_object())
            continue;
        const std::string apiVersion = str(ref, "apiVersion");
        const std::string version = apiVersion.substr(apiVersion.find('/') == std::string::npos ? 0 : apiVersion.find('/') + 1);
        if (version.empty())
            errors.push_back(invalid(path.child("apiVersion"), Value::string(apiVersion), "version must not be empty"));
        if (str(ref, "kind").empty())
            errors.push_back(invalid(path.child("kind"), Value::string(str(ref, "kind")), "kind must not be empty"));
        if (str(ref, "name").empty())
            errors.push_back(invalid(path.child("name"), Value::string(str(ref, "name")), "name must not be empty"));
        if (str(ref, "uid").empty())
            errors.push_back(invalid(path.child("uid"), Value::string(str(ref, "uid")), "uid must not be empty"));
        if (boolean(ref, "controller")) {
            const std::string current = str(ref, "kind") + "/" + str(ref, "name");
            if (!firstController.empty())
                errors.push_back(invalid(path, Value::raw("[]v1.OwnerReference{...}"),
                                         "Only one reference can have Controller set to true. Found \"true\" in references for "
                                             + firstController + " and " + current));
            else
                firstController = current;
        }
    }
    return errors;
}

ErrorList validateFinalizers(const Json* finalizers, const Path& path)
{
    ErrorList errors;
    if (!finalizers || !finalizers->is_array())
        return errors;
    bool orphan = false;
    bool foreground = false;
    std::size_t i = 0;
    for (const std::string& f : stringList(finalizers)) {
        append(errors, validateQualifiedName(f, path.index(i++)));
        orphan = orphan || f == "orphan";
        foreground = foreground || f == "foregroundDeletion";
    }
    if (orphan && foreground)
        errors.push_back(invalid(path, Value::raw(goStringSlice(finalizers)),
                                 "finalizer orphan and foregroundDeletion cannot be both set"));
    return errors;
}
} // namespace

ErrorList validateObjectMeta(const Json& object, bool requiresNamespace, const NameFn& nameFn, const Path& path)
{
    ErrorList errors;
    static const Json kEmpty = Json::object();
    const Json* metaPtr = objectField(object, "metadata");
    const Json& meta = metaPtr ? *metaPtr : kEmpty;
    const std::string generateName = str(meta, "generateName");
    const std::string name = str(meta, "name");
    if (!generateName.empty())
        for (const std::string& msg : nameFn(generateName, true))
            errors.push_back(invalid(path.child("generateName"), Value::string(generateName), msg));
    if (name.empty()) {
        errors.push_back(required(path.child("name"), "name or generateName is required"));
    } else {
        for (const std::string& msg : nameFn(name, false))
            errors.push_back(invalid(path.child("name"), Value::string(name), msg));
    }
    const std::string ns = str(meta, "namespace");
    if (requiresNamespace) {
        if (ns.empty())
            errors.push_back(required(path.child("namespace")));
        else
            for (const std::string& msg : isDns1123Label(ns))
                errors.push_back(invalid(path.child("namespace"), Value::string(ns), msg));
    } else if (!ns.empty()) {
        errors.push_back(forbidden(path.child("namespace"), "not allowed on this type"));
    }
    if (auto generation = integer(meta, "generation"))
        append(errors, validateNonnegative(*generation, path.child("generation")));
    append(errors, validateLabels(objectField(meta, "labels"), path.child("labels")));
    append(errors, validateAnnotations(objectField(meta, "annotations"), path.child("annotations")));
    append(errors, validateOwnerReferences(arrayField(meta, "ownerReferences"), path.child("ownerReferences")));
    append(errors, validateFinalizers(arrayField(meta, "finalizers"), path.child("finalizers")));
    return errors;
}

// Numbers, ports, addresses --------------------------------------------------------------

std::string inclusiveRangeError(std::int64_t lo, std::int64_t hi)
{
    return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", inclusive";
}

std::vector<std::string> isValidPortNum(std::int64_t port)
{
    if (port >= 1 && port <= 65535)
        return {};
    return {inclusiveRangeError(1, 65535)};
}

std::vector<std::string> isValidPortName(std::string_view port)
{
    std::vector<std::string> errors;
    if (port.size() > 15)
        errors.push_back(maxLenError(15));
    bool charset = !port.empty();
    bool letter = false;
    for (char c : port) {
        if (c >= 'a' && c <= 'z')
            letter = true;
        else if (!((c >= '0' && c <= '9') || c == '-'))
            charset = false;
    }
    if (!charset)
        errors.emplace_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    if (!letter)
        errors.emplace_back("must contain at least one letter (a-z)");
    if (port.find("--") != std::string_view::npos)
        errors.emplace_back("must not contain consecutive hyphens");
    if (!port.empty() && (port.front() == '-' || port.back() == '-'))
        errors.emplace_back("must not begin or end with a hyphen");
    return errors;
}

ErrorList validatePortNumOrName(const Json& port, const Path& path)
{
    ErrorList errors;
    if (port.is_number()) {
        const std::int64_t n = port.is_number_integer() ? port.get<std::int64_t>() : static_cast<std::int64_t>(port.get<double>());
        for (const std::string& msg : isValidPortNum(n))
            errors.push_back(invalid(path, Value::number(n), msg));
    } else if (port.is_string()) {
        const std::string name = port.get<std::string>();
        for (const std::string& msg : isValidPortName(name))
            errors.push_back(invalid(path, Value::string(name), msg));
    } else {
        // An absent port is the zero IntOrString: the number 0.
        for (const std::string& msg : isValidPortNum(0))
            errors.push_back(invalid(path, Value::number(0), msg));
    }
    return errors;
}

bool isIpv4(std::string_view ip)
{
    int parts = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = ip.find('.', start);
        const std::string_view part = ip.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (part.empty() || part.size() > 3)
            return false;
        int value = 0;
        for (char c : part) {
            if (c < '0' || c > '9')
                return false;
            value = value * 10 + (c - '0');
        }
        if (value > 255)
            return false;
        ++parts;
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return parts == 4;
}

namespace {
bool isIpv6(std::string_view ip)
{
    if (ip.empty() || ip.find(':') == std::string_view::npos)
        return false;
    // An embedded IPv4 tail counts as two groups.
    int groups = 0;
    bool doubleColon = false;
    std::size_t i = 0;
    if (ip.substr(0, 2) == "::") {
        doubleColon = true;
        i = 2;
        if (ip.size() == 2)
            return true;
    } else if (ip.front() == ':') {
        return false;
    }
    while (i < ip.size()) {
        std::size_t end = ip.find(':', i);
        std::string_view group = ip.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
        if (group.find('.') != std::string_view::npos) {
            if (end != std::string_view::npos || !isIpv4(group))
                return false;
            groups += 2;
            break;
        }
        if (group.empty() || group.size() > 4)
            return false;
        for (char c : group)
            if (!std::isxdigit(static_cast<unsigned char>(c)))
                return false;
        ++groups;
        if (end == std::string_view::npos)
            break;
        if (end + 1 < ip.size() && ip[end + 1] == ':') {
            if (doubleColon)
                return false;
            doubleColon = true;
            i = end + 2;
            if (i == ip.size())
                break;
        } else {
            i = end + 1;
            if (i == ip.size())
                return false;
        }
    }
    return doubleColon ? groups < 8 : groups == 8;
}
} // namespace

std::vector<std::string> isValidIp(std::string_view ip)
{
    if (isIpv4(ip) || isIpv6(ip))
        return {};
    return {"must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"};
}

std::vector<std::string> isEnvVarName(std::string_view name)
{
    std::vector<std::string> errors;
    bool ok = !name.empty() && !(name.front() >= '0' && name.front() <= '9');
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'))
            ok = false;
    if (!ok)
        errors.push_back(regexError("a valid environment variable name must consist of alphabetic characters, digits, "
                                    "'_', '-', or '.', and must not start with a digit",
                                    "[-._a-zA-Z][-._a-zA-Z0-9]*", {"my.env-name", "MY_ENV.NAME", "MyEnvName1"}));
    if (name == ".")
        errors.emplace_back("must not be '.'");
    else if (name == "..")
        errors.emplace_back("must not be '..'");
    else if (name.substr(0, 2) == "..")
        errors.emplace_back("must not start with '..'");
    return errors;
}

std::vector<std::string> isConfigMapKey(std::string_view key)
{
    std::vector<std::string> errors;
    if (key.size() > static_cast<std::size_t>(kDns1123SubdomainMaxLength))
        errors.push_back(maxLenError(kDns1123SubdomainMaxLength));
    bool ok = !key.empty();
    for (char c : key)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
            ok = false;
    if (!ok)
        errors.push_back(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                                    "[-._a-zA-Z0-9]+", {"key.name", "KEY_NAME", "key-name"}));
    if (key == ".")
        errors.emplace_back("must not be '.'");
    else if (key == "..")
        errors.emplace_back("must not be '..'");
    else if (key.substr(0, 2) == "..")
        errors.emplace_back("must not start with '..'");
    return errors;
}

std::vector<std::string> isValidPercent(std::string_view percent)
{
    bool ok = percent.size() >= 2 && percent.back() == '%';
    for (std::size_t i = 0; ok && i + 1 < percent.size(); ++i)
        ok = percent[i] >= '0' && percent[i] <= '9';
    if (ok)
        return {};
    return {regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%",
                       {"1%", "93%"})};
}

// Selectors --------------------------------------------------------------------------------

ErrorList validateLabelSelector(const Json& selector, const Path& path)
{
    ErrorList errors;
    if (!selector.is_object())
        return errors;
    append(errors, validateLabels(objectField(selector, "matchLabels"), path.child("matchLabels")));
    if (const Json* exprs = arrayField(selector, "matchExpressions")) {
        std::size_t i = 0;
        for (const Json& e : *exprs) {
            const Path ep = path.child("matchExpressions").index(i++);
            if (!e.is_object())
                continue;
            const std::string op = str(e, "operator");
            const std::size_t values = sizeOf(e, "values");
            if (op == "In" || op == "NotIn") {
                if (values == 0)
                    errors.push_back(required(ep.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
            } else if (op == "Exists" || op == "DoesNotExist") {
                if (values > 0)
                    errors.push_back(forbidden(ep.child("values"),
                                               "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
            } else {
                errors.push_back(invalid(ep.child("operator"), Value::string(op), "not a valid selector operator"));
            }
            append(errors, validateQualifiedName(str(e, "key"), ep.child("key")));
            std::size_t vi = 0;
            for (const std::string& v : stringList(arrayField(e, "values"))) {
                for (const std::string& msg : isValidLabelValue(v))
                    errors.push_back(invalid(ep.child("values").index(vi), Value::string(v), msg));
                ++vi;
            }
        }
    }
    return errors;
}

bool selectorEmpty(const Json& selector)
{
    return sizeOf(selector, "matchLabels") == 0 && sizeOf(selector, "matchExpressions") == 0;
}

bool selectorMatches(const Json* selector, const Json* labels)
{
    if (!selector || !selector->is_object())
        return false;
    const auto have = stringMap(labels);
    for (const auto& [k, v] : stringMap(objectField(*selector, "matchLabels"))) {
        auto it = have.find(k);
        if (it == have.end() || it->second != v)
            return false;
    }
    if (const Json* exprs = arrayField(*selector, "matchExpressions")) {
        for (const Json& e : *exprs) {
            const std::string key = str(e, "key");
            const std::string op = str(e, "operator");
            const auto values = stringList(arrayField(e, "values"));
            auto it = have.find(key);
            const bool present = it != have.end();
            const bool inValues = present && std::find(values.begin(), values.end(), it->second) != values.end();
            if (op == "In" && !inValues)
                return false;
            if (op == "NotIn" && inValues)
                return false;
            if (op == "Exists" && !present)
                return false;
            if (op == "DoesNotExist" && present)
                return false;
        }
    }
    return true;
}

// Quantities -------------------------------------------------------------------------------

std::optional<Quantity> parseQuantity(const Json& value, std::string* error)
{
    std::string text;
    if (value.is_string())
        text = value.get<std::string>();
    else if (value.is_number())
        text = value.dump();
    else
        text = value.dump();
    auto parsed = Quantity::parse(text);
    if (!parsed) {
        if (error)
            *error = parsed.error().message;
        return std::nullopt;
    }
    return *parsed;
}

ErrorList validateNonnegativeQuantity(const Json& value, const Path& path, std::optional<Quantity>* out)
{
    std::string error;
    auto q = parseQuantity(value, &error);
    if (out)
        *out = q;
    if (!q)
        return {invalid(path, Value::fromJson(value), error)};
    if (q->sign() < 0)
        return {invalid(path, Value::string(q->toString()), "must be greater than or equal to 0")};
    return {};
}

// Updates ----------------------------------------------------------------------------------

namespace {
/// Deep equality where objects compare as maps (key order ignored) and numbers by value.
bool equalIgnoringKeyOrder(const Json& a, const Json& b)
{
    if (a.is_number() && b.is_number())
        return a == b;
    if (a.type() != b.type())
        return false;
    if (a.is_object()) {
        // A null member is the same as a missing one (a nil pointer or map in Go).
        auto count = [](const Json& o) {
            std::size_t n = 0;
            for (auto it = o.begin(); it != o.end(); ++it)
                n += it.value().is_null() ? 0 : 1;
            return n;
        };
        if (count(a) != count(b))
            return false;
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (it.value().is_null())
                continue;
            auto other = b.find(it.key());
            if (other == b.end() || !equalIgnoringKeyOrder(it.value(), *other))
                return false;
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!equalIgnoringKeyOrder(a[i], b[i]))
                return false;
        return true;
    }
    return a == b;
}
} // namespace

bool sameField(const Json* a, const Json* b)
{
    const bool aNull = !a || a->is_null();
    const bool bNull = !b || b->is_null();
    if (aNull || bNull)
        return aNull == bNull;
    return equalIgnoringKeyOrder(*a, *b);
}

namespace {

std::string goFieldName(const std::string& jsonName)
{
    static const std::map<std::string, std::string> kSpecial = {
        {"dnsPolicy", "DNSPolicy"}, {"dnsConfig", "DNSConfig"}, {"hostIPC", "HostIPC"}, {"hostPID", "HostPID"},
        {"os", "OS"}, {"hostIP", "HostIP"}, {"podIP", "PodIP"}, {"httpGet", "HTTPGet"}, {"tcpSocket", "TCPSocket"},
        {"grpc", "GRPC"}, {"tty", "TTY"}, {"uid", "UID"}, {"apiVersion", "APIVersion"}};
    if (auto it = kSpecial.find(jsonName); it != kSpecial.end())
        return it->second;
    std::string out = jsonName;
    if (!out.empty())
        out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

std::string goValue(const Json* v)
{
    if (!v || v->is_null())
        return "nil";
    if (v->is_string())
        return goQuote(v->get<std::string>());
    return v->dump();
}

void diffInto(std::string& out, const Json* a, const Json* b, const std::string& label, int depth)
{
    const std::string indent(static_cast<std::size_t>(depth), '\t');
    const bool bothObjects = a && b && a->is_object() && b->is_object();
    const bool sameLengthLists = a && b && a->is_array() && b->is_array() && a->size() == b->size();
    if (bothObjects) {
        out += "  " + indent + label + "{\n";
        std::vector<std::string> keys;
        for (auto it = a->begin(); it != a->end(); ++it)
            keys.push_back(it.key());
        for (auto it = b->begin(); it != b->end(); ++it)
            if (!a->contains(it.key()))
                keys.push_back(it.key());
        std::size_t identical = 0;
        for (const std::string& k : keys) {
            const Json* x = field(*a, k);
            const Json* y = field(*b, k);
            if (sameField(x, y)) {
                ++identical;
                continue;
            }
            diffInto(out, x, y, goFieldName(k) + ": ", depth + 1);
        }
        if (identical > 0)
            out += "  " + indent + "\t... // " + std::to_string(identical) + " identical field" + (identical == 1 ? "" : "s") + "\n";
        out += "  " + indent + "}" + (depth > 0 ? "," : "") + "\n";
        return;
    }
    if (sameLengthLists) {
        out += "  " + indent + label + "{\n";
        for (std::size_t i = 0; i < a->size(); ++i) {
            if (sameField(&(*a)[i], &(*b)[i]))
                continue;
            diffInto(out, &(*a)[i], &(*b)[i], "", depth + 1);
        }
        out += "  " + indent + "},\n";
        return;
    }
    if (a && !a->is_null())
        out += "- " + indent + label + goValue(a) + ",\n";
    if (b && !b->is_null())
        out += "+ " + indent + label + goValue(b) + ",\n";
}

} // namespace

std::string specDiff(const Json& oldSpec, const Json& newSpec, std::string_view typeName)
{
    std::string out;
    diffInto(out, &oldSpec, &newSpec, std::string(typeName), 0);
    return out;
}

ErrorList validateImmutable(const Json* newValue, const Json* oldValue, const Path& path, const Value& printed)
{
    if (sameField(newValue, oldValue))
        return {};
    return {invalid(path, printed, "field is immutable")};
}

// Workload helpers -------------------------------------------------------------------------

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

} // namespace kubelab::core::validation
