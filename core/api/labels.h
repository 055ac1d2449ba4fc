// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

/// One requirement of a label selector.
struct LabelRequirement {
    enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan };
    std::string key;
    Op op = Op::Exists;
    std::vector<std::string> values; ///< sorted, as upstream

    [[nodiscard]] bool matches(const Labels& labels) const;
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

    /// Parses the string form as `labels.Parse`, with upstream's error texts.
    [[nodiscard]] static Result<LabelSelector> parse(std::string_view text);
    /// Converts a metav1.LabelSelector (`{matchLabels: ..., matchExpressions: ...}`) as
    /// `metav1.LabelSelectorAsSelector`: null -> nothing, {} -> everything.
    [[nodiscard]] static Result<LabelSelector> fromJson(const Json& selector);
    /// A plain map selector (Service `spec.selector`, ReplicationController): all pairs equal.
    [[nodiscard]] static LabelSelector fromMap(const Labels& labels);

    [[nodiscard]] bool matches(const Labels& labels) const;
    [[nodiscard]] bool empty() const { return !m_nothing && m_requirements.empty(); }
    [[nodiscard]] bool matchesNothing() const { return m_nothing; }
    [[nodiscard]] const std::vector<LabelRequirement>& requirements() const { return m_requirements; }
    /// The string form, as upstream's `Selector.String()` (requirements sorted by key).
    [[nodiscard]] std::string toString() const;

    void add(LabelRequirement requirement);

private:
    std::vector<LabelRequirement> m_requirements;
    bool m_nothing = false;
};

} // namespace kubelab::core
