// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Building blocks shared by the validation files: field paths, upstream's field.Error
// constructors with Go's value printing, total accessors over documents, and the checks
// every group uses (object metadata, labels, selectors, quantities, ports).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/object.h"
#include "core/api/quantity.h"
#include "core/api/validation.h"

namespace kubelab::core::validation {

using ErrorList = std::vector<FieldError>;

/// A field path as upstream's field.Path prints it: `spec.containers[0].resources.limits[cpu]`.
/// Validation builds one at every level it descends, for every object written, and prints
/// almost none: the text lives in the path itself up to kInline characters (no allocation),
/// a longer one on the heap.
class Path final {
public:
    Path() = default;
    explicit Path(std::string_view root) { *this = joined(root, {}, {}, {}); }

    [[nodiscard]] Path child(std::string_view name) const;
    [[nodiscard]] Path child(std::string_view a, std::string_view b) const { return child(a).child(b); }
    [[nodiscard]] Path index(std::size_t i) const;
    [[nodiscard]] Path key(std::string_view k) const;
    [[nodiscard]] std::string_view str() const
    {
        return m_size <= kInline ? std::string_view(m_inline, m_size) : std::string_view(m_long);
    }

private:
    static constexpr std::size_t kInline = 96;
    [[nodiscard]] static Path joined(std::string_view a, std::string_view b, std::string_view c, std::string_view d);

    std::size_t m_size = 0;
    char m_inline[kInline] = {};
    std::string m_long;
};

/// A bad value, already printed as field.Error's ErrorBody prints it.
class Value final {
public:
    /// A Go string, printed with %q.
    [[nodiscard]] static Value string(std::string_view s);
    /// An integer or boolean, printed with %v.
    [[nodiscard]] static Value number(std::int64_t n);
    [[nodiscard]] static Value boolean(bool b);
    /// Any other text, as given (a Stringer's String(), a %#v rendering).
    [[nodiscard]] static Value raw(std::string text);
    /// A JSON scalar as Go would hold it: string -> %q, number -> %v.
    [[nodiscard]] static Value fromJson(const Json& v);
    /// field.OmitValueType: the error prints no value.
    [[nodiscard]] static Value omitted();

