// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

/// One requirement of a label selector (upstream's `labels.Requirement`).
struct LabelRequirement {
    /// `DoubleEquals` is `==`: it matches as `Equals` and is kept only to print back as written.
    enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan, DoubleEquals };
    std::string key;
    Op op = Op::Exists;
    /// Sorted and unique when parsed from the string form; in the order given (duplicates
    /// kept) when built from a LabelSelector object, as upstream.
    std::vector<std::string> values;

    /// Builds a checked requirement as upstream's `NewRequirement`: the key must be a
    /// qualified name, every value a label value, and the value count must fit the operator.
    /// Errors carry upstream's field-error text (`key: Invalid value: "-a": name part ...`).
    [[nodiscard]] static Result<LabelRequirement> create(std::string key, Op op,
                                                         std::vector<std::string> values);

    [[nodiscard]] bool matches(const Labels& labels) const;
    /// `x in (a,b)`, `!x`, `x!=y`, `x>1`, values sorted on output.
    [[nodiscard]] std::string toString() const;

    bool operator==(const LabelRequirement&) const = default;
};

/// A label selector: requirements ANDed. Built from kubectl's string form
/// (`a=b,c!=d,e in (x,y),!f`) or from a LabelSelector object
/// (`matchLabels` / `matchExpressions`).
class LabelSelector final {
public:
    /// Matches everything (an empty selector).
    LabelSelector() = default;
    /// Matches nothing (a nil LabelSelector in a Service-less context, or an empty term).
    [[nodiscard]] static LabelSelector nothing();

    /// Parses the string form as `labels.Parse`, with upstream's error texts
    /// (`unable to parse requirement: ...`, `found ',', expected: ...`), code BadRequest.
    [[nodiscard]] static Result<LabelSelector> parse(std::string_view text);
    /// Converts a metav1.LabelSelector (`{matchLabels: ..., matchExpressions: ...}`) as
    /// `metav1.LabelSelectorAsSelector`: null -> nothing, {} -> everything. Errors (code
    /// Invalid) carry upstream's text (`"Foo" is not a valid label selector operator`).
    [[nodiscard]] static Result<LabelSelector> fromJson(const Json& selector);
    /// A plain map selector (Service `spec.selector`, ReplicationController): all pairs equal.
    /// Not validated, as upstream's `SelectorFromSet`.
    [[nodiscard]] static LabelSelector fromMap(const Labels& labels);

    [[nodiscard]] bool matches(const Labels& labels) const;
    [[nodiscard]] bool empty() const { return !m_nothing && m_requirements.empty(); }
    [[nodiscard]] bool matchesNothing() const { return m_nothing; }
    [[nodiscard]] const std::vector<LabelRequirement>& requirements() const { return m_requirements; }
    /// The string form, as upstream's `Selector.String()` (requirements sorted by key).
    [[nodiscard]] std::string toString() const;

    /// Adds a requirement, keeping requirements sorted by key (upstream's `Add`). A selector
    /// that matches nothing stays so.
    void add(LabelRequirement requirement);

    bool operator==(const LabelSelector&) const = default;

private:
    std::vector<LabelRequirement> m_requirements;
    bool m_nothing = false;
};

} // namespace kubelab::core
