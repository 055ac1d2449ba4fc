// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/snapshot.h"

#include <algorithm>

namespace kubelab::scheduler {

std::string podIdentity(const core::Pod& pod)
{
    return pod.uid.empty() ? pod.ns + "/" + pod.name : pod.uid;
}

std::string Snapshot::zoneKey(const core::Node& node)
{
    auto labelOr = [&node](const char* first, const char* second) -> std::string {
        if (const std::string* v = node.label(first))
            return *v;
        if (const std::string* v = node.label(second))
            return *v;
        return {};
    };
    const std::string zone = labelOr("failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/zone");
    const std::string region =
        labelOr("failure-domain.beta.kubernetes.io/region", "topology.kubernetes.io/region");
    if (zone.empty() && region.empty())
        return {};
    std::string key = region;
    key += ':';
    key += '\0';
    key += ':';
    key += zone;
    return key;
}

NodeInfo& Snapshot::entryFor(const std::string& nodeName)
{
    Entry& entry = m_nodes[nodeName];
    if (!entry.info)
        entry.info = std::make_unique<NodeInfo>();
    return *entry.info;
}

void Snapshot::setNode(NodePtr node)
{
    if (!node)
        return;
    const std::string name = node->name;
    Entry& entry = m_nodes[name];
    if (!entry.info)
        entry.info = std::make_unique<NodeInfo>();
    const std::string zone = zoneKey(*node);
    if (const core::Node* old = entry.info->node()) {
        countImages(*old, -1);
        if (entry.zone != zone) {
            treeRemove(name, entry.zone);
            treeAdd(name, zone);
            entry.zone = zone;
        }
    } else {
        treeAdd(name, zone);
        entry.zone = zone;
        m_listDirty = true;
    }
    countImages(*node, +1);
    entry.info->setNode(std::move(node));
    ++m_generation;
}

void Snapshot::removeNode(std::string_view nodeName)
{
    auto it = m_nodes.find(std::string(nodeName));
    if (it == m_nodes.end() || !it->second.info->node())
        return;
    countImages(*it->second.info->node(), -1);
    treeRemove(it->first, it->second.zone);
    if (it->second.info->pods().empty())
        m_nodes.erase(it);
    else
        it->second.info->clearNode(); // pods stay until they are deleted, as upstream's cache keeps them
    m_listDirty = true;
    ++m_generation;
}

void Snapshot::setPod(PodPtr pod)
{
    if (!pod)
        return;
    removePod(*pod);
    if (pod->nodeName.empty() || pod->isTerminal())
        return;
    m_podNode[podIdentity(*pod)] = pod->nodeName;
    m_podsWithAffinity += pod->hasAffinity() ? 1 : 0;
    m_podsWithRequiredAntiAffinity += pod->hasRequiredAntiAffinity() ? 1 : 0;
    entryFor(pod->nodeName).addPod(std::move(pod));
    ++m_generation;
}

bool Snapshot::removePod(const core::Pod& pod)
{
    auto at = m_podNode.find(podIdentity(pod));
    if (at == m_podNode.end())
        return false;
    auto it = m_nodes.find(at->second);
    m_podNode.erase(at);
    if (it == m_nodes.end())
        return false;
    // The counts come off with what the stored pod had (the lists tell).
    NodeInfo& info = *it->second.info;
    const std::size_t withAffinity = info.podsWithAffinity().size();
    const std::size_t withAntiAffinity = info.podsWithRequiredAntiAffinity().size();
    info.removePod(pod);
    m_podsWithAffinity -= withAffinity - info.podsWithAffinity().size();
    m_podsWithRequiredAntiAffinity -= withAntiAffinity - info.podsWithRequiredAntiAffinity().size();
    if (!it->second.info->node() && it->second.info->pods().empty())
        m_nodes.erase(it);
    ++m_generation;
    return true;
}

NodeInfo* Snapshot::get(std::string_view nodeName)
{
    auto it = m_nodes.find(std::string(nodeName));
    return it == m_nodes.end() || !it->second.info->node() ? nullptr : it->second.info.get();
}

const NodeInfo* Snapshot::get(std::string_view nodeName) const
{
    auto it = m_nodes.find(std::string(nodeName));
    return it == m_nodes.end() || !it->second.info->node() ? nullptr : it->second.info.get();
}

const std::vector<NodeInfo*>& Snapshot::list() const
{
    if (!m_listDirty)
        return m_list;
    m_list.clear();
    m_list.reserve(m_treeSize);
    // Upstream nodeTree.list(): the i-th node of every zone in turn.
    for (std::size_t i = 0; m_list.size() < m_treeSize; ++i) {
        bool any = false;
        for (const std::string& zone : m_zones) {
            const std::vector<std::string>& names = m_tree.at(zone);
            if (i < names.size()) {
                any = true;
                auto it = m_nodes.find(names[i]);
                if (it != m_nodes.end() && it->second.info->node())
                    m_list.push_back(it->second.info.get());
            }
        }
        if (!any)
            break;
    }
    m_listDirty = false;
    return m_list;
}

std::vector<NodeInfo*> Snapshot::havePodsWithAffinity() const
{
    std::vector<NodeInfo*> out;
    for (NodeInfo* n : list())
        if (!n->podsWithAffinity().empty())
            out.push_back(n);
    return out;
}

std::vector<NodeInfo*> Snapshot::havePodsWithRequiredAntiAffinity() const
{
    std::vector<NodeInfo*> out;
    for (NodeInfo* n : list())
        if (!n->podsWithRequiredAntiAffinity().empty())
            out.push_back(n);
    return out;
}

int Snapshot::imageNumNodes(std::string_view imageName) const
{
    auto it = m_imageNodes.find(std::string(imageName));
    return it == m_imageNodes.end() ? 0 : it->second;
}

void Snapshot::setNamespace(const std::string& name, core::Labels labels)
{
    m_namespaces[name] = std::move(labels);
    ++m_generation;
}

void Snapshot::removeNamespace(std::string_view name)
{
    if (auto it = m_namespaces.find(name); it != m_namespaces.end()) {
        m_namespaces.erase(it);
        ++m_generation;
    }
}

void Snapshot::setSelector(SelectorOwner kind, const std::string& ns, const std::string& name,
                           core::LabelSelector selector)
{
    m_selectors[std::make_tuple(kind, ns, name)] = std::move(selector);
    ++m_generation;
}

void Snapshot::removeSelector(SelectorOwner kind, const std::string& ns, const std::string& name)
{
    if (m_selectors.erase(std::make_tuple(kind, ns, name)) > 0)
        ++m_generation;
}

const core::LabelSelector* Snapshot::selector(SelectorOwner kind, const std::string& ns,
                                              const std::string& name) const
{
    auto it = m_selectors.find(std::make_tuple(kind, ns, name));
    return it == m_selectors.end() ? nullptr : &it->second;
}

std::vector<const core::LabelSelector*> Snapshot::serviceSelectors(const std::string& ns) const
{
    std::vector<const core::LabelSelector*> out;
    for (auto it = m_selectors.lower_bound(std::make_tuple(SelectorOwner::Service, ns, std::string()));
         it != m_selectors.end() && std::get<0>(it->first) == SelectorOwner::Service && std::get<1>(it->first) == ns;
         ++it)
        out.push_back(&it->second);
    return out;
}

void Snapshot::treeAdd(const std::string& name, const std::string& zone)
{
    auto it = m_tree.find(zone);
    if (it == m_tree.end()) {
        m_zones.push_back(zone);
        it = m_tree.emplace(zone, std::vector<std::string>{}).first;
    }
    if (std::find(it->second.begin(), it->second.end(), name) != it->second.end())
        return;
    it->second.push_back(name);
    ++m_treeSize;
}

void Snapshot::treeRemove(const std::string& name, const std::string& zone)
{
    auto it = m_tree.find(zone);
    if (it == m_tree.end())
        return;
    auto at = std::find(it->second.begin(), it->second.end(), name);
    if (at == it->second.end())
        return;
    it->second.erase(at);
    --m_treeSize;
    if (it->second.empty()) {
        m_tree.erase(it);
        std::erase(m_zones, zone);
    }
}

void Snapshot::countImages(const core::Node& node, int sign)
{
    // A node lists each name once; count nodes per name as upstream's image states do.
    for (const core::ContainerImage& image : node.images) {
        for (const std::string& name : image.names) {
            int& n = m_imageNodes[name];
            n += sign;
            if (n <= 0)
                m_imageNodes.erase(name);
        }
    }
}

void Snapshot::setStorageObject(const core::ObjectKey& key, std::shared_ptr<const core::Json> object)
{
    if (object)
        m_storage[key] = std::move(object);
    else
        m_storage.erase(key);
    ++m_generation;
}

std::shared_ptr<const core::Json> Snapshot::storageObject(const core::ObjectKey& key) const
{
    auto it = m_storage.find(key);
    return it == m_storage.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const core::Json>> Snapshot::persistentVolumes() const
{
    std::vector<std::shared_ptr<const core::Json>> out;
    for (auto it = m_storage.lower_bound(core::ObjectKey{"PersistentVolume", "", ""});
         it != m_storage.end() && it->first.kind == "PersistentVolume"; ++it)
        out.push_back(it->second);
    return out;
}

} // namespace kubelab::scheduler
