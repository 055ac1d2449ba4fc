// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/bootstrap.h"

#include "core/auth/rbac.h"
#include "core/sim/apiserver.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

std::string nthServiceIp(const Engine& engine, std::uint32_t n)
{
    auto cidr = parseCidr(engine.settings().serviceCidr);
    return formatIpv4((cidr ? cidr->first : 0) + n);
}

const char* kCorefile = R"(.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
)";

Json coreDnsDeployment()
{
    // kubeadm's CoreDNS manifest (cmd/kubeadm/app/phases/addons/dns/manifests.go).
    return Json::parse(R"({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "coredns", "namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}},
  "spec": {
    "replicas": 2,
    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
    "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
    "template": {
      "metadata": {"labels": {"k8s-app": "kube-dns"}},
      "spec": {
        "priorityClassName": "system-cluster-critical",
        "serviceAccountName": "coredns",
        "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
          {"weight": 100, "podAffinityTerm": {"labelSelector": {"matchExpressions": [
            {"key": "k8s-app", "operator": "In", "values": ["kube-dns"]}]},
            "topologyKey": "kubernetes.io/hostname"}}]}},
        "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                        {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "containers": [{
          "name": "coredns",
          "image": "registry.k8s.io/coredns/coredns:v1.11.3",
          "imagePullPolicy": "IfNotPresent",
          "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
          "args": ["-conf", "/etc/coredns/Corefile"],
          "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/coredns", "readOnly": true}],
          "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                    {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                    {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
          "livenessProbe": {"httpGet": {"path": "/health", "port": 8080, "scheme": "HTTP"},
                            "initialDelaySeconds": 60, "timeoutSeconds": 5, "successThreshold": 1, "failureThreshold": 5},
          "readinessProbe": {"httpGet": {"path": "/ready", "port": 8181, "scheme": "HTTP"}}
        }],
        "dnsPolicy": "Default",
        "volumes": [{"name": "config-volume", "configMap": {"name": "coredns",
                     "items": [{"key": "Corefile", "path": "Corefile"}]}}]
      }
    }
  }
})");
}

} // namespace

Status bootstrapLab(Engine& engine)
{
    RequestContext ctx = RequestContext::component("kubeadm");
    ctx.user = "kubernetes-admin";
    std::vector<Json> objects;
    for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"})
        objects.push_back(Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}});
    objects.push_back(Json{{"apiVersion", "scheduling.k8s.io/v1"},
                           {"kind", "PriorityClass"},
                           {"metadata", {{"name", "system-cluster-critical"}}},
                           {"value", 2000000000},
                           {"description", "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."}});
    objects.push_back(Json{{"apiVersion", "scheduling.k8s.io/v1"},
                           {"kind", "PriorityClass"},
                           {"metadata", {{"name", "system-node-critical"}}},
                           {"value", 2000001000},
                           {"description", "Used for system critical pods that must not be moved from their current node."}});
    objects.push_back(Json{
        {"apiVersion", "v1"},
        {"kind", "Service"},
        {"metadata", {{"name", "kubernetes"}, {"namespace", "default"}, {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
        {"spec", {{"clusterIP", nthServiceIp(engine, 1)},
                  {"ports", Json::array({Json{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", 6443}}})},
                  {"type", "ClusterIP"}}}});
    // The API server keeps the `kubernetes` Service's endpoints itself (the control plane's address).
    objects.push_back(Json{{"apiVersion", "v1"},
                           {"kind", "Endpoints"},
                           {"metadata", {{"name", "kubernetes"}, {"namespace", "default"},
                                         {"labels", {{"endpointslice.kubernetes.io/skip-mirror", "true"}}}}},
                           {"subsets", Json::array({Json{{"addresses", Json::array({Json{{"ip", "172.18.0.1"}}})},
                                                         {"ports", Json::array({Json{{"name", "https"}, {"port", 6443}, {"protocol", "TCP"}}})}}})}});
    objects.push_back(Json{{"apiVersion", "v1"},
                           {"kind", "ConfigMap"},
                           {"metadata", {{"name", "coredns"}, {"namespace", "kube-system"}}},
                           {"data", {{"Corefile", kCorefile}}}});
    objects.push_back(Json{{"apiVersion", "v1"},
                           {"kind", "ServiceAccount"},
                           {"metadata", {{"name", "coredns"}, {"namespace", "kube-system"}}}});
    objects.push_back(Json{
        {"apiVersion", "v1"},
        {"kind", "Service"},
        {"metadata",
         {{"name", "kube-dns"},
          {"namespace", "kube-system"},
          {"labels", {{"k8s-app", "kube-dns"}, {"kubernetes.io/cluster-service", "true"}, {"kubernetes.io/name", "CoreDNS"}}},
          {"annotations", {{"prometheus.io/port", "9153"}, {"prometheus.io/scrape", "true"}}}}},
        {"spec", {{"clusterIP", nthServiceIp(engine, 10)},
                  {"selector", {{"k8s-app", "kube-dns"}}},
                  {"ports", Json::array({Json{{"name", "dns"}, {"port", 53}, {"protocol", "UDP"}, {"targetPort", 53}},
                                         Json{{"name", "dns-tcp"}, {"port", 53}, {"protocol", "TCP"}, {"targetPort", 53}},
                                         Json{{"name", "metrics"}, {"port", 9153}, {"protocol", "TCP"}, {"targetPort", 9153}}})}}}});
    objects.push_back(coreDnsDeployment());
    // The API server's rbac/bootstrap-roles post-start hook, and kubeadm's admin binding.
    for (Json& o : rbac::bootstrapPolicy())
        objects.push_back(std::move(o));
    for (Json& o : objects) {
        auto r = engine.create(std::move(o), ctx);
        if (!r)
            return fail(r.error());
    }
    return {};
}

} // namespace kubelab::core
