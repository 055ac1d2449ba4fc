// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/object.h"

#include <algorithm>
#include <stdexcept>

namespace kubelab::core {

std::strong_ordering compareEtcdKeys(std::string_view ns, std::string_view name, std::string_view otherNs,
                                     std::string_view otherName)
{
    if (ns == otherNs)
        return name.compare(otherName) <=> 0;
    // `ns/` against `otherNs/`: they differ within the namespaces (a namespace has no
    // slash), so the names never decide; a namespace that is a prefix of the other
    // compares its '/' with the other's next character.
    const std::size_t n = std::min(ns.size(), otherNs.size());
    if (int c = ns.substr(0, n).compare(otherNs.substr(0, n)); c != 0)
        return c <=> 0;
    const auto a = static_cast<unsigned char>(ns.size() > n ? ns[n] : '/');
    const auto b = static_cast<unsigned char>(otherNs.size() > n ? otherNs[n] : '/');
    return a <=> b;
}

std::strong_ordering ObjectKey::operator<=>(const ObjectKey& other) const
{
    if (int c = kind.compare(other.kind); c != 0)
        return c <=> 0;
    return compareEtcdKeys(ns, name, other.ns, other.name);
}

std::string ObjectKey::toString() const
{
    std::string out = kind;
    if (!ns.empty())
        out += "/" + ns;
    out += "/" + name;
    return out;
}

namespace {
std::string stringField(const Json& object, const char* section, const char* field)
{
    const Json& f = member(member(object, section), field);
    if (!f.is_string())
        return {};
    return f.get_ref<const std::string&>();
}

Labels mapField(const Json& object, const char* field)
{
    Labels out;
    if (!object.is_object())
        return out;
    auto m = object.find("metadata");
    if (m == object.end() || !m->is_object())
        return out;
    auto l = m->find(field);
    if (l == m->end() || !l->is_object())
        return out;
    for (auto it = l->begin(); it != l->end(); ++it)
        if (it.value().is_string())
            out.emplace(it.key(), it.value().get<std::string>());
    return out;
}
} // namespace

ObjectKey keyOf(const Json& object)
{
    return ObjectKey{kindOf(object), namespaceOf(object), nameOf(object)};
}

std::string kindOf(const Json& object)
{
    if (!object.is_object())
        return {};
    auto k = object.find("kind");
    return k != object.end() && k->is_string() ? k->get<std::string>() : std::string();
}

std::string nameOf(const Json& object) { return stringField(object, "metadata", "name"); }
std::string namespaceOf(const Json& object) { return stringField(object, "metadata", "namespace"); }
std::string uidOf(const Json& object) { return stringField(object, "metadata", "uid"); }

std::string apiGroupOf(const Json& object)
{
    const Json& v = member(object, "apiVersion");
    const std::string_view apiVersion = v.is_string() ? std::string_view(v.get_ref<const std::string&>()) : "";
    const auto slash = apiVersion.find('/');
    return slash == std::string_view::npos ? std::string() : std::string(apiVersion.substr(0, slash));
}

std::string stringAt(const Json& object, const Json::json_pointer& pointer)
{
    if (!object.contains(pointer))
        return {};
    const Json& v = object.at(pointer);
    return v.is_string() ? v.get<std::string>() : std::string();
}

void jsonAssertFailed(const char* condition)
{
    // Almost always a const `json[key]` of a member that is not there.
    throw std::logic_error(std::string("a document was read where it has no such member (") + condition + ")");
}

const Json& member(const Json& object, std::string_view key)
{
    static const Json kNull;
    // The member list itself: Json's own find and iterators cost more than the search, and
    // this runs a few hundred times for each object a request writes.
    const auto* members = object.get_ptr<const Json::object_t*>();
    if (!members)
        return kNull;
    const auto it = members->find(key);
    return it == members->end() ? kNull : it->second;
}

std::string_view memberText(const Json& object, std::string_view key)
{
    const auto* text = member(object, key).get_ptr<const std::string*>();
    return text ? std::string_view(*text) : std::string_view();
}

bool hasFinalizer(const Json& object, std::string_view finalizer)
{
    for (const Json& f : member(member(object, "metadata"), "finalizers"))
        if (f.is_string() && f.get_ref<const std::string&>() == finalizer)
            return true;
    return false;
}

Json withoutFinalizer(const Json& object, std::string_view finalizer)
{
    Json next = object;
    Json kept = Json::array();
    for (const Json& f : member(member(next, "metadata"), "finalizers"))
        if (!(f.is_string() && f.get_ref<const std::string&>() == finalizer))
            kept.push_back(f);
    if (kept.empty())
        next["metadata"].erase("finalizers");
    else
        next["metadata"]["finalizers"] = std::move(kept);
    return next;
}

Labels labelsOf(const Json& object) { return mapField(object, "labels"); }
Labels annotationsOf(const Json& object) { return mapField(object, "annotations"); }

bool isBeingDeleted(const Json& object)
{
    return !stringField(object, "metadata", "deletionTimestamp").empty();
}

std::string conditionStatus(const Json& object, std::string_view type)
{
    for (const Json& c : member(member(object, "status"), "conditions"))
        if (c.value("type", "") == type)
            return c.value("status", "");
    return {};
}

std::optional<Json> controllerRefOf(const Json& object)
{
    static const Json::json_pointer refs("/metadata/ownerReferences");
    if (!object.contains(refs) || !object.at(refs).is_array())
        return std::nullopt;
    for (const Json& ref : object.at(refs))
        if (ref.is_object() && ref.value("controller", false))
            return ref;
    return std::nullopt;
}

} // namespace kubelab::core