    [[nodiscard]] const std::string& text() const { return m_text; }
    [[nodiscard]] bool isOmitted() const { return m_omitted; }

private:
    std::string m_text;
    bool m_omitted = false;
};

// field.Error constructors (k8s.io/apimachinery/pkg/util/validation/field/errors.go).
[[nodiscard]] FieldError required(const Path& path, std::string_view detail = {});
[[nodiscard]] FieldError forbidden(const Path& path, std::string_view detail);
[[nodiscard]] FieldError invalid(const Path& path, const Value& value, std::string_view detail);
[[nodiscard]] FieldError notSupported(const Path& path, const Value& value, const std::vector<std::string>& valid);
[[nodiscard]] FieldError duplicate(const Path& path, const Value& value);
[[nodiscard]] FieldError notFound(const Path& path, const Value& value);
[[nodiscard]] FieldError tooLong(const Path& path, int maxLength);
[[nodiscard]] FieldError tooMany(const Path& path, int actual, int max);

inline void append(ErrorList& to, ErrorList&& more)
{
    to.insert(to.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

// Go printing helpers.
/// Go's %q.
[[nodiscard]] std::string goQuote(std::string_view s);
/// %#v of a map[string]string: `map[string]string{"a":"b", "c":"d"}`, `map[string]string(nil)`.
[[nodiscard]] std::string goMap(const Json* map);
/// %#v of a []string: `[]string{"a", "b"}`, `[]string(nil)`.
[[nodiscard]] std::string goStringSlice(const Json* list);
[[nodiscard]] std::string goStringSlice(const std::vector<std::string>& values);
/// The String() of a *metav1.LabelSelector (gogo protobuf form).
[[nodiscard]] std::string labelSelectorString(const Json& selector);
/// The String() of an intstr.IntOrString: the number or the string, unquoted.
[[nodiscard]] std::string intOrStringText(const Json& v);
/// How %#v prints a pointer field of a struct: `(*int64)(nil)`, or a placeholder address
/// (`(*int64)(0xc000a1b2c8)`) when the field is set.
[[nodiscard]] std::string pointerText(const Json& holder, std::string_view key, std::string_view type);

inline constexpr std::int64_t kMaxInt32 = 2147483647;

// Total accessors: a missing field or a field of another type reads as empty.
/// The object itself, or an empty object for null or a value of another type.
[[nodiscard]] const Json& objectOrEmpty(const Json* j);
[[nodiscard]] const Json* field(const Json& object, std::string_view key);
[[nodiscard]] const Json* objectField(const Json& object, std::string_view key);
[[nodiscard]] const Json* arrayField(const Json& object, std::string_view key);
[[nodiscard]] std::string str(const Json& object, std::string_view key);
[[nodiscard]] bool has(const Json& object, std::string_view key); ///< present and not null
[[nodiscard]] std::optional<std::int64_t> integer(const Json& object, std::string_view key);
[[nodiscard]] std::int64_t intOr(const Json& object, std::string_view key, std::int64_t fallback);
[[nodiscard]] bool boolean(const Json& object, std::string_view key);
/// Number of entries of an object or array field (0 when absent).
[[nodiscard]] std::size_t sizeOf(const Json& object, std::string_view key);
/// The entries of an object of strings, sorted by key (Go ranges over maps in random
/// order; sorted keeps messages stable).
[[nodiscard]] std::map<std::string, std::string> stringMap(const Json* map);
[[nodiscard]] std::vector<std::string> stringList(const Json* list);

// Shared checks.
using NameFn = std::function<std::vector<std::string>(std::string_view name, bool prefix)>;
[[nodiscard]] NameFn nameIsDnsSubdomain();
[[nodiscard]] NameFn nameIsDnsLabel();
[[nodiscard]] NameFn nameIsDns1035Label();
[[nodiscard]] NameFn pathSegmentName();

/// ValidateObjectMeta: name (or generateName), namespace, labels, annotations, finalizers.
[[nodiscard]] ErrorList validateObjectMeta(const Json& object, bool requiresNamespace, const NameFn& nameFn,
                                           const Path& path = Path("metadata"));
[[nodiscard]] ErrorList validateLabels(const Json* labels, const Path& path);
[[nodiscard]] ErrorList validateAnnotations(const Json* annotations, const Path& path);
[[nodiscard]] ErrorList validateQualifiedName(std::string_view value, const Path& path);
[[nodiscard]] ErrorList validateDns1123Label(std::string_view value, const Path& path);
[[nodiscard]] ErrorList validateDns1123Subdomain(std::string_view value, const Path& path);
[[nodiscard]] ErrorList validateNonnegative(std::int64_t value, const Path& path);
/// `must be between <lo> and <hi>, inclusive`.
[[nodiscard]] std::string inclusiveRangeError(std::int64_t lo, std::int64_t hi);
[[nodiscard]] std::vector<std::string> isValidPortNum(std::int64_t port);
[[nodiscard]] std::vector<std::string> isValidPortName(std::string_view port);
/// ValidatePortNumOrName for an IntOrString port.
[[nodiscard]] ErrorList validatePortNumOrName(const Json& port, const Path& path);
[[nodiscard]] std::vector<std::string> isValidIp(std::string_view ip);
[[nodiscard]] bool isIpv4(std::string_view ip);
[[nodiscard]] std::vector<std::string> isConfigMapKey(std::string_view key);
/// IsEnvVarName: `[-._a-zA-Z][-._a-zA-Z0-9]*`, not `.`, `..` or `..`-prefixed.
[[nodiscard]] std::vector<std::string> isEnvVarName(std::string_view name);
[[nodiscard]] std::vector<std::string> isValidPercent(std::string_view percent);

/// ValidateLabelSelector (strict label values) for a metav1.LabelSelector document.
[[nodiscard]] ErrorList validateLabelSelector(const Json& selector, const Path& path);
/// Whether a metav1.LabelSelector matches the labels (null matches nothing, {} everything).
[[nodiscard]] bool selectorMatches(const Json* selector, const Json* labels);
/// True for a selector with no matchLabels and no matchExpressions.
[[nodiscard]] bool selectorEmpty(const Json& selector);
/// Whether metav1.LabelSelectorAsSelector accepts the selector (null is accepted).
[[nodiscard]] bool selectorConvertible(const Json* selector);
/// A pod template's metadata.labels, null when absent.
[[nodiscard]] const Json* templateLabels(const Json& templ);

/// A quantity field (a string, or a number written without quotes).
[[nodiscard]] std::optional<Quantity> parseQuantity(const Json& value, std::string* error = nullptr);
/// ValidateNonnegativeQuantity, after a parse check (upstream rejects an unparsable quantity
/// while decoding; here it is reported on the field with the parser's message).
[[nodiscard]] ErrorList validateNonnegativeQuantity(const Json& value, const Path& path,
                                                    std::optional<Quantity>* out = nullptr);

/// ValidateImmutableField: `field is immutable` with the new value.
[[nodiscard]] ErrorList validateImmutable(const Json* newValue, const Json* oldValue, const Path& path,
                                          const Value& printed);
/// Deep equality of two optional fields, a missing field equal to null.
[[nodiscard]] bool sameField(const Json* a, const Json* b);
/// A diff in the shape of go-cmp's cmp.Diff that upstream appends to some update errors:
/// `  core.PodSpec{` ... `- \tField: old,` / `+ \tField: new,` ... `  }`, descending into
/// objects and equal-length lists, with Go field names made from the JSON names.
[[nodiscard]] std::string specDiff(const Json& oldSpec, const Json& newSpec, std::string_view typeName);

// Per-group entry points (validation_<group>.cpp).
[[nodiscard]] ErrorList validatePodSpec(const Json& spec, const Json* podMeta, const Path& path);
[[nodiscard]] ErrorList validatePodTemplateSpec(const Json& templ, const Path& path);
[[nodiscard]] ErrorList validateTolerations(const Json& tolerations, const Path& path);
[[nodiscard]] ErrorList validateNodeSelectorTerms(const Json& selector, const Path& path);
[[nodiscard]] ErrorList validateResourceRequirements(const Json& requirements, const Path& path);
[[nodiscard]] ErrorList validatePersistentVolumeClaimSpec(const Json& spec, const Path& path, bool isTemplate);
[[nodiscard]] ErrorList validateTaintEffect(const Json& effect, bool allowEmpty, const Path& path);

// Pieces of the pod validation shared between validation_pod, validation_container and
// validation_volume.
/// Valid volumes by name, with the kind of their source (`emptyDir`, `persistentVolumeClaim`).
using VolumeKinds = std::map<std::string, std::string>;
[[nodiscard]] VolumeKinds validateVolumes(const Json* volumes, const Json* podMeta, const Path& path, ErrorList& errors);
[[nodiscard]] ErrorList validateVolumeMounts(const Json* mounts, const Json* devices, const VolumeKinds& volumes,
                                             const Path& path);
[[nodiscard]] ErrorList validateVolumeDevices(const Json* devices, const Json* mounts, const VolumeKinds& volumes,
                                              const Path& path);
/// The field paths a container's environment may select (sorted, as upstream lists them).
[[nodiscard]] const std::vector<std::string>& envFieldPaths();
[[nodiscard]] ErrorList validateObjectFieldSelector(const Json& ref, const std::vector<std::string>& expressions,
                                                    const Path& path);
[[nodiscard]] ErrorList validateResourceFieldRef(const Json& ref, const Path& path, bool volume);
[[nodiscard]] ErrorList validateContainers(const Json* containers, const VolumeKinds& volumes, std::int64_t gracePeriod,
                                           const Path& path);
[[nodiscard]] ErrorList validateInitContainers(const Json* inits, const Json* containers, const VolumeKinds& volumes,
                                               std::int64_t gracePeriod, const Path& path);
[[nodiscard]] ErrorList validatePodSecurityContext(const Json* sc, const Path& path);

[[nodiscard]] ErrorList validatePod(const Json& pod, const Json* old);
[[nodiscard]] ErrorList validateWorkload(const Json& object, const Json* old); ///< apps/v1, batch/v1, HPA, PDB, RC
[[nodiscard]] ErrorList validateJob(const Json& job, const Json* old);
[[nodiscard]] ErrorList validateCronJob(const Json& cronJob, const Json* old);
[[nodiscard]] ErrorList validateCoreKind(const Json& object, const Json* old); ///< Service, PV, PVC, ...
[[nodiscard]] ErrorList validateOtherKind(const Json& object, const Json* old); ///< storage, RBAC, networking, ...

} // namespace kubelab::core::validation
