// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/nodeinfo.h"

#include <algorithm>

namespace kubelab::scheduler {

namespace {

constexpr std::string_view kBindAll = "0.0.0.0";

std::string_view sanitizedIp(std::string_view ip)
{
    return ip.empty() ? kBindAll : ip;
}

std::string_view sanitizedProtocol(std::string_view protocol)
{
    return protocol.empty() ? std::string_view("TCP") : protocol;
}

std::uint64_t nextGeneration()
{
    static std::uint64_t generation = 0;
    return ++generation;
}

std::string pvcKey(const core::Pod& pod, const core::PodVolume& volume)
{
    return pod.ns + "/" + volume.claimName;
}

} // namespace

void HostPortInfo::add(std::string_view ip, std::string_view protocol, std::int32_t port)
{
    if (port <= 0)
        return;
    ip = sanitizedIp(ip);
    protocol = sanitizedProtocol(protocol);
    for (const Entry& e : m_entries)
        if (e.port == port && e.protocol == protocol && e.ip == ip)
            return;
    m_entries.push_back(Entry{std::string(ip), std::string(protocol), port});
}

void HostPortInfo::remove(std::string_view ip, std::string_view protocol, std::int32_t port)
{
    ip = sanitizedIp(ip);
    protocol = sanitizedProtocol(protocol);
    std::erase_if(m_entries, [&](const Entry& e) { return e.port == port && e.protocol == protocol && e.ip == ip; });
}

bool HostPortInfo::checkConflict(std::string_view ip, std::string_view protocol, std::int32_t port) const
{
    if (port <= 0)
        return false;
    ip = sanitizedIp(ip);
    protocol = sanitizedProtocol(protocol);
    for (const Entry& e : m_entries) {
        if (e.port != port || e.protocol != protocol)
            continue;
        if (ip == kBindAll || e.ip == kBindAll || e.ip == ip)
            return true;
    }
    return false;
}

bool samePod(const core::Pod& a, const core::Pod& b)
{
    if (!a.uid.empty() && !b.uid.empty())
        return a.uid == b.uid;
    return a.name == b.name && a.ns == b.ns;
}

std::vector<const core::ContainerPort*> hostPortsOf(const core::Pod& pod)
{
    std::vector<const core::ContainerPort*> out;
    for (const core::Container& c : pod.initContainers) {
        if (!c.isSidecar())
            continue;
        for (const core::ContainerPort& p : c.ports)
            if (p.hostPort > 0)
                out.push_back(&p);
    }
    for (const core::Container& c : pod.containers)
        for (const core::ContainerPort& p : c.ports)
            if (p.hostPort > 0)
                out.push_back(&p);
    return out;
}

NodeInfo::NodeInfo(NodePtr node)
{
    setNode(std::move(node));
}

const std::string& NodeInfo::name() const
{
    static const std::string empty;
    return m_node ? m_node->name : empty;
}

void NodeInfo::setNode(NodePtr node)
{
    m_node = std::move(node);
    m_allocatable = m_node ? m_node->allocatable : core::ResourceAmounts{};
    m_imageSizes.clear();
    if (m_node)
        for (const core::ContainerImage& image : m_node->images)
            for (const std::string& name : image.names)
                m_imageSizes[name] = image.sizeBytes;
    m_generation = nextGeneration();
}

void NodeInfo::clearNode()
{
    setNode(nullptr);
}

void NodeInfo::addPod(PodPtr pod)
{
    if (!pod)
        return;
    update(*pod, +1);
    if (pod->hasAffinity())
        m_podsWithAffinity.push_back(pod);
    if (pod->hasRequiredAntiAffinity())
        m_podsWithRequiredAntiAffinity.push_back(pod);
    m_pods.push_back(std::move(pod));
    m_generation = nextGeneration();
}

bool NodeInfo::removePod(const core::Pod& pod)
{
    auto matches = [&pod](const PodPtr& p) { return samePod(*p, pod); };
    auto it = std::find_if(m_pods.begin(), m_pods.end(), matches);
    if (it == m_pods.end())
        return false;
    const PodPtr stored = *it; // the sums must come off with the values they went on with
    // Upstream swaps the last pod into the hole; the order of pods matters to nothing else.
    *it = std::move(m_pods.back());
    m_pods.pop_back();
    auto dropFrom = [&](std::vector<PodPtr>& list) {
        auto at = std::find_if(list.begin(), list.end(), matches);
        if (at != list.end()) {
            *at = std::move(list.back());
            list.pop_back();
        }
    };
    dropFrom(m_podsWithAffinity);
    dropFrom(m_podsWithRequiredAntiAffinity);
    update(*stored, -1);
    m_generation = nextGeneration();
    return true;
}

bool NodeInfo::hasPod(const core::Pod& pod) const
{
    return std::any_of(m_pods.begin(), m_pods.end(), [&pod](const PodPtr& p) { return samePod(*p, pod); });
}

void NodeInfo::update(const core::Pod& pod, int sign)
{
    if (sign > 0) {
        m_requested.add(pod.requests);
    } else {
        m_requested.subtract(pod.requests);
        std::erase_if(m_requested.scalar, [](const auto& e) { return e.second == 0; });
    }
    m_requested.cpuSet = m_requested.memorySet = false;
    m_nonZeroRequested.milliCpu += sign * pod.nonZeroRequests.milliCpu;
    m_nonZeroRequested.memory += sign * pod.nonZeroRequests.memory;
    for (const core::ContainerPort* port : hostPortsOf(pod)) {
        if (sign > 0)
            m_usedPorts.add(port->hostIP, port->protocol, port->hostPort);
        else
            m_usedPorts.remove(port->hostIP, port->protocol, port->hostPort);
    }
    for (const core::PodVolume& volume : pod.volumes) {
        if (volume.claimName.empty())
            continue;
        const std::string key = pvcKey(pod, volume);
        if (sign > 0) {
            ++m_pvcRefCounts[key];
        } else if (auto it = m_pvcRefCounts.find(key); it != m_pvcRefCounts.end() && --it->second <= 0) {
            m_pvcRefCounts.erase(it);
        }
    }
}

} // namespace kubelab::scheduler
