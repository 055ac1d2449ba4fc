// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/names.h"

#include <algorithm>
#include <cctype>

namespace kubelab::core {

namespace {

constexpr std::string_view kDns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1123LabelErrMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character";
constexpr std::string_view kDns1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDns1123SubdomainErrMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kDns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1035LabelErrMsg =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character";
constexpr std::string_view kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kQualifiedNameErrMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueErrMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";

bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool isAlnum(char c)
{
    return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool matchesDns1123Label(std::string_view value)
{
    if (value.empty() || !isLowerAlnum(value.front()) || !isLowerAlnum(value.back()))
        return false;
    for (char c : value) {
        if (!isLowerAlnum(c) && c != '-')
            return false;
    }
    return true;
}

// Labels joined by single dots.
bool matchesDns1123Subdomain(std::string_view value)
{
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = value.find('.', start);
        const std::string_view label =
            value.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (!matchesDns1123Label(label))
            return false;
        if (dot == std::string_view::npos)
            return true;
        start = dot + 1;
    }
}

// [a-z]([-a-z0-9]*[a-z0-9])?
bool matchesDns1035Label(std::string_view value)
{
    return matchesDns1123Label(value) && value.front() >= 'a' && value.front() <= 'z';
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matchesQualifiedNamePart(std::string_view value)
{
    if (value.empty() || !isAlnum(value.front()) || !isAlnum(value.back()))
        return false;
    for (char c : value) {
        if (!isAlnum(c) && c != '-' && c != '_' && c != '.')
            return false;
    }
    return true;
}

} // namespace

std::string maxLenError(int length)
{
    return "must be no more than " + std::to_string(length) + " characters";
}

std::string regexError(std::string_view message, std::string_view regex,
                       const std::vector<std::string_view>& examples)
{
    std::string out(message);
    if (examples.empty())
        return out + " (regex used for validation is '" + std::string(regex) + "')";
    out += " (e.g. ";
    for (std::size_t i = 0; i < examples.size(); ++i) {
        if (i > 0)
            out += " or ";
        out += "'" + std::string(examples[i]) + "', ";
    }
    out += "regex used for validation is '" + std::string(regex) + "')";
    return out;
}

std::string emptyError()
{
    return "must be non-empty";
}

std::vector<std::string> isDns1123Subdomain(std::string_view value)
{
    std::vector<std::string> errors;
    if (value.size() > static_cast<std::size_t>(kDns1123SubdomainMaxLength))
        errors.push_back(maxLenError(kDns1123SubdomainMaxLength));
    if (!matchesDns1123Subdomain(value))
        errors.push_back(regexError(kDns1123SubdomainErrMsg, kDns1123SubdomainFmt, {"example.com"}));
    return errors;
}

std::vector<std::string> isDns1123Label(std::string_view value)
{
    std::vector<std::string> errors;
    if (value.size() > static_cast<std::size_t>(kDns1123LabelMaxLength))
        errors.push_back(maxLenError(kDns1123LabelMaxLength));
    if (!matchesDns1123Label(value)) {
        if (matchesDns1123Subdomain(value))
            errors.emplace_back("must not contain dots");
        else
            errors.push_back(regexError(kDns1123LabelErrMsg, kDns1123LabelFmt, {"my-name", "123-abc"}));
    }
    return errors;
}

std::vector<std::string> isDns1035Label(std::string_view value)
{
    std::vector<std::string> errors;
    if (value.size() > static_cast<std::size_t>(kDns1035LabelMaxLength))
        errors.push_back(maxLenError(kDns1035LabelMaxLength));
    if (!matchesDns1035Label(value))
        errors.push_back(regexError(kDns1035LabelErrMsg, kDns1035LabelFmt, {"my-name", "abc-123"}));
    return errors;
}

std::vector<std::string> isQualifiedName(std::string_view value)
{
    std::vector<std::string> errors;
    std::string_view name = value;
    const std::size_t slash = value.find('/');
    if (slash != std::string_view::npos) {
        if (value.find('/', slash + 1) != std::string_view::npos) {
            errors.push_back("a qualified name "
                             + regexError(kQualifiedNameErrMsg, kQualifiedNameFmt,
                                          {"MyName", "my.name", "123-abc"})
                             + " with an optional DNS subdomain prefix and '/' (e.g. "
                               "'example.com/MyName')");
            return errors;
        }
        const std::string_view prefix = value.substr(0, slash);
        name = value.substr(slash + 1);
        if (prefix.empty()) {
            errors.push_back("prefix part " + emptyError());
        } else {
            for (const auto& message : isDns1123Subdomain(prefix))
                errors.push_back("prefix part " + message);
        }
    }
    if (name.empty())
        errors.push_back("name part " + emptyError());
    else if (name.size() > static_cast<std::size_t>(kQualifiedNameMaxLength))
        errors.push_back("name part " + maxLenError(kQualifiedNameMaxLength));
    if (!matchesQualifiedNamePart(name))
        errors.push_back("name part "
                         + regexError(kQualifiedNameErrMsg, kQualifiedNameFmt,
                                      {"MyName", "my.name", "123-abc"}));
    return errors;
}

std::vector<std::string> isValidLabelValue(std::string_view value)
{
    std::vector<std::string> errors;
    if (value.size() > static_cast<std::size_t>(kLabelValueMaxLength))
        errors.push_back(maxLenError(kLabelValueMaxLength));
    if (!value.empty() && !matchesQualifiedNamePart(value))
        errors.push_back(regexError(kLabelValueErrMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
    return errors;
}

std::string asciiLower(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            out += separator;
        out += parts[i];
    }
    return out;
}

} // namespace kubelab::core
