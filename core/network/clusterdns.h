// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/api/object.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::net {

enum class DnsType { A, SRV, PTR };

struct DnsRecord {
    std::string name;   ///< owner name, fully qualified, without the final dot
    std::string type;   ///< A, SRV, PTR, CNAME
    std::string value;  ///< the address (A), the target name (SRV, PTR, CNAME)
    int priority = 0;   ///< SRV
    int weight = 0;     ///< SRV
    int port = 0;       ///< SRV
};

struct DnsResponse {
    bool nxdomain = true;
    std::vector<DnsRecord> answers;
};

/// CoreDNS's kubernetes plugin for the lab's cluster domain (coredns plugin/kubernetes,
/// `pods insecure`): Service A records (the ClusterIP; a headless Service's ready
/// endpoints), endpoint names `<hostname|a-b-c-d>.<svc>.<ns>.svc`, SRV records for named
/// ports, pod records `<a-b-c-d>.<ns>.pod`, CNAME for ExternalName Services, PTR for
/// ClusterIPs and endpoint IPs; NXDOMAIN for anything else in the zone. Names outside the
/// cluster domain would be forwarded upstream; the lab has no upstream and answers NXDOMAIN.
class ClusterDns final {
public:
    explicit ClusterDns(const Engine& engine);

    [[nodiscard]] DnsResponse query(std::string name, DnsType type) const;
    /// The PTR name for an address (`10.96.0.1` -> `kubernetes.default.svc.cluster.local`).
    [[nodiscard]] std::optional<std::string> reverse(const std::string& ip) const;
    [[nodiscard]] const std::string& domain() const { return m_domain; }

private:
    [[nodiscard]] std::vector<DnsRecord> serviceRecords(const Json& service, const std::string& fqdn, DnsType type,
                                                        const std::string& endpointLabel, const std::string& portLabel,
                                                        const std::string& protoLabel) const;

    const Engine& m_engine;
    std::string m_domain;
};

/// A pod's /etc/resolv.conf as the kubelet writes it (pkg/kubelet/network/dns/dns.go) for its
/// dnsPolicy (ClusterFirst, ClusterFirstWithHostNet, Default, None) and dnsConfig.
struct ResolvConf {
    std::vector<std::string> nameservers;
    std::vector<std::string> searches;
    std::vector<std::string> options;

    [[nodiscard]] int ndots() const;
    [[nodiscard]] std::string text() const;
};

[[nodiscard]] ResolvConf resolvConfFor(const Engine& engine, const Json& pod);

/// What a stub resolver (musl/glibc) finds for `name` with the pod's search path and
/// ndots: the fully qualified name that answered and its addresses, following CNAMEs
/// inside the cluster.
struct Resolution {
    bool found = false;
    std::string fqdn;
    std::vector<std::string> addresses;
    std::vector<std::string> tried; ///< the names asked, in order
};

[[nodiscard]] Resolution resolveHost(const ClusterDns& dns, const ResolvConf& conf, const std::string& name);

} // namespace kubelab::core::net
