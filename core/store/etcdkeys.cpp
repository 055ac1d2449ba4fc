// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/etcdkeys.h"

#include "core/api/resources.h"

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

} // namespace kubelab::core
