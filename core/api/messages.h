// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/language.h"
#include "core/api/object.h"

namespace kubelab::core {

/// One explanation in both languages. Placeholders are `{name}`, filled from a JSON
/// object's member `name` (a string as is, a number in decimal, an object with a
/// `messageKey` rendered as a message of its own in the same language). Both texts name
/// the same placeholders. Kubernetes' own texts that a message quotes (a FitError, an
/// event message) arrive through a placeholder and stay English.
struct MessageTemplate {
    std::string_view key;
    std::string_view english;
    std::string_view chinese;
};

/// The catalogue of what KubeLab itself says to a learner: story events and the plain
/// words of `klab why`. One place, so a missing translation is one test away.
inline constexpr std::array kMessages = std::to_array<MessageTemplate>({
    // --- apiserver -----------------------------------------------------------------------
    {"apiserver.created", "{kind} {name} stored in etcd by {actor}", "{actor} 创建的 {kind} {name} 已写入 etcd"},
    {"apiserver.deleted", "{kind} {name} removed from etcd by {actor}", "{actor} 删除了 {kind} {name}，它已从 etcd 移除"},
    {"apiserver.encryptionConfigured",
     "encryption at rest configured: new writes of Secrets use {secrets}; objects already stored keep their bytes until "
     "they are written again",
     "静态加密已配置：此后写入的 Secret 使用 {secrets}；已存储的对象保持原样，直到它们被再次写入"},
    // --- kubelet and node power ----------------------------------------------------------
    {"node.stopped", "node {node} is powered off: its kubelet stops renewing its Lease and posting node status",
     "节点 {node} 已关机：它的 kubelet 不再续约 Lease，也不再上报节点状态"},
    {"node.started", "node {node} is powered on: its kubelet renews its Lease and reports the node Ready",
     "节点 {node} 已开机：它的 kubelet 重新续约 Lease，并报告节点 Ready"},
    {"kubelet.nodeRegistered", "kubelet registered node {node} and reports it Ready",
     "kubelet 注册了节点 {node}，并报告它 Ready"},
    {"kubelet.started", "kubelet started the pod's containers", "kubelet 启动了 Pod 的容器"},
    {"kubelet.phase", "kubelet reports the pod {phase}", "kubelet 报告 Pod 进入 {phase} 阶段"},
    {"kubelet.rejected", "kubelet rejected the pod: {message}", "kubelet 拒绝了该 Pod：{message}"},
    {"kubelet.admitted", "kubelet admitted the pod; its IP is {podIP}", "kubelet 接纳了该 Pod，它的 IP 是 {podIP}"},
    {"kubelet.terminated", "kubelet stopped the pod's containers and released it",
     "kubelet 停止了 Pod 的容器并释放了它"},
    {"nodeipam.cidrAssigned", "node {node} gets pod CIDR {podCIDR}", "节点 {node} 分到 Pod 网段 {podCIDR}"},
    {"servicelb.ensured", "the load balancer of Service {service} answers at {ip}", "Service {service} 的负载均衡器地址是 {ip}"},
    {"nodeipam.cidrNotAvailable", "node {node} gets no pod CIDR: every /24 of the cluster CIDR {clusterCIDR} is taken; its pods get no IP",
     "节点 {node} 分不到 Pod 网段：集群网段 {clusterCIDR} 的每个 /24 都已分出，它上面的 Pod 拿不到 IP"},
    // --- controller-manager --------------------------------------------------------------
    {"endpoints.updated", "endpoint-controller: service {service} now has {ready} ready endpoint(s)",
     "endpoint-controller：Service {service} 现在有 {ready} 个就绪端点"},
    {"endpointslice.updated", "endpointslice-controller: service {service} has {endpoints} endpoint(s) in its EndpointSlices",
     "endpointslice-controller：Service {service} 的 EndpointSlice 中共有 {endpoints} 个端点"},
    {"gc.deleted", "{kind} {name} deleted by the garbage collector: its owner is gone",
     "垃圾回收器删除了 {kind} {name}：它的属主已不存在"},
    {"namespace.deleted", "namespace {namespace} is empty; its kubernetes finalizer is removed",
     "命名空间 {namespace} 已清空，它的 kubernetes finalizer 被移除"},
    {"deployment.newReplicaSet", "deployment-controller created replica set {replicaSet} (revision {revision}) at {to} replicas",
     "deployment-controller 创建了 ReplicaSet {replicaSet}（修订版本 {revision}），副本数 {to}"},
    {"deployment.scaledUp", "Scaled up replica set {replicaSet} to {to} from {from} ({why})",
     "ReplicaSet {replicaSet} 从 {from} 个副本扩容到 {to} 个（{why}）"},
    {"deployment.scaledDown", "Scaled down replica set {replicaSet} to {to} from {from} ({why})",
     "ReplicaSet {replicaSet} 从 {from} 个副本缩容到 {to} 个（{why}）"},
    {"deployment.why.proportional", "proportional scaling of replicas {replicas}", "按比例分配 {replicas} 个副本"},
    {"deployment.why.moreThanDesired", "more than desired", "多于期望的副本数"},
    {"deployment.why.surge", "maxSurge {maxSurge} allows {allowed} pods in all",
     "maxSurge {maxSurge} 允许总共 {allowed} 个 Pod"},
    {"deployment.why.unavailableOld", "removing old pods that are not available", "先移除不可用的旧 Pod"},
    {"deployment.why.keepAvailable", "maxUnavailable {maxUnavailable} keeps {minAvailable} available",
     "maxUnavailable {maxUnavailable} 要求至少 {minAvailable} 个可用"},
    {"deployment.why.recreateOldFirst", "Recreate: all old pods go first", "Recreate 策略：旧 Pod 全部先删除"},
    {"deployment.why.recreateOldGone", "Recreate: old pods are gone", "Recreate 策略：旧 Pod 已全部删除"},
    {"replicaset.podCreated", "replicaset-controller created pod {pod} for {replicaSet} ({index}/{replicas})",
     "replicaset-controller 为 {replicaSet} 创建了 Pod {pod}（{index}/{replicas}）"},
    {"replicaset.podDeleted", "replicaset-controller deleted pod {pod} to scale {replicaSet} down to {replicas}",
     "replicaset-controller 删除了 Pod {pod}，把 {replicaSet} 缩容到 {replicas} 个"},
    {"statefulset.podCreated", "statefulset-controller created pod {pod} (ordinal {ordinal} of {replicas})",
     "statefulset-controller 创建了 Pod {pod}（序号 {ordinal}，共 {replicas} 个）"},
    {"statefulset.podDeleted", "statefulset-controller deleted pod {pod} {why}",
     "statefulset-controller 删除了 Pod {pod}：{why}"},
    {"statefulset.why.replace", "to replace it ({phase})", "以替换它（{phase}）"},
    {"statefulset.why.scaleDown", "to scale down to {replicas}", "以缩容到 {replicas} 个"},
    {"statefulset.why.update", "to update it to revision {revision}", "以更新到修订版本 {revision}"},
    {"daemonset.podCreated", "daemonset-controller created pod {pod} for node {node}",
     "daemonset-controller 为节点 {node} 创建了 Pod {pod}"},
    {"daemonset.podDeleted", "daemonset-controller deleted pod {pod} of {daemonSet}",
     "daemonset-controller 删除了 {daemonSet} 的 Pod {pod}"},
    {"job.podCreated", "job-controller created pod {pod} for job {job}", "job-controller 为 Job {job} 创建了 Pod {pod}"},
    {"job.completed", "job-controller: job {job} completed ({succeeded} succeeded)",
     "job-controller：Job {job} 已完成（{succeeded} 个成功）"},
    {"job.failed", "job-controller: job {job} failed: {message}", "job-controller：Job {job} 失败：{message}"},
    {"job.expired", "ttl-after-finished-controller deleted job {job} (ttlSecondsAfterFinished reached)",
     "ttl-after-finished-controller 删除了 Job {job}（已到 ttlSecondsAfterFinished）"},
    {"pv.claimBound", "persistentvolume-controller bound claim {claim} to volume {volume} ({capacity})",
     "persistentvolume-controller 把卷申领 {claim} 绑定到卷 {volume}（{capacity}）"},
    {"pv.provisioned", "{provisioner} provisioned volume {volume} ({capacity}) for claim {claim}",
     "{provisioner} 为卷申领 {claim} 制备了卷 {volume}（{capacity}）"},
    {"pv.resized", "external-resizer {driver} expanded volume {volume} to {capacity} for claim {claim}",
     "external-resizer {driver} 为卷申领 {claim} 把卷 {volume} 扩容到 {capacity}"},
    {"pv.fileSystemResized", "kubelet on {node} finished the file system resize of volume {volume}: claim {claim} now has {capacity}",
     "{node} 上的 kubelet 完成了卷 {volume} 的文件系统扩容：卷申领 {claim} 现有 {capacity}"},
    {"pv.deleted", "persistentvolume-controller deleted volume {volume} (reclaim policy Delete) after claim {claim} was deleted",
     "卷申领 {claim} 被删除后，persistentvolume-controller 删除了卷 {volume}（回收策略 Delete）"},
    {"hpa.rescaled", "horizontal-pod-autoscaler scaled {target} from {from} to {to}: {reason}",
     "horizontal-pod-autoscaler 把 {target} 从 {from} 个副本调整为 {to} 个：{reason}"},
    {"nodelifecycle.statusUnknown",
     "node-lifecycle-controller saw no heartbeat from {node} for {lastHeartbeatSeconds}s (grace period {gracePeriodSeconds}s): its conditions become Unknown",
     "node-lifecycle-controller 已有 {lastHeartbeatSeconds} 秒没有收到 {node} 的心跳（宽限期 {gracePeriodSeconds} 秒）：它的状况变为 Unknown"},
    {"nodelifecycle.evictionScheduled",
     "taint-eviction-controller will delete pod {pod} at {at}: it tolerates the NoExecute taints of {node} for {tolerationSeconds}s",
     "taint-eviction-controller 将在 {at} 删除 Pod {pod}：它只容忍 {node} 的 NoExecute 污点 {tolerationSeconds} 秒"},
    {"nodelifecycle.taintEviction", "taint-eviction-controller deletes pod {pod}: it does not tolerate the NoExecute taints of {node}",
     "taint-eviction-controller 删除 Pod {pod}：它不容忍 {node} 的 NoExecute 污点"},
    {"nodelifecycle.taintEvictionExpired",
     "taint-eviction-controller deletes pod {pod}: it does not tolerate the NoExecute taints of {node} any longer",
     "taint-eviction-controller 删除 Pod {pod}：它对 {node} 的 NoExecute 污点的容忍时间已到"},
    // --- scheduler -----------------------------------------------------------------------
    {"scheduler.configured", "kube-scheduler restarted with a new configuration ({profiles} profile(s))",
     "kube-scheduler 以新配置重启（{profiles} 个调度配置）"},
    {"scheduler.scheduled", "scheduler chose {node} for {pod} ({feasibleNodes} of {evaluatedNodes} nodes feasible)",
     "调度器为 {pod} 选择了 {node}（{evaluatedNodes} 个节点中有 {feasibleNodes} 个可行）"},
    {"scheduler.failed", "{message}", "无法调度：{message}"},
    {"scheduler.bindingRejected", "binding rejected: {message}", "绑定被拒绝：{message}"},
    {"scheduler.preempted", "scheduler preempted {pod} (priority {priority}) to make room for {preemptor} (priority {preemptorPriority})",
     "调度器抢占了 {pod}（优先级 {priority}），为 {preemptor}（优先级 {preemptorPriority}）腾出位置"},
    {"scheduler.volumeChosen", "scheduler chose volume {volume} on {node} for claim {claim}",
     "调度器为卷申领 {claim} 选择了 {node} 上的卷 {volume}"},
    {"scheduler.nodeSelected", "scheduler selected {node} for claim {claim} (WaitForFirstConsumer)",
     "调度器为卷申领 {claim} 选定了节点 {node}（WaitForFirstConsumer）"},
    // --- the network, as `klab exec POD -- curl|wget URL` uses it ---------------------------
    {"network.resolved", "{client} looked up {name}: CoreDNS answered {address} ({fqdn})",
     "{client} 查询 {name}：CoreDNS 答复 {address}（{fqdn}）"},
    {"network.nxdomain", "{client} looked up {name}: CoreDNS answered NXDOMAIN",
     "{client} 查询 {name}：CoreDNS 答复 NXDOMAIN（不存在）"},
    {"network.connectedService",
     "{client} connected to {address}:{port}: kube-proxy's {rule} picked endpoint {endpoint} ({pod})",
     "{client} 连接 {address}:{port}：kube-proxy 的 {rule} 选中了端点 {endpoint}（{pod}）"},
    {"network.connected", "{client} connected to {address}:{port} ({pod}), pod to pod without NAT",
     "{client} 连接 {address}:{port}（{pod}），Pod 之间直连，没有 NAT"},
    {"network.connectedServiceHost",
     "{client} connected to {address}:{port}: kube-proxy's {rule} picked endpoint {endpoint} (not a pod)",
     "{client} 连接 {address}:{port}：kube-proxy 的 {rule} 选中了端点 {endpoint}（不是 Pod）"},
    {"network.connectedHost", "{client} connected to {address}:{port} (a node or the API server, not a pod)",
     "{client} 连接 {address}:{port}（一个节点或 API server，不是 Pod）"},
    {"network.refused", "{client} to {address}:{port}: connection refused (no ready endpoint, or nothing listening)",
     "{client} 连接 {address}:{port}：连接被拒绝（没有就绪的端点，或没有进程在监听）"},
    {"network.dropped", "{client} to {address}:{port}: NetworkPolicy {policy} dropped the connection ({direction})",
     "{client} 连接 {address}:{port}：NetworkPolicy {policy} 丢弃了这个连接（{direction}）"},
    {"network.noLocalEndpoints",
     "{client} to {address}:{port}: {service} keeps its traffic on the node (Local traffic policy) and no endpoint of it runs on {proxyNode}: kube-proxy dropped the connection",
     "{client} 连接 {address}:{port}：{service} 的流量策略是 Local，只走本节点，而 {proxyNode} 上没有它的端点：kube-proxy 丢弃了这个连接"},
    {"network.unreachable", "{client} to {address}:{port}: no route, nothing in the lab owns that address",
     "{client} 连接 {address}:{port}：没有路由，实验室里没有谁拥有这个地址"},
    {"network.ingressRouted",
     "{client} asked for {host}{path}: the ingress controller matched Ingress {ingress} and sent it to Service {serviceName}:{servicePort}, endpoint {endpoint} ({pod})",
     "{client} 请求 {host}{path}：Ingress 控制器匹配到 Ingress {ingress}，转给 Service {serviceName}:{servicePort}，端点 {endpoint}（{pod}）"},
    {"network.ingressNotFound", "{client} asked for {host}{path}: no Ingress rule matches and there is no default backend, nginx answered 404",
     "{client} 请求 {host}{path}：没有匹配的 Ingress 规则，也没有默认后端，nginx 答复 404"},
    {"network.ingressUnavailable",
     "{client} asked for {host}{path}: Ingress {ingress} sends it to Service {serviceName}:{servicePort}, which has no ready endpoint on that port, nginx answered 503",
     "{client} 请求 {host}{path}：Ingress {ingress} 把它转给 Service {serviceName}:{servicePort}，但该端口没有就绪的端点，nginx 答复 503"},
    // --- klab why ------------------------------------------------------------------------
    {"why.header", "Pod {pod} (scheduler {scheduler}): {result}", "Pod {pod}（调度器 {scheduler}）：{result}"},
    {"why.selected", "Selected node: {node}", "选中的节点：{node}"},
    {"why.message", "Message: {message}", "消息：{message}"},
    {"why.inPlainWords", "In plain words:", "通俗地说："},
    {"why.scheduled",
     "{feasible} of {evaluated} node(s) passed every filter; the score plugins ranked them and {node} had the highest total ({total}).",
     "{evaluated} 个节点中有 {feasible} 个通过了全部过滤插件；打分插件给它们排序，{node} 的总分最高（{total}）。"},
    {"why.onlyOne",
     "Of the {evaluated} node(s) only {node} passed every filter, so it was chosen without scoring (kube-scheduler scores only when there is a choice).",
     "{evaluated} 个节点中只有 {node} 通过了全部过滤插件，所以不打分直接选中它（kube-scheduler 只在有多个候选时才打分）。"},
    {"why.tie", "{count} node(s) shared the highest total; the scheduler picked one of them at random, as kube-scheduler does.",
     "有 {count} 个节点并列最高分；调度器像 kube-scheduler 一样从中随机挑了一个。"},
    {"why.unschedulable", "None of the {evaluated} node(s) passed every filter, so the pod stays Pending.",
     "{evaluated} 个节点都没有通过全部过滤插件，所以 Pod 保持 Pending。"},
    {"why.failedFilter", "{count} node(s) were filtered out by {plugin} ({about}): {reason}",
     "{count} 个节点被 {plugin}（{about}）过滤掉：{reason}"},
    {"why.nominated", "Preemption nominated node {node}: lower-priority pods there are evicted to make room.",
     "抢占提名了节点 {node}：那里优先级更低的 Pod 会被驱逐以腾出位置。"},
    {"why.retry", "The scheduler tries again when the cluster changes in a way that can help (a node is added, a pod is deleted, a taint is removed).",
     "当集群发生可能有帮助的变化（新增节点、删除 Pod、移除污点）时，调度器会再次尝试。"},
    {"why.oldNames", "Older notes name these plugins differently:", "旧资料中这些插件的名字不同："},
    {"why.oldName", "{plugin} was {old}", "{plugin} 以前叫 {old}"},
    // --- plugins in plain words ----------------------------------------------------------
    {"plugin.NodeResourcesFit", "the node's free CPU, memory and pod slots (requests, not usage)",
     "节点剩余的 CPU、内存和 Pod 数量（按 requests 计，而非实际用量）"},
    {"plugin.NodeResourcesBalancedAllocation", "how evenly CPU and memory would be used", "CPU 与内存的使用是否均衡"},
    {"plugin.TaintToleration", "the node's taints against the pod's tolerations", "节点的污点与 Pod 的容忍度"},
    {"plugin.NodeAffinity", "nodeSelector and node affinity terms", "nodeSelector 与节点亲和性规则"},
    {"plugin.NodeName", "spec.nodeName", "spec.nodeName"},
    {"plugin.NodePorts", "host ports already taken on the node", "节点上已被占用的 hostPort"},
    {"plugin.NodeUnschedulable", "a cordoned node (spec.unschedulable)", "被 cordon 的节点（spec.unschedulable）"},
    {"plugin.InterPodAffinity", "pod affinity and anti-affinity with the pods already there", "与已有 Pod 的亲和性和反亲和性"},
    {"plugin.PodTopologySpread", "spreading pods evenly over topology domains (zones, nodes)",
     "把 Pod 均匀分布到拓扑域（可用区、节点）"},
    {"plugin.ImageLocality", "whether the node already has the pod's images", "节点上是否已有 Pod 的镜像"},
    {"plugin.VolumeBinding", "whether the pod's claims can bind to volumes reachable from the node",
     "Pod 的卷申领能否绑定到该节点可访问的卷"},
    {"plugin.VolumeRestrictions", "volumes that cannot be shared (ReadWriteOncePod, conflicting disks)",
     "不能共享的卷（ReadWriteOncePod、冲突的磁盘）"},
    {"plugin.VolumeZone", "the zone of the pod's volumes", "Pod 所用卷所在的可用区"},
    {"plugin.NodeVolumeLimits", "how many volumes the node can attach", "节点可挂载卷的数量上限"},
    // --- klab serve ------------------------------------------------------------------------
    {"serve.serving", "Serving the lab's API server on {url} ({transport})", "实验环境的 API server 已在 {url} 上提供服务（{transport}）"},
    {"serve.transport.https", "HTTPS, certificate signed by the lab's CA", "HTTPS，证书由实验环境的 CA 签发"},
    {"serve.transport.httpsLocal", "HTTPS, certificate signed by the lab's CA, this machine only",
     "HTTPS，证书由实验环境的 CA 签发，仅限本机"},
    {"serve.transport.http", "plain HTTP", "明文 HTTP"},
    {"serve.transport.httpLocal", "plain HTTP, this machine only", "明文 HTTP，仅限本机"},
    {"serve.kubeconfig", "Kubeconfig: {path}", "Kubeconfig：{path}"},
    {"serve.useIt", "Use it with: export KUBECONFIG={path}; kubectl get nodes",
     "使用方法：export KUBECONFIG={path}; kubectl get nodes"},
    {"serve.stop", "Press Ctrl+C to stop.", "按 Ctrl+C 停止。"},
    {"serve.stopped", "Stopped serving.", "已停止服务。"},
});

/// A key of `kMessages`, checked when the program is compiled: `MessageKey("node.stopped")`.
class MessageKey final {
public:
    consteval MessageKey(const char* key) // NOLINT(google-explicit-constructor): keys are written as literals
        : m_key(key)
    {
        bool known = false;
        for (const MessageTemplate& m : kMessages)
            known = known || m.key == m_key;
        if (!known)
            throw "unknown message key: add it to kMessages in core/api/messages.h";
    }
    [[nodiscard]] constexpr std::string_view view() const { return m_key; }

private:
    std::string_view m_key;
};

/// The template of `key`, or null.
[[nodiscard]] const MessageTemplate* findMessage(std::string_view key);
/// The placeholder names of a template, in order of appearance (duplicates kept).
[[nodiscard]] std::vector<std::string> placeholdersOf(std::string_view text);
/// The message `key` in `language`, its placeholders filled from `data`. An unknown key
/// gives the key itself; a missing value leaves its `{name}`.
[[nodiscard]] std::string formatMessage(std::string_view key, const Json& data, Language language);
/// A nested message for a placeholder: `{"messageKey": key, ...data}`.
[[nodiscard]] Json messageValue(MessageKey key, Json data = Json::object());
/// The text of a story event in `language`: its catalogue message when `data` names one
/// (`messageKey`), else `fallback` (the English text stored with events written before the
/// catalogue).
[[nodiscard]] std::string storyText(const Json& data, std::string_view fallback, Language language);

} // namespace kubelab::core
