// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/labels.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <utility>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core {

namespace {

using Op = LabelRequirement::Op;

std::string invalid(std::string_view field, std::string_view valueText, std::string_view detail)
{
    return std::string(field) + ": Invalid value: " + std::string(valueText) + ": " + std::string(detail);
}

// Go's strconv.ParseInt(s, 10, 64).
std::optional<std::int64_t> parseInt64(std::string_view text)
{
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    if (text.empty())
        return std::nullopt;
    std::uint64_t magnitude = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        if (__builtin_mul_overflow(magnitude, std::uint64_t{10}, &magnitude)
            || __builtin_add_overflow(magnitude, static_cast<std::uint64_t>(c - '0'), &magnitude))
            return std::nullopt;
    }
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (magnitude > kMax + (negative ? 1 : 0))
        return std::nullopt;
    if (negative)
        return magnitude == kMax + 1 ? std::numeric_limits<std::int64_t>::min()
                                     : -static_cast<std::int64_t>(magnitude);
    return static_cast<std::int64_t>(magnitude);
}

std::string_view operatorText(Op op)
{
    switch (op) {
    case Op::Equals: return "=";
    case Op::DoubleEquals: return "==";
    case Op::NotEquals: return "!=";
    case Op::In: return " in ";
    case Op::NotIn: return " notin ";
    case Op::GreaterThan: return ">";
    case Op::LessThan: return "<";
    case Op::Exists:
    case Op::DoesNotExist: return "";
    }
    return "";
}

void sortByKey(std::vector<LabelRequirement>& requirements)
{
    std::ranges::stable_sort(requirements, {}, &LabelRequirement::key);
}

// The label selector lexer and parser, as upstream's labels.Lexer and labels.SelectorParser.
enum class Token {
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
};

std::optional<Token> literalToken(std::string_view text)
{
    static constexpr std::pair<std::string_view, Token> kTokens[] = {
        {")", Token::ClosedPar},   {",", Token::Comma},   {"!", Token::DoesNotExist},
        {"==", Token::DoubleEquals}, {"=", Token::Equals}, {">", Token::GreaterThan},
        {"in", Token::In},         {"<", Token::LessThan}, {"!=", Token::NotEquals},
        {"notin", Token::NotIn},   {"(", Token::OpenPar},
    };
    for (const auto& [literal, token] : kTokens) {
        if (literal == text)
            return token;
    }
    return std::nullopt;
}

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isSpecialSymbol(char c)
{
    switch (c) {
    case '=':
    case '!':
    case '(':
    case ')':
    case ',':
    case '>':
    case '<': return true;
    default: return false;
    }
}

struct ScannedItem {
    Token token = Token::Error;
    std::string literal;
};

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    ScannedItem lex()
    {
        char c = read();
        while (isWhitespace(c))
            c = read();
        if (c == 0)
            return {Token::EndOfString, ""};
        unread();
        return isSpecialSymbol(c) ? scanSpecialSymbol() : scanIdOrKeyword();
    }

