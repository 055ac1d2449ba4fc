// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

/// A field selector (`kubectl get --field-selector`, `?fieldSelector=`) as the API server
/// reads it: terms `FIELD=VALUE`, `FIELD==VALUE` or `FIELD!=VALUE`, comma separated
/// (fields.ParseSelector). Each field must be one its kind offers for selection: every kind
/// `metadata.name` and `metadata.namespace`, and some kinds more (the field label conversion
/// functions and ToSelectableFields of upstream's registry: a pod's `spec.nodeName` and
/// `status.phase`, a node's `spec.unschedulable`, an event's `involvedObject.name`, ...).
struct FieldSelector {
    struct Term {
        std::string field;
        std::string value;
        bool negate = false;
    };
    std::vector<Term> terms;

    [[nodiscard]] static Result<FieldSelector> parse(std::string_view text);
    /// Checks every field against what `kind` offers, as the API server converts field labels
    /// (a BadRequest with its message otherwise: `field label not supported: spec.foo`), and
    /// maps the old names it still accepts (a pod's `spec.host` is `spec.nodeName`).
    [[nodiscard]] Status supportedBy(std::string_view kind);
    [[nodiscard]] bool matches(const Json& object) const;
    [[nodiscard]] bool empty() const { return terms.empty(); }
};

/// The value one selectable field of an object has for a field selector, as upstream's
/// ToSelectableFields computes it (a bool as `true`/`false`, a count as digits, an absent
/// field as empty).
[[nodiscard]] std::string selectableField(const Json& object, std::string_view field);

} // namespace kubelab::core
