// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubelab::core {

// Name and label checks with upstream's texts (apimachinery `util/validation`). Each returns
// the list of problems, empty when the value is valid; callers prefix them with the field
// (`metadata.name: Invalid value: "X": ...`) and join several with "; " or ", " as upstream's
// caller does.

/// RFC 1123 subdomain (most object names): at most 253 characters, `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
/// labels joined by dots.
[[nodiscard]] std::vector<std::string> isDns1123Subdomain(std::string_view value);
/// RFC 1123 label (namespaces, container and port names): at most 63 characters, no dots.
[[nodiscard]] std::vector<std::string> isDns1123Label(std::string_view value);
/// RFC 1035 label (Service names): an RFC 1123 label that starts with a letter.
[[nodiscard]] std::vector<std::string> isDns1035Label(std::string_view value);
/// A qualified name, the form of label and annotation keys: `[prefix/]name`, the prefix an
/// RFC 1123 subdomain, the name at most 63 characters of `[-A-Za-z0-9_.]` starting and ending
/// with an alphanumeric character.
[[nodiscard]] std::vector<std::string> isQualifiedName(std::string_view value);
/// A label value: empty, or at most 63 characters shaped like a qualified name's name part.
[[nodiscard]] std::vector<std::string> isValidLabelValue(std::string_view value);

/// `must be no more than <length> characters`.
[[nodiscard]] std::string maxLenError(int length);
/// `<message> (e.g. 'a',  or 'b', regex used for validation is '<regex>')`, upstream's
/// RegexError, double space included.
[[nodiscard]] std::string regexError(std::string_view message, std::string_view regex,
                                     const std::vector<std::string_view>& examples = {});
/// `must be non-empty`.
[[nodiscard]] std::string emptyError();

inline constexpr int kDns1123SubdomainMaxLength = 253;
inline constexpr int kDns1123LabelMaxLength = 63;
inline constexpr int kDns1035LabelMaxLength = 63;
inline constexpr int kQualifiedNameMaxLength = 63;
inline constexpr int kLabelValueMaxLength = 63;

/// The text with ASCII letters lower-cased (Go's strings.ToLower on the API's names, kinds,
/// protocols and header names).
[[nodiscard]] std::string asciiLower(std::string_view text);
/// The parts joined with the separator between them (Go's strings.Join).
[[nodiscard]] std::string join(const std::vector<std::string>& parts, std::string_view separator);

} // namespace kubelab::core