private:
    char read()
    {
        // A NUL byte ends the text too, as upstream's lexer reads it.
        if (m_pos < m_text.size())
            return m_text[m_pos++];
        return 0;
    }

    void unread() { --m_pos; }

    ScannedItem scanIdOrKeyword()
    {
        std::string buffer;
        while (true) {
            const char c = read();
            if (c == 0)
                break;
            if (isSpecialSymbol(c) || isWhitespace(c)) {
                unread();
                break;
            }
            buffer += c;
        }
        if (auto token = literalToken(buffer))
            return {*token, buffer};
        return {Token::Identifier, buffer};
    }

    ScannedItem scanSpecialSymbol()
    {
        ScannedItem last;
        std::string buffer;
        while (true) {
            const char c = read();
            if (c == 0)
                break;
            if (!isSpecialSymbol(c)) {
                unread();
                break;
            }
            buffer += c;
            if (auto token = literalToken(buffer)) {
                last = {*token, buffer};
            } else if (last.token != Token::Error) {
                unread();
                break;
            }
        }
        if (last.token == Token::Error)
            return {Token::Error, "error expected: keyword found '" + buffer + "'"};
        return last;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

enum class Context { KeyAndOperator, Values };

class SelectorParser {
public:
    explicit SelectorParser(std::string_view text)
    {
        Lexer lexer(text);
        while (true) {
            m_items.push_back(lexer.lex());
            if (m_items.back().token == Token::EndOfString)
                break;
        }
    }

    Result<std::vector<LabelRequirement>> parse()
    {
        std::vector<LabelRequirement> requirements;
        while (true) {
            const auto [token, literal] = lookahead(Context::Values);
            switch (token) {
            case Token::Identifier:
            case Token::DoesNotExist: {
                auto requirement = parseRequirement();
                if (!requirement)
                    return error("unable to parse requirement: " + requirement.error());
                requirements.push_back(std::move(*requirement));
                const auto [next, nextLiteral] = consume(Context::Values);
                if (next == Token::EndOfString)
                    return requirements;
                if (next == Token::Comma) {
                    const auto [after, afterLiteral] = lookahead(Context::Values);
                    if (after != Token::Identifier && after != Token::DoesNotExist)
                        return error("found '" + afterLiteral + "', expected: identifier after ','");
                    break;
                }
                return error("found '" + nextLiteral + "', expected: ',' or 'end of string'");
            }
            case Token::EndOfString: return requirements;
            default:
                return error("found '" + literal + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

private:
    // Errors inside a requirement are plain texts until parse() wraps them.
    using Step = std::expected<LabelRequirement, std::string>;

    static std::unexpected<Error> error(std::string message)
    {
        return fail(ErrorCode::BadRequest, std::move(message));
    }

    ScannedItem lookahead(Context context) const
    {
        ScannedItem item = m_items[m_position];
        if (context == Context::Values && (item.token == Token::In || item.token == Token::NotIn))
            item.token = Token::Identifier;
        return item;
    }

    ScannedItem consume(Context context)
    {
        ScannedItem item = lookahead(context);
        ++m_position;
        return item;
    }

    Step parseRequirement()
    {
        std::optional<Op> op;
        ScannedItem item = consume(Context::Values);
        if (item.token == Token::DoesNotExist) {
            op = Op::DoesNotExist;
            item = consume(Context::Values);
        }
        if (item.token != Token::Identifier)
            return std::unexpected("found '" + item.literal + "', expected: identifier");
        // Upstream checks the key against a nil field path here, hence "<nil>".
        if (auto problems = isQualifiedName(item.literal); !problems.empty())
            return std::unexpected(invalid("<nil>", validation::goQuote(item.literal), join(problems, "; ")));
        const std::string key = item.literal;
        if (const auto next = lookahead(Context::Values).token;
            next == Token::EndOfString || next == Token::Comma) {
            if (op != Op::DoesNotExist)
                op = Op::Exists;
        }
        if (op == Op::Exists || op == Op::DoesNotExist)
            return checked(key, *op, {});

        const auto [opToken, opLiteral] = consume(Context::KeyAndOperator);
        switch (opToken) {
        case Token::In: op = Op::In; break;
        case Token::Equals: op = Op::Equals; break;
        case Token::DoubleEquals: op = Op::DoubleEquals; break;
        case Token::GreaterThan: op = Op::GreaterThan; break;
        case Token::LessThan: op = Op::LessThan; break;
        case Token::NotIn: op = Op::NotIn; break;
        case Token::NotEquals: op = Op::NotEquals; break;
        default:
            return std::unexpected("found '" + opLiteral + "', expected: in, notin, =, ==, !=, gt, lt");
        }
        std::set<std::string> set;
        auto parsed = (*op == Op::In || *op == Op::NotIn) ? parseValues(set) : parseExactValue(set);
        if (!parsed)
            return std::unexpected(parsed.error());
        return checked(key, *op, {set.begin(), set.end()});
    }

    static Step checked(const std::string& key, Op op, std::vector<std::string> values)
    {
        auto requirement = LabelRequirement::create(key, op, std::move(values));
        if (!requirement)
            return std::unexpected(requirement.error().message);
        return std::move(*requirement);
    }

    std::expected<void, std::string> parseValues(std::set<std::string>& set)
    {
        const auto [token, literal] = consume(Context::Values);
        if (token != Token::OpenPar)
            return std::unexpected("found '" + literal + "' expected: '('");
        const auto [next, nextLiteral] = lookahead(Context::Values);
        switch (next) {
        case Token::Identifier:
        case Token::Comma: {
            if (auto list = parseIdentifiersList(set); !list)
                return list;
            if (consume(Context::Values).token != Token::ClosedPar)
                return std::unexpected("found '" + nextLiteral + "', expected: ')'");
            return {};
        }
        case Token::ClosedPar:
            consume(Context::Values);
            set.insert("");
            return {};
        default:
            return std::unexpected("found '" + nextLiteral + "', expected: ',', ')' or identifier");
        }
    }

    std::expected<void, std::string> parseIdentifiersList(std::set<std::string>& set)
    {
        while (true) {
            const auto [token, literal] = consume(Context::Values);
            switch (token) {
            case Token::Identifier: {
                set.insert(literal);
                const auto [next, nextLiteral] = lookahead(Context::Values);
                if (next == Token::Comma)
                    continue;
                if (next == Token::ClosedPar)
                    return {};
                return std::unexpected("found '" + nextLiteral + "', expected: ',' or ')'");
            }
            case Token::Comma: {
                if (set.empty())
                    set.insert(""); // "(,"
                const auto next = lookahead(Context::Values).token;
                if (next == Token::ClosedPar) {
                    set.insert(""); // ",)"
                    return {};
                }
                if (next == Token::Comma)
                    set.insert(""); // ",,"
                break;
            }
            default:
                return std::unexpected("found '" + literal + "', expected: ',', or identifier");
            }
        }
    }

    std::expected<void, std::string> parseExactValue(std::set<std::string>& set)
    {
        const auto next = lookahead(Context::Values).token;
        if (next == Token::EndOfString || next == Token::Comma) {
            set.insert("");
            return {};
        }
        const auto [token, literal] = consume(Context::Values);
        if (token == Token::Identifier) {
            set.insert(literal);
            return {};
        }
        return std::unexpected("found '" + literal + "', expected: identifier");
    }

    std::vector<ScannedItem> m_items;
    std::size_t m_position = 0;
};

// The Go type name of a JSON value, as encoding/json names it in an unmarshal error.
std::string_view jsonTypeName(const Json& value)
{
    if (value.is_number())
        return "number";
    if (value.is_boolean())
        return "bool";
    if (value.is_array())
        return "array";
    if (value.is_object())
        return "object";
    if (value.is_null())
        return "null";
    return "string";
}

} // namespace

Result<LabelRequirement> LabelRequirement::create(std::string key, Op op, std::vector<std::string> values)
{
    std::vector<std::string> problems;
    if (auto keyProblems = isQualifiedName(key); !keyProblems.empty())
        problems.push_back(invalid("key", validation::goQuote(key), join(keyProblems, "; ")));

    switch (op) {
    case Op::In:
    case Op::NotIn:
        if (values.empty())
            problems.push_back(invalid("values", validation::goStringSlice(values),
                                       "for 'in', 'notin' operators, values set can't be empty"));
        break;
    case Op::Equals:
    case Op::DoubleEquals:
    case Op::NotEquals:
        if (values.size() != 1)
            problems.push_back(invalid("values", validation::goStringSlice(values),
                                       "exact-match compatibility requires one single value"));
        break;
    case Op::Exists:
    case Op::DoesNotExist:
        if (!values.empty())
            problems.push_back(invalid("values", validation::goStringSlice(values),
                                       "values set must be empty for exists and does not exist"));
        break;
    case Op::GreaterThan:
    case Op::LessThan:
        if (values.size() != 1)
            problems.push_back(invalid("values", validation::goStringSlice(values),
                                       "for 'Gt', 'Lt' operators, exactly one value is required"));
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (!parseInt64(values[i]))
                problems.push_back(invalid("values[" + std::to_string(i) + "]", validation::goQuote(values[i]),
                                           "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
        break;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (auto valueProblems = isValidLabelValue(values[i]); !valueProblems.empty())
            problems.push_back(invalid("values[" + std::to_string(i) + "][" + key + "]",
                                       validation::goQuote(values[i]), join(valueProblems, "; ")));
    }
    if (!problems.empty())
        return fail(ErrorCode::Invalid, aggregateErrors(problems));
    return LabelRequirement{std::move(key), op, std::move(values)};
}

bool LabelRequirement::matches(const Labels& labels) const
{
    const auto found = labels.find(key);
    const bool present = found != labels.end();
    const auto hasValue = [&] { return present && std::ranges::find(values, found->second) != values.end(); };
    switch (op) {
    case Op::In:
    case Op::Equals:
    case Op::DoubleEquals: return present && hasValue();
    case Op::NotIn:
    case Op::NotEquals: return !present || !hasValue();
    case Op::Exists: return present;
    case Op::DoesNotExist: return !present;
    case Op::GreaterThan:
    case Op::LessThan: {
        if (!present || values.size() != 1)
            return false;
        const auto labelValue = parseInt64(found->second);
        const auto bound = parseInt64(values.front());
        if (!labelValue || !bound)
            return false;
        return op == Op::GreaterThan ? *labelValue > *bound : *labelValue < *bound;
    }
    }
    return false;
}

std::string LabelRequirement::toString() const
{
    std::string out;
    if (op == Op::DoesNotExist)
        out += '!';
    out += key;
    if (op == Op::Exists || op == Op::DoesNotExist)
        return out;
    out += operatorText(op);
    const bool set = op == Op::In || op == Op::NotIn;
    if (set)
        out += '(';
    if (values.size() == 1) {
        out += values.front();
    } else {
        std::vector<std::string> sorted = values;
        std::ranges::sort(sorted);
        out += join(sorted, ",");
    }
    if (set)
        out += ')';
    return out;
}

LabelSelector LabelSelector::nothing()
{
    LabelSelector selector;
    selector.m_nothing = true;
    return selector;
}

Result<LabelSelector> LabelSelector::parse(std::string_view text)
{
    auto requirements = SelectorParser(text).parse();
    if (!requirements)
        return std::unexpected(requirements.error());
    LabelSelector selector;
    selector.m_requirements = std::move(*requirements);
    sortByKey(selector.m_requirements);
    return selector;
}

Result<LabelSelector> LabelSelector::fromJson(const Json& selector)
{
    if (selector.is_null())
        return nothing();
    if (!selector.is_object())
        return fail(ErrorCode::BadRequest,
                    "json: cannot unmarshal " + std::string(jsonTypeName(selector))
                        + " into Go value of type v1.LabelSelector");

    static const Json kEmptyObject = Json::object();
    static const Json kEmptyArray = Json::array();
    const Json& matchLabels = selector.contains("matchLabels") && !selector["matchLabels"].is_null()
                                  ? selector["matchLabels"]
                                  : kEmptyObject;
    const Json& matchExpressions =
        selector.contains("matchExpressions") && !selector["matchExpressions"].is_null()
            ? selector["matchExpressions"]
            : kEmptyArray;
    if (!matchLabels.is_object())
        return fail(ErrorCode::BadRequest,
                    "json: cannot unmarshal " + std::string(jsonTypeName(matchLabels))
                        + " into Go struct field LabelSelector.matchLabels of type map[string]string");
    if (!matchExpressions.is_array())
        return fail(ErrorCode::BadRequest,
                    "json: cannot unmarshal " + std::string(jsonTypeName(matchExpressions))
                        + " into Go struct field LabelSelector.matchExpressions of type "
                          "[]v1.LabelSelectorRequirement");
    if (matchLabels.empty() && matchExpressions.empty())
        return LabelSelector();

    std::vector<LabelRequirement> requirements;
    for (const auto& [key, value] : matchLabels.items()) {
        if (!value.is_string())
            return fail(ErrorCode::BadRequest,
                        "json: cannot unmarshal " + std::string(jsonTypeName(value))
                            + " into Go struct field LabelSelector.matchLabels of type string");
        auto requirement = LabelRequirement::create(key, Op::Equals, {value.get<std::string>()});
        if (!requirement)
            return std::unexpected(requirement.error());
        requirements.push_back(std::move(*requirement));
    }
    for (const auto& expression : matchExpressions) {
        if (!expression.is_object())
            return fail(ErrorCode::BadRequest,
                        "json: cannot unmarshal " + std::string(jsonTypeName(expression))
                            + " into Go struct field LabelSelector.matchExpressions of type "
                              "v1.LabelSelectorRequirement");
        const std::string key = expression.value("key", std::string());
        const std::string op = expression.value("operator", std::string());
        std::vector<std::string> values;
        if (expression.contains("values") && expression["values"].is_array()) {
            for (const auto& value : expression["values"]) {
                if (!value.is_string())
                    return fail(ErrorCode::BadRequest,
                                "json: cannot unmarshal " + std::string(jsonTypeName(value))
                                    + " into Go struct field LabelSelectorRequirement.matchExpressions.values "
                                      "of type string");
                values.push_back(value.get<std::string>());
            }
        }
        Op mapped = Op::Exists;
        if (op == "In")
            mapped = Op::In;
        else if (op == "NotIn")
            mapped = Op::NotIn;
        else if (op == "Exists")
            mapped = Op::Exists;
        else if (op == "DoesNotExist")
            mapped = Op::DoesNotExist;
        else
            return fail(ErrorCode::Invalid, validation::goQuote(op) + " is not a valid label selector operator");
        auto requirement = LabelRequirement::create(key, mapped, std::move(values));
        if (!requirement)
            return std::unexpected(requirement.error());
        requirements.push_back(std::move(*requirement));
    }
    LabelSelector out;
    out.m_requirements = std::move(requirements);
    sortByKey(out.m_requirements);
    return out;
}

LabelSelector LabelSelector::fromMap(const Labels& labels)
{
    LabelSelector selector;
    for (const auto& [key, value] : labels)
        selector.m_requirements.push_back({key, Op::Equals, {value}});
    return selector; // A std::map is already sorted by key.
}

bool LabelSelector::matches(const Labels& labels) const
{
    if (m_nothing)
        return false;
    return std::ranges::all_of(m_requirements,
                               [&](const LabelRequirement& requirement) { return requirement.matches(labels); });
}

std::string LabelSelector::toString() const
{
    std::vector<std::string> parts;
    parts.reserve(m_requirements.size());
    for (const auto& requirement : m_requirements)
        parts.push_back(requirement.toString());
    return join(parts, ",");
}

void LabelSelector::add(LabelRequirement requirement)
{
    if (m_nothing)
        return;
    m_requirements.push_back(std::move(requirement));
    sortByKey(m_requirements);
}

} // namespace kubelab::core
