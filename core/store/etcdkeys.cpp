// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/etcdkeys.h"

#include "core/api/resources.h"
#include "core/store/encryption.h"
#include "core/store/labfile.h"

namespace kubelab::core {

std::string etcdKeyOf(const ObjectKey& key)
{
    const ResourceInfo* r = findResourceByKind(key.kind);
    if (!r || !r->stored)
        return {};
    std::string resource(r->plural);
    if (key.kind == "Service")
        resource = "services/specs";
    else if (key.kind == "Endpoints")
        resource = "services/endpoints";
    else if (key.kind == "Node")
        resource = "minions";
    else if (key.kind == "ReplicationController")
        resource = "controllers";
    else if (key.kind == "Ingress")
        resource = "ingress";
    std::string out = "/registry/" + resource + "/";
    if (!key.ns.empty())
        out += key.ns + "/";
    return out + key.name;
}

namespace {

/// Printable ASCII as it is, every other byte as \xNN.
std::string escapedBytes(std::string_view data)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(data.size() * 2);
    for (unsigned char c : data) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

} // namespace

std::string etcdValue(const LabFile& lab, const Json& object)
{
    if (auto bytes = lab.storedBytes(keyOf(object)); bytes && isEncrypted(*bytes))
        return escapedBytes(*bytes);
    Json stored = object;
    if (stored.contains("metadata") && stored["metadata"].is_object())
        stored["metadata"].erase("resourceVersion");
    return stored.dump();
}

} // namespace kubelab::core
