<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PodState</name>
    <message>
        <source>Pending: waiting for the scheduler</source>
        <translation>Pending：等待调度器分配节点</translation>
    </message>
    <message>
        <source>Pending on its node</source>
        <translation>Pending：已分配节点，尚未启动</translation>
    </message>
    <message>
        <source>Creating containers (pulling images)</source>
        <translation>正在创建容器（拉取镜像）</translation>
    </message>
    <message>
        <source>Running and Ready</source>
        <translation>运行中且已就绪</translation>
    </message>
    <message>
        <source>Running, not Ready yet</source>
        <translation>运行中，尚未就绪</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message numerus="yes">
        <source>Failed or crashing (%n restart(s))</source>
        <translation>
            <numerusform>失败或反复崩溃（已重启 %n 次）</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot pull its image</source>
        <translation>无法拉取镜像</translation>
    </message>
    <message>
        <source>Terminating</source>
        <translation>正在终止</translation>
    </message>
    <message>
        <source>Unknown: its node stopped reporting</source>
        <translation>Unknown：所在节点已失联</translation>
    </message>
    <message>
        <source>Preempted: the scheduler evicts it to make room for a higher-priority pod</source>
        <translation>被抢占：调度器驱逐它，为优先级更高的 Pod 腾出空间</translation>
    </message>
    <message>
        <source>Evicted: its node has a NoExecute taint it does not tolerate</source>
        <translation>被驱逐：它所在的节点有一个它不容忍的 NoExecute 污点</translation>
    </message>
    <message>
        <source>Evicted through the Eviction API (as kubectl drain does)</source>
        <translation>通过 Eviction API 被驱逐（kubectl drain 就是这样做的）</translation>
    </message>
    <message>
        <source>Deleted by the pod garbage collector: its node is gone</source>
        <translation>被 Pod 垃圾回收器删除：它的节点已经不在了</translation>
    </message>
    <message>
        <source>Terminated by the kubelet (node pressure or shutdown)</source>
        <translation>被 kubelet 终止（节点资源压力或关机）</translation>
    </message>
    <message>
        <source>Disrupted: %1</source>
        <translation>被中断：%1</translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::DecisionOverlay</name>
    <message>
        <source>Nominated: preemption evicts %1 here</source>
        <translation>已提名：抢占将在此驱逐 %1</translation>
    </message>
    <message>
        <source>Filtered out:
%1</source>
        <translation>被过滤：
%1</translation>
    </message>
    <message>
        <source>Chosen: score %1</source>
        <translation>选中：得分 %1</translation>
    </message>
    <message>
        <source>Score %1</source>
        <translation>得分 %1</translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::IngressItem</name>
    <message>
        <source>default backend → %1</source>
        <translation>默认后端 → %1</translation>
    </message>
    <message>
        <source>Ingress %1: requests from outside come in here and go to the Service of the rule that matches their host and path (the longest path wins; Exact before Prefix)</source>
        <translation>Ingress %1：来自集群外的请求从这里进来，按主机名和路径匹配规则，转给该规则的 Service（路径最长者优先；长度相同时 Exact 先于 Prefix）</translation>
    </message>
    <message>
        <source>TLS for %1</source>
        <translation>TLS 覆盖 %1</translation>
    </message>
    <message>
        <source>default class</source>
        <translation>默认类</translation>
    </message>
    <message>
        <source>on every node&apos;s port %1</source>
        <translation>在每个节点的 %1 端口</translation>
    </message>
    <message>
        <source>address %1</source>
        <translation>地址 %1</translation>
    </message>
    <message>
        <source>(no rules: every request gets 404)</source>
        <translation>（没有规则：每个请求都得到 404）</translation>
    </message>
    <message>
        <source>TLS: %1</source>
        <translation>TLS：%1</translation>
    </message>
    <message>
        <source>The ingress controller answers at %1 (its ADDRESS)</source>
        <translation>Ingress 控制器在 %1 上应答（即它的 ADDRESS）</translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::LabScene</name>
    <message>
        <source>Scheduling
queue</source>
        <translation>调度
队列</translation>
    </message>
    <message>
        <source>Pods waiting for the scheduler to choose a node</source>
        <translation>等待调度器为其选择节点的 Pod</translation>
    </message>
    <message>
        <source>Nodes without a zone</source>
        <translation>未设置可用区的节点</translation>
    </message>
    <message>
        <source>Zone %1</source>
        <translation>可用区 %1</translation>
    </message>
    <message numerus="yes">
        <source>+%n more waiting</source>
        <translation>
            <numerusform>另有 %n 个在等待</numerusform>
        </translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Service（服务）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Bound: the claim uses this volume</source>
        <translation>已绑定：该申领使用这个卷</translation>
    </message>
    <message>
        <source>Namespaces: %1</source>
        <translation>命名空间：%1</translation>
    </message>
    <message>
        <source>No nodes yet. Drag a Node from the palette onto the canvas,
or type &quot;add node node-1&quot; in the console.</source>
        <translation>还没有节点。从组件面板把 Node 拖到画布上，
或在控制台输入 &quot;add node node-1&quot;。</translation>
    </message>
    <message>
        <source>Pending: waits for a pod</source>
        <translation>Pending：等待 Pod 被调度</translation>
    </message>
    <message>
        <source>Pending: no volume fits</source>
        <translation>Pending：没有合适的卷</translation>
    </message>
    <message>
        <source>Bound: grows when mounted</source>
        <translation>Bound：挂载后扩容</translation>
    </message>
    <message>
        <source>Storage: claims (top) bind to volumes (middle); classes (bottom) make volumes</source>
        <translation>存储：PVC（上）绑定到 PV（中）；StorageClass（下）按需创建 PV</translation>
    </message>
    <message>
        <source>Provisioned: the class&apos;s provisioner made this volume for a claim</source>
        <translation>动态制备：这个类别的 provisioner 为某个 PVC 创建了这个卷</translation>
    </message>
    <message>
        <source>Chosen: the smallest volume that fits the claim</source>
        <translation>选中：满足这个 PVC 的最小的卷</translation>
    </message>
    <message>
        <source>A candidate: this volume would fit the claim too</source>
        <translation>候选：这个卷也能满足这个 PVC</translation>
    </message>
    <message>
        <source>DNS: %1 does not exist (NXDOMAIN)</source>
        <translation>DNS：%1 不存在（NXDOMAIN）</translation>
    </message>
    <message>
        <source>DNS: %1 is %2</source>
        <translation>DNS：%1 是 %2</translation>
    </message>
    <message>
        <source>Pod to pod, no NAT</source>
        <translation>Pod 到 Pod，没有 NAT</translation>
    </message>
    <message>
        <source>kube-proxy %1 chose %2</source>
        <translation>kube-proxy 的 %1 选中了 %2</translation>
    </message>
    <message>
        <source>Dropped by NetworkPolicy %1</source>
        <translation>被 NetworkPolicy %1 丢弃</translation>
    </message>
    <message>
        <source>Refused: no ready endpoint</source>
        <translation>被拒绝：没有就绪的端点</translation>
    </message>
    <message>
        <source>No route to %1</source>
        <translation>没有到 %1 的路由</translation>
    </message>
    <message>
        <source>Ingress: the way in from outside</source>
        <translation>Ingress：从集群外进来的入口</translation>
    </message>
    <message>
        <source>Ingress %1 sends %2%3 to Service %4</source>
        <translation>Ingress %1 把 %2%3 转给 Service %4</translation>
    </message>
    <message>
        <source>everything no rule matches</source>
        <translation>所有没有规则匹配的请求</translation>
    </message>
    <message>
        <source>Ingress %1: %2%3 → %4, endpoint %5</source>
        <translation>Ingress %1：%2%3 → %4，端点 %5</translation>
    </message>
    <message>
        <source>Ingress: no rule for %1%2 (404)</source>
        <translation>Ingress：没有匹配 %1%2 的规则（404）</translation>
    </message>
    <message>
        <source>Ingress: %1 has no ready endpoint (503)</source>
        <translation>Ingress：%1 没有就绪的端点（503）</translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::NodeItem</name>
    <message>
        <source>Allocatable: cpu %1, memory %2, pods %3</source>
        <translation>可分配：CPU %1，内存 %2，Pod %3 个</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>CPU requested %1 of %2 (%3)</source>
        <translation>CPU 已请求 %1 / %2（%3）</translation>
    </message>
    <message>
        <source>Memory requested %1 of %2 (%3)</source>
        <translation>内存已请求 %1 / %2（%3）</translation>
    </message>
    <message>
        <source>limits %1</source>
        <translation>上限（limits）%1</translation>
    </message>
    <message>
        <source>NotReady</source>
        <translation>NotReady（未就绪）</translation>
    </message>
    <message>
        <source>no zone</source>
        <translation>无可用区</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready（就绪）</translation>
    </message>
    <message>
        <source>SchedulingDisabled</source>
        <translation>SchedulingDisabled（禁止调度）</translation>
    </message>
    <message numerus="yes">
        <source>+%n more</source>
        <translation>
            <numerusform>还有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>kubelet · kube-proxy</source>
        <translation>kubelet · kube-proxy</translation>
    </message>
    <message>
        <source>Filtered out: %1</source>
        <translation>已被过滤：%1</translation>
    </message>
    <message>
        <source>Chosen by the scheduler (score %1)</source>
        <translation>调度器选中了这里（得分 %1）</translation>
    </message>
    <message>
        <source>Feasible (score %1)</source>
        <translation>可行（得分 %1）</translation>
    </message>
    <message>
        <source>Actual usage (metrics-server): cpu %1, memory %2</source>
        <translation>实际用量（metrics-server）：CPU %1，内存 %2</translation>
    </message>
    <message>
        <source>used %1 (%2)</source>
        <translation>已用 %1（%2）</translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::PodItem</name>
    <message>
        <source>STATUS: %1</source>
        <translation>状态（STATUS）：%1</translation>
    </message>
    <message>
        <source>Requests: cpu %1, memory %2</source>
        <translation>资源请求：CPU %1，内存 %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Node: %1</source>
        <translation>节点：%1</translation>
    </message>
    <message>
        <source>Owner: %1 %2</source>
        <translation>所属：%1 %2</translation>
    </message>
    <message>
        <source>Nominated node: %1 (it waits there until the preempted pods have left)</source>
        <translation>提名节点：%1（它在那里等待被抢占的 Pod 离开）</translation>
    </message>
    <message>
        <source>Placement rules:</source>
        <translation>调度约束：</translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::ServiceItem</name>
    <message numerus="yes">
        <source>Service %1 selects pods with %2: %n ready endpoint(s)</source>
        <translation>
            <numerusform>Service %1 通过 %2 选择 Pod：%n 个就绪端点</numerusform>
        </translation>
    </message>
    <message>
        <source>(no selector)</source>
        <translation>（无选择器）</translation>
    </message>
    <message numerus="yes">
        <source>→ %n ready endpoint(s)</source>
        <translation>
            <numerusform>→ %n 个就绪端点</numerusform>
        </translation>
    </message>
    <message>
        <source>(%1 not ready)</source>
        <translation>（%1 个未就绪）</translation>
    </message>
    <message>
        <source>no selector: endpoints are set outside</source>
        <translation>无选择器：端点由外部设置</translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::VolumeItem</name>
    <message>
        <source>PersistentVolume: a piece of storage in the cluster</source>
        <translation>PersistentVolume（持久卷）：集群中的一块存储</translation>
    </message>
    <message>
        <source>PersistentVolumeClaim: a request for storage that binds to a volume</source>
        <translation>PersistentVolumeClaim（持久卷申领）：对存储的申请，会绑定到某个卷</translation>
    </message>
    <message>
        <source>no class</source>
        <translation>无存储类</translation>
    </message>
    <message>
        <source>StorageClass: its provisioner makes a volume for each claim of the class that no volume made by hand fits</source>
        <translation>StorageClass：对于这个类别中没有手工创建的卷可以满足的 PVC，它的 provisioner 会各创建一个卷</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <source>waits for a pod</source>
        <translation>等待 Pod</translation>
    </message>
    <message>
        <source>at once</source>
        <translation>立即绑定</translation>
    </message>
    <message>
        <source>can grow</source>
        <translation>可扩容</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::AccessMatrixView</name>
    <message>
        <source>Who can do what (RBAC)</source>
        <translation>谁能做什么（RBAC）</translation>
    </message>
    <message>
        <source>Namespace:</source>
        <translation>命名空间：</translation>
    </message>
    <message>
        <source>Each cell asks the lab&apos;s authorizer, as `klab auth can-i VERB RESOURCE -n NAMESPACE --as SUBJECT` would (hover a cell for the command). &quot;all&quot;: every verb; &quot;read&quot;: get, list, watch. Subjects come from the kubeconfig&apos;s users and from every ClusterRoleBinding and this namespace&apos;s RoleBindings; those allowed nothing here are not listed. Cluster-scoped resources (hover their header) are granted by ClusterRoleBindings only.</source>
        <translation>每个格子都向实验的鉴权器提问，相当于 `klab auth can-i 动词 资源 -n 命名空间 --as 主体`（鼠标悬停可看到命令）。“全部”：所有动词；“只读”：get、list、watch。主体来自 kubeconfig 里的用户，以及所有 ClusterRoleBinding 和本命名空间的 RoleBinding；在这里什么都不能做的主体不列出。集群级资源（表头提示“集群级”）只能由 ClusterRoleBinding 授权。</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>read</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>cluster-scoped</source>
        <translation>集群级</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 %2 may: %3
klab auth can-i --list%4 %5</source>
        <translation>%1 %2 可以：%3
klab auth can-i --list%4 %5</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::CanvasFilter</name>
    <message>
        <source>&amp;Namespace:</source>
        <translation>命名空间(&amp;N)：</translation>
    </message>
    <message>
        <source>all namespaces</source>
        <translation>所有命名空间</translation>
    </message>
    <message>
        <source>Show only the pods and Services of one namespace; the rest is drawn faint</source>
        <translation>只显示一个命名空间的 Pod 和 Service；其余的淡化显示</translation>
    </message>
    <message>
        <source>&amp;Labels:</source>
        <translation>标签(&amp;L)：</translation>
    </message>
    <message>
        <source>e.g. app=web,tier!=db</source>
        <translation>例如 app=web,tier!=db</translation>
    </message>
    <message>
        <source>A label selector as kubectl -l takes it; pods it does not match are drawn faint</source>
        <translation>标签选择算符，写法同 kubectl -l；不匹配的 Pod 淡化显示</translation>
    </message>
    <message>
        <source>Not a label selector: %1</source>
        <translation>不是有效的标签选择算符：%1</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n pod(s) shown</source>
        <translation>
            <numerusform>显示 %1 / %n 个 Pod</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::ui::Console</name>
    <message>
        <source>Type a command, e.g. get pods -o wide   (Tab completes, Up/Down recalls)</source>
        <translation>输入命令，例如 get pods -o wide（Tab 补全，上下键翻看历史）</translation>
    </message>
    <message>
        <source>Commands run as klab (kubectl&apos;s verbs) against this lab</source>
        <translation>命令以 klab（与 kubectl 相同的动词）在当前实验中执行</translation>
    </message>
    <message>
        <source>(exit status %1)</source>
        <translation>（退出状态 %1）</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::ControlPlaneStrip</name>
    <message>
        <source>Control plane</source>
        <translation>控制平面</translation>
    </message>
    <message>
        <source>kube-apiserver: every change goes through it (defaulting, validation, admission)</source>
        <translation>kube-apiserver：所有变更都要经过它（默认值填充、校验、准入控制）</translation>
    </message>
    <message>
        <source>etcd: the store that keeps every object and its history</source>
        <translation>etcd：保存所有对象及其历史的存储</translation>
    </message>
    <message>
        <source>kube-scheduler: picks a node for each pending pod</source>
        <translation>kube-scheduler：为每个等待中的 Pod 挑选节点</translation>
    </message>
    <message>
        <source>kube-controller-manager: controllers that make the cluster match what you asked for</source>
        <translation>kube-controller-manager：一组控制器，让集群的实际状态趋向你声明的期望状态</translation>
    </message>
    <message>
        <source>CoreDNS: answers DNS names of Services and pods</source>
        <translation>CoreDNS：解析 Service 和 Pod 的 DNS 名称</translation>
    </message>
    <message>
        <source>kubelet (on each node): starts the pods bound to its node and reports their status</source>
        <translation>kubelet（每个节点一个）：启动绑定到本节点的 Pod，并上报它们的状态</translation>
    </message>
    <message>
        <source>kube-proxy (on each node): turns Services and their endpoints into the node&apos;s routing rules</source>
        <translation>kube-proxy（每个节点一个）：把 Service 及其端点变成本节点的转发规则</translation>
    </message>
    <message numerus="yes">
        <source>+%n more node(s)</source>
        <translation>
            <numerusform>另有 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>The node is NotReady: its kubelet does not answer.</source>
        <translation>节点 NotReady（未就绪）：它的 kubelet 没有响应。</translation>
    </message>
    <message>
        <source>Click to select the node.</source>
        <translation>点击以选中该节点。</translation>
    </message>
    <message>
        <source>No nodes yet: drag a Node from the palette onto the canvas.</source>
        <translation>还没有节点：从组件面板把 Node 拖到画布上。</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::DecisionView</name>
    <message>
        <source>The scheduler has no decision to show for this object. Select a pod: the table shows how the scheduler filtered and scored the nodes for it.</source>
        <translation>调度器对这个对象没有可显示的决策。选择一个 Pod：表格会显示调度器如何为它过滤节点并打分。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; was scheduled to &lt;b&gt;%2&lt;/b&gt; by %3.</source>
        <translation>%3 把 &lt;b&gt;%1&lt;/b&gt; 调度到了 &lt;b&gt;%2&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>过滤</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Filter plugins: a node must pass every one of them to be considered</source>
        <translation>过滤插件：节点必须全部通过才会被考虑</translation>
    </message>
    <message>
        <source>Score plugin %1: raw score → normalized score (0–100) × weight</source>
        <translation>打分插件 %1：原始分 → 归一化分数（0–100）× 权重</translation>
    </message>
    <message>
        <source>Older names: %1</source>
        <translation>旧名称：%1</translation>
    </message>
    <message>
        <source>Weighted total: the sum of normalized score × weight; the highest total wins</source>
        <translation>加权总分：各插件归一化分数 × 权重之和；总分最高者胜出</translation>
    </message>
    <message>
        <source>%1 (chosen)</source>
        <translation>%1（选中）</translation>
    </message>
    <message>
        <source>✗ %1: %2</source>
        <translation>✗ %1：%2</translation>
    </message>
    <message>
        <source>✓ passed every filter</source>
        <translation>✓ 通过全部过滤</translation>
    </message>
    <message>
        <source>raw %1, normalized %2, weight %3: adds %4 to the total</source>
        <translation>原始分 %1，归一化 %2，权重 %3：为总分加 %4</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; could not be scheduled by %2.</source>
        <translation>%2 无法调度 &lt;b&gt;%1&lt;/b&gt;。</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::EngineWorker</name>
    <message>
        <source>The lab shows the past and is read only; go back to now to change it.</source>
        <translation>当前显示的是过去的状态，只读；回到“现在”后才能修改。</translation>
    </message>
    <message>
        <source>The lab shows the past; go back to now to run commands.</source>
        <translation>当前显示的是过去的状态；回到“现在”后才能执行命令。</translation>
    </message>
    <message>
        <source>Describe shows the cluster as it is now; go back to now to see it.</source>
        <translation>describe 只能显示集群当前的状态；回到“现在”后再查看。</translation>
    </message>
    <message>
        <source>Internal error in the simulator (%1): %2</source>
        <translation>模拟器内部错误（%1）：%2</translation>
    </message>
    <message>
        <source>The lab file is damaged: %1</source>
        <translation>实验文件已损坏：%1</translation>
    </message>
    <message>
        <source>This lab is open read-only.</source>
        <translation>这个实验以只读方式打开。</translation>
    </message>
    <message>
        <source>The lab is already being served by process %1.</source>
        <translation>这个实验已由进程 %1 提供服务。</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::Inspector</name>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>Describe</source>
        <translation>描述（describe）</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Send this manifest to the API server, as kubectl apply -f does (Ctrl+Return)</source>
        <translation>把这份清单提交给 API 服务器，效果同 kubectl apply -f（Ctrl+回车）</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete this object, as kubectl delete does</source>
        <translation>删除这个对象，效果同 kubectl delete</translation>
    </message>
    <message>
        <source>Select an object on the canvas, or write a manifest below and press Apply.</source>
        <translation>在画布上选择一个对象，或在下方编写清单后点击“应用”。</translation>
    </message>
    <message>
        <source>namespace %1</source>
        <translation>命名空间 %1</translation>
    </message>
    <message>
        <source>apiVersion: v1
kind: Pod
...</source>
        <translation>apiVersion: v1
kind: Pod
...</translation>
    </message>
    <message>
        <source>%1 %2 no longer exists.</source>
        <translation>%1 %2 已不存在。</translation>
    </message>
    <message>
        <source>No events.</source>
        <translation>没有事件。</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>第 %1 行，第 %2 列：%3</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>调度器</translation>
    </message>
    <message>
        <source>Why the scheduler placed this pod where it did (klab why): each node&apos;s filters and scores</source>
        <translation>调度器为什么把这个 Pod 放在这里（klab why）：每个节点的过滤结果与得分</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::LabDiffView</name>
    <message>
        <source>(no such node)</source>
        <translation>（没有这个节点）</translation>
    </message>
    <message>
        <source>%1% (%2 of %3)</source>
        <translation>%1%（%2 / %3）</translation>
    </message>
    <message>
        <source>Compare labs (what-if)</source>
        <translation>比较实验（what-if）</translation>
    </message>
    <message>
        <source>Nodes side by side</source>
        <translation>节点对照</translation>
    </message>
    <message>
        <source>Pods that moved</source>
        <translation>换了节点的 Pod</translation>
    </message>
    <message>
        <source>Pending pods</source>
        <translation>等待中的 Pod</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>this lab (%1)</source>
        <translation>本实验（%1）</translation>
    </message>
    <message>
        <source>the other (%1)</source>
        <translation>另一个实验（%1）</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>CPU requests, this</source>
        <translation>CPU 请求（本实验）</translation>
    </message>
    <message>
        <source>CPU requests, other</source>
        <translation>CPU 请求（另一个）</translation>
    </message>
    <message>
        <source>Memory requests, this</source>
        <translation>内存请求（本实验）</translation>
    </message>
    <message>
        <source>Memory requests, other</source>
        <translation>内存请求（另一个）</translation>
    </message>
    <message>
        <source>Pods, this</source>
        <translation>Pod 数（本实验）</translation>
    </message>
    <message>
        <source>Pods, other</source>
        <translation>Pod 数（另一个）</translation>
    </message>
    <message>
        <source>Pod, this</source>
        <translation>Pod（本实验）</translation>
    </message>
    <message>
        <source>Node, this</source>
        <translation>节点（本实验）</translation>
    </message>
    <message>
        <source>Pod, other</source>
        <translation>Pod（另一个）</translation>
    </message>
    <message>
        <source>Node, other</source>
        <translation>节点（另一个）</translation>
    </message>
    <message>
        <source>(only in this lab)</source>
        <translation>（只在本实验中）</translation>
    </message>
    <message>
        <source>(only in the other)</source>
        <translation>（只在另一个实验中）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>All pending</source>
        <translation>全部等待中</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>What</source>
        <translation>差别</translation>
    </message>
    <message>
        <source>Fields that differ</source>
        <translation>不同的字段</translation>
    </message>
    <message>
        <source>only in the other</source>
        <translation>只在另一个实验中</translation>
    </message>
    <message>
        <source>only in this lab</source>
        <translation>只在本实验中</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>有改动</translation>
    </message>
    <message>
        <source>Comparing %1 with %2: %3 pod(s) moved, pending %4 here and %5 there, %6 node(s) differ, %7 object(s) differ. Both labs are compared as they are now (nothing is settled).</source>
        <translation>比较%1与%2：%3 个 Pod 换了节点，等待中的 Pod 这边 %4 个、那边 %5 个，%6 个节点不同，%7 个对象不同。两个实验都按当前状态比较（不会先让它们稳定下来）。</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::Language</name>
    <message>
        <source>en</source>
        <comment>The language code of this translation (zh_CN for Simplified Chinese).</comment>
        <translation>zh_CN</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::Legend</name>
    <message>
        <source>Running, Ready</source>
        <translation>Running，已就绪</translation>
    </message>
    <message>
        <source>Running, not Ready</source>
        <translation>Running，未就绪</translation>
    </message>
    <message>
        <source>Node bars: requests solid,
limits beyond them hatched,
outline = allocatable</source>
        <translation>节点资源条：实心为请求量，
斜线为超出请求的上限，
外框为可分配量</translation>
    </message>
    <message>
        <source>Preempted, evicted</source>
        <translation>被抢占、被驱逐</translation>
    </message>
    <message>
        <source>Placement rules</source>
        <translation>调度约束</translation>
    </message>
    <message>
        <source>A purple corner: the pod has placement rules (nodeSelector, affinity, tolerations, topology spread); hover over the pod to read them</source>
        <translation>紫色的角：这个 Pod 带有调度约束（nodeSelector、亲和性、容忍度、拓扑分布）；把鼠标悬停在 Pod 上可以看到具体内容</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::LessonPanel</name>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Start the chosen lesson: its lab is loaded and its first step shown (as klab lesson start)</source>
        <translation>开始所选课程：载入它的实验环境并显示第一步（与 klab lesson start 相同）</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Start a lesson from a lesson file (YAML) or a lesson folder</source>
        <translation>从课程文件（YAML）或课程文件夹开始一门课程</translation>
    </message>
    <message>
        <source>The built-in lessons, in the order of the syllabus</source>
        <translation>内置课程，按教学大纲的顺序排列</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Check the cluster against this step&apos;s checks (as klab lesson check)</source>
        <translation>用这一步的检查项检查集群（与 klab lesson check 相同）</translation>
    </message>
    <message>
        <source>Hint</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>On to the next step, once every check passes (as klab lesson next)</source>
        <translation>所有检查通过后进入下一步（与 klab lesson next 相同）</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Open a lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Lessons (*.yaml *.yml);;All files (*)</source>
        <translation>课程 (*.yaml *.yml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Show one more hint (as klab lesson hint)</source>
        <translation>再显示一条提示（与 klab lesson hint 相同）</translation>
    </message>
    <message>
        <source>This step has no hints</source>
        <translation>这一步没有提示</translation>
    </message>
    <message>
        <source>%v of %m steps done</source>
        <translation>已完成 %v / %m 步</translation>
    </message>
    <message>
        <source>No lesson runs in this lab</source>
        <translation>这个实验环境里没有正在进行的课程</translation>
    </message>
    <message>
        <source>Choose a lesson and press Start. Its lab is loaded, then each step says what to do and checks the cluster when you press Check.</source>
        <translation>选择一门课程并点击“开始”。课程会载入它的实验环境，然后每一步告诉你要做什么；点击“检查”时检查集群状态。</translation>
    </message>
    <message numerus="yes">
        <source>Complete: all %n step(s) done</source>
        <translation>
            <numerusform>已完成：全部 %n 步</numerusform>
        </translation>
    </message>
    <message>
        <source>**Lesson complete: %1. Well done!**</source>
        <translation>**课程完成：%1。做得好！**</translation>
    </message>
    <message>
        <source>Choose another lesson above and press Start.</source>
        <translation>在上方选择另一门课程并点击“开始”。</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>第 %1 步（共 %2 步）：%3</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Hint %1/%2: %3</source>
        <translation>提示 %1/%2：%3</translation>
    </message>
    <message>
        <source>Passed: %1</source>
        <translation>通过：%1</translation>
    </message>
    <message>
        <source>Failed: %1 (%2)</source>
        <translation>未通过：%1（%2）</translation>
    </message>
    <message>
        <source>Do the tasks, then press Check.</source>
        <translation>完成任务后点击“检查”。</translation>
    </message>
    <message numerus="yes">
        <source>All %n check(s) pass. Press Next to go on.</source>
        <translation>
            <numerusform>全部 %n 项检查通过。点击“下一步”继续。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n check(s) fail.</source>
        <translation>
            <numerusform>%n 项检查中有 %1 项未通过。</numerusform>
        </translation>
    </message>
    <message>
        <source>Next waits until every check passes.</source>
        <translation>所有检查通过后才能进入下一步。</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::MainWindow</name>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>%1× speed</source>
        <translation>%1 倍速</translation>
    </message>
    <message>
        <source>About KubeLab</source>
        <translation>关于 KubeLab</translation>
    </message>
    <message>
        <source>&lt;h3&gt;KubeLab %1&lt;/h3&gt;&lt;p&gt;Learn Kubernetes by watching it work: a simulated cluster whose scheduler, controllers and kubelets you can see act.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;KubeLab %1&lt;/h3&gt;&lt;p&gt;看着 Kubernetes 运转来学习它：一个模拟集群，调度器、控制器和 kubelet 的每一步都看得见。&lt;/p&gt;&lt;p&gt;以 GNU GPL 第 3 版或更高版本授权。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Untitled lab (in memory)</source>
        <translation>未命名实验（仅在内存中）</translation>
    </message>
    <message>
        <source>the past, read only</source>
        <translation>过去的状态，只读</translation>
    </message>
    <message>
        <source>%1 — KubeLab</source>
        <translation>%1 — KubeLab</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New lab</source>
        <translation>新建实验(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new lab from a built-in scenario</source>
        <translation>从内置场景新建一个实验</translation>
    </message>
    <message>
        <source>&amp;Open lab…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <source>Save lab &amp;as…</source>
        <translation>实验另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit the cluster in the window</source>
        <translation>让整个集群适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Console</source>
        <translation>控制台(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Find in the story</source>
        <translation>在事件经过中查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation>模拟(&amp;S)</translation>
    </message>
    <message>
        <source>Run or pause virtual time (Space)</source>
        <translation>运行或暂停虚拟时间（空格键）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Pause: virtual time stands still</source>
        <translation>暂停：虚拟时间停止流动</translation>
    </message>
    <message>
        <source>Step: one second of virtual time (.)</source>
        <translation>单步：前进一秒虚拟时间（.）</translation>
    </message>
    <message>
        <source>One virtual second per second</source>
        <translation>每秒前进 1 秒虚拟时间</translation>
    </message>
    <message>
        <source>Ten virtual seconds per second</source>
        <translation>每秒前进 10 秒虚拟时间</translation>
    </message>
    <message>
        <source>A hundred virtual seconds per second (animations become fades)</source>
        <translation>每秒前进 100 秒虚拟时间（动画简化为淡入淡出）</translation>
    </message>
    <message>
        <source>&amp;Delete the selected object</source>
        <translation>删除选中的对象(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About KubeLab</source>
        <translation>关于 KubeLab(&amp;A)</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Virtual time of the lab (it moves only while the simulation runs)</source>
        <translation>实验的虚拟时间（只在模拟运行时流动）</translation>
    </message>
    <message>
        <source>Language of the interface</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>组件面板</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Story</source>
        <translation>事件经过</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n 个节点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pod(s)</source>
        <translation>
            <numerusform>%n 个 Pod</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n 个等待中</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a lab</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>KubeLab labs (*.klab);;All files (*)</source>
        <translation>KubeLab 实验 (*.klab);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save the lab as</source>
        <translation>实验另存为</translation>
    </message>
    <message>
        <source>KubeLab labs (*.klab)</source>
        <translation>KubeLab 实验 (*.klab)</translation>
    </message>
    <message>
        <source>Applied from the palette: %1</source>
        <translation>已从组件面板应用：%1</translation>
    </message>
    <message>
        <source>The canvas shows the past; press Now to change the lab.</source>
        <translation>画布显示的是过去的状态；点击“现在”后才能修改实验。</translation>
    </message>
    <message>
        <source>A pod dropped on %1 gets spec.nodeName: the scheduler is skipped.</source>
        <translation>拖到 %1 上的 Pod 会直接设置 spec.nodeName，不经过调度器。</translation>
    </message>
    <message>
        <source>Why is it Pending? The scheduler says:
%1</source>
        <translation>为什么处于 Pending？调度器的说明：
%1</translation>
    </message>
    <message>
        <source>Pending: waiting in the scheduling queue for a node.</source>
        <translation>Pending：正在调度队列中等待分配节点。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>Pod %1 is Pending (marked &quot;!&quot;). The scheduler says:
%2</source>
        <translation>Pod %1 处于 Pending（标有“!”）。调度器的说明：
%2</translation>
    </message>
    <message>
        <source>(no lab opened yet)</source>
        <translation>（还没有打开过实验）</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit its YAML</source>
        <translation>编辑它的 YAML(&amp;E)</translation>
    </message>
    <message>
        <source>De&amp;scribe</source>
        <translation>描述(&amp;S)</translation>
    </message>
    <message>
        <source>E&amp;vents</source>
        <translation>事件(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Delete (through the API server)</source>
        <translation>删除（经由 API server）(&amp;D)</translation>
    </message>
    <message>
        <source>Pod %1 has no labels a Service could select.</source>
        <translation>Pod %1 没有可供 Service 选择的标签。</translation>
    </message>
    <message numerus="yes">
        <source>Proposed a Service selecting %1 (%n pod(s) match now). Check it and press Apply in the inspector.</source>
        <translation>
            <numerusform>已拟好一个选择 %1 的 Service（当前匹配 %n 个 Pod）。请在检查器中核对后点击“应用”。</numerusform>
        </translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Show the lesson panel: guided steps with checks</source>
        <translation>显示课程面板：带检查的分步指导</translation>
    </message>
    <message>
        <source>Lab ready. Try: %1 · help</source>
        <translation>实验已就绪。试试：%1 · help</translation>
    </message>
    <message>
        <source>A pod never moves: pod/%1 stays on %2 until it is deleted (spec.nodeName is set once, by its binding). Delete it, and its controller&apos;s new pod is placed by the scheduler; a drain evicts every pod of a node.</source>
        <translation>Pod 不会迁移：pod/%1 会一直留在 %2 上，直到被删除（spec.nodeName 只在绑定时设置一次）。删除它后，控制器创建的新 Pod 由调度器安排位置；排空（drain）会驱逐一个节点上的所有 Pod。</translation>
    </message>
    <message>
        <source>pod/%1 bound to %2 by a Binding (POST pods/%1/binding), as the scheduler binds, but with no filter run: the kubelet of %2 admits it or rejects it.</source>
        <translation>pod/%1 通过一个 Binding（POST pods/%1/binding）绑定到 %2，与调度器的绑定方式相同，但没有运行任何过滤插件：由 %2 的 kubelet 决定接纳还是拒绝它。</translation>
    </message>
    <message>
        <source>A node&apos;s zone is its label topology.kubernetes.io/zone (a cloud provider sets it when the node registers). Relabelling %1 moves nothing that runs there; topology spread and zone affinity read the new label from now on.</source>
        <translation>节点的可用区就是它的标签 topology.kubernetes.io/zone（云厂商在节点注册时设置）。给 %1 改标签不会移动它上面运行的任何东西；拓扑分布约束和可用区亲和性从现在起读取新的标签。</translation>
    </message>
    <message>
        <source>Branched: you now work on %1. %2 stays as it was; File ▸ Compare with another lab… shows what your changes did (klab --lab %1 diff %2).</source>
        <translation>已建立分支：现在你在 %1 上操作。%2 保持不变；“文件 ▸ 与另一个实验比较…”可以看到你的改动带来了什么（klab --lab %1 diff %2）。</translation>
    </message>
    <message>
        <source>Branch this lab</source>
        <translation>建立分支</translation>
    </message>
    <message>
        <source>This lab lives in memory only. Save it first (File ▸ Save lab as…): a branch remembers the file it came from.</source>
        <translation>这个实验只在内存里。请先保存（文件 ▸ 实验另存为…）：分支需要记住它来自哪个文件。</translation>
    </message>
    <message>
        <source>Branch this lab: where should the copy go?</source>
        <translation>建立分支：副本保存到哪里？</translation>
    </message>
    <message>
        <source>Compare this lab with…</source>
        <translation>把本实验与……比较</translation>
    </message>
    <message>
        <source>&amp;Branch this lab (what-if)…</source>
        <translation>建立分支（what-if）(&amp;B)…</translation>
    </message>
    <message>
        <source>Fork the lab (klab fork) and go on in the copy: try a taint, a drain, other weights; the original stays as it was</source>
        <translation>复制实验（klab fork）并在副本上继续：试试加污点、驱逐节点、换评分权重；原实验保持不变</translation>
    </message>
    <message>
        <source>&amp;Compare with another lab…</source>
        <translation>与另一个实验比较(&amp;C)…</translation>
    </message>
    <message>
        <source>Side by side (klab diff): pods that moved, pending pods, each node&apos;s requests</source>
        <translation>并排对照（klab diff）：换了节点的 Pod、等待中的 Pod、每个节点的请求量</translation>
    </message>
    <message>
        <source>API requests</source>
        <translation>API 请求</translation>
    </message>
    <message>
        <source>Each request you make, through the API server&apos;s stages: authentication, authorization, admission, validation, etcd</source>
        <translation>你发出的每个请求经过 API Server 各阶段的过程：认证、授权、准入、校验、etcd</translation>
    </message>
    <message>
        <source>&amp;Who can do what (RBAC)…</source>
        <translation>谁能做什么（RBAC）(&amp;W)…</translation>
    </message>
    <message>
        <source>Subjects × resources × verbs, asked of the lab&apos;s authorizer per namespace</source>
        <translation>主体 × 资源 × 动词，按命名空间向实验的鉴权器查询</translation>
    </message>
    <message>
        <source>kubectl cannot connect: %1</source>
        <translation>kubectl 无法连接:%1</translation>
    </message>
    <message>
        <source>The lab&apos;s API server listens on %1 (HTTPS, the lab&apos;s own CA). In a terminal:
  export KUBECONFIG=%2
  kubectl get nodes
Each request kubectl makes shows in API requests; what it changes, on the canvas.
The speed control moves the clock: paused, rollouts wait.</source>
        <translation>实验的 API Server 监听于 %1(HTTPS,使用实验自己的 CA)。在终端里:
  export KUBECONFIG=%2
  kubectl get nodes
kubectl 发出的每个请求都显示在“API 请求”中,它改变的东西显示在画布上。
速度控制推动时钟:暂停时,滚动更新会等待。</translation>
    </message>
    <message>
        <source>kubectl can no longer connect to this lab.</source>
        <translation>kubectl 已不能再连接这个实验。</translation>
    </message>
    <message>
        <source>Let &amp;kubectl connect</source>
        <translation>允许 &amp;kubectl 连接</translation>
    </message>
    <message>
        <source>Serve the lab&apos;s API server on this machine (as klab serve) so the real kubectl, k9s or a client library can use it; a kubeconfig is written beside the lab</source>
        <translation>在本机提供实验的 API Server(同 klab serve),让真正的 kubectl、k9s 或客户端库使用它;kubeconfig 写在实验文件旁边</translation>
    </message>
    <message>
        <source>kubectl: export KUBECONFIG=%1</source>
        <translation>kubectl:export KUBECONFIG=%1</translation>
    </message>
    <message>
        <source>The lab&apos;s API server listens on %1</source>
        <translation>实验的 API Server 监听于 %1</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::MiniMap</name>
    <message>
        <source>Overview: click to move the view there</source>
        <translation>全局缩略图：点击即可把视图移到该处</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::Palette</name>
    <message>
        <source>A machine that runs pods. Drop it into a zone.</source>
        <translation>运行 Pod 的机器。把它拖进某个可用区。</translation>
    </message>
    <message>
        <source>Runs one copy of a pod on every node that fits, such as a log or monitoring agent.</source>
        <translation>在每个合适的节点上各运行一个 Pod 副本，比如日志或监控代理。</translation>
    </message>
    <message>
        <source>Pods with stable names (web-0, web-1, ...) started and stopped in order, for databases.</source>
        <translation>名字固定的 Pod（web-0、web-1……），按顺序启动和停止，适合数据库。</translation>
    </message>
    <message>
        <source>HTTP routing by host and path from outside the cluster to Services.</source>
        <translation>按主机名和路径，把集群外的 HTTP 请求路由到 Service。</translation>
    </message>
    <message>
        <source>A kind of storage with a provisioner: claims of the class get volumes made for them.</source>
        <translation>一类带供应器的存储：属于这个类的声明会自动得到为它创建的卷。</translation>
    </message>
    <message>
        <source>A firewall for pods: once a pod is selected, only the traffic the policy allows reaches it.</source>
        <translation>Pod 的防火墙：Pod 一旦被选中，只有策略允许的流量才能到达它。</translation>
    </message>
    <message>
        <source>The smallest thing Kubernetes runs. Drop it on a node to skip the scheduler (spec.nodeName).</source>
        <translation>Kubernetes 运行的最小单元。拖到某个节点上会跳过调度器（设置 spec.nodeName）。</translation>
    </message>
    <message>
        <source>Keeps a number of identical pods running and rolls out changes.</source>
        <translation>保持指定数量的相同 Pod 运行，并负责滚动更新。</translation>
    </message>
    <message>
        <source>A stable virtual IP and DNS name in front of the pods its selector finds.</source>
        <translation>为其选择器选中的 Pod 提供稳定的虚拟 IP 和 DNS 名称。</translation>
    </message>
    <message>
        <source>A piece of storage, made by an administrator or provisioned for a claim.</source>
        <translation>一块存储，由管理员创建，或为某个申领动态供应。</translation>
    </message>
    <message>
        <source>A request for storage; it binds to a volume that fits.</source>
        <translation>对存储的申请；它会绑定到一个合适的卷。</translation>
    </message>
    <message>
        <source>A folder for names: objects in different namespaces do not clash.</source>
        <translation>名称的“文件夹”：不同命名空间中的对象可以重名。</translation>
    </message>
    <message>
        <source>Drag onto the canvas to create one.</source>
        <translation>拖到画布上即可创建。</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::RequestPanel</name>
    <message>
        <source>authentication</source>
        <translation>认证</translation>
    </message>
    <message>
        <source>authorization (RBAC)</source>
        <translation>授权（RBAC）</translation>
    </message>
    <message>
        <source>mutating admission</source>
        <translation>变更准入</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>validating admission</source>
        <translation>验证准入</translation>
    </message>
    <message>
        <source>etcd</source>
        <translation>etcd</translation>
    </message>
    <message>
        <source>Every request you make (console, canvas, inspector, kubectl when it may connect) passes the API server&apos;s stages here: who are you, may you, admission plugins that change it, is it valid, admission plugins that check it, then etcd. A refused request stops, red, where it was refused.</source>
        <translation>你发出的每个请求（控制台、画布、检查器，以及允许连接时的 kubectl）都会在这里经过 API Server 的各个阶段：你是谁、你能不能做、修改请求的准入插件、请求是否合法、检查请求的准入插件，最后写入 etcd。被拒绝的请求会停在拒绝它的阶段，显示为红色。</translation>
    </message>
    <message>
        <source>unknown user</source>
        <translation>未知用户</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Refused at: %1</source>
        <translation>拒绝于：%1</translation>
    </message>
    <message>
        <source>Admitted and valid; a server dry run is never written to etcd.</source>
        <translation>已通过准入和校验；服务端试运行（dry run）不会写入 etcd。</translation>
    </message>
    <message>
        <source>A read: no admission; the answer comes from etcd (the API server&apos;s watch cache).</source>
        <translation>读请求：不经过准入；结果来自 etcd（API Server 的 watch 缓存）。</translation>
    </message>
    <message>
        <source>Admitted, valid and written to etcd.</source>
        <translation>已通过准入和校验，并写入 etcd。</translation>
    </message>
    <message>
        <source>authn</source>
        <comment>authentication, abbreviated</comment>
        <translation>认证</translation>
    </message>
    <message>
        <source>authz</source>
        <comment>authorization, abbreviated</comment>
        <translation>授权</translation>
    </message>
    <message>
        <source>mutating</source>
        <comment>mutating admission, abbreviated</comment>
        <translation>变更</translation>
    </message>
    <message>
        <source>valid?</source>
        <comment>validation, abbreviated</comment>
        <translation>校验</translation>
    </message>
    <message>
        <source>validating</source>
        <comment>validating admission, abbreviated</comment>
        <translation>验证</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::StoryPanel</name>
    <message>
        <source>Filter the story (component, object, words)…  Ctrl+F</source>
        <translation>筛选事件经过（组件、对象或关键词）…  Ctrl+F</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>Revision %1</source>
        <translation>修订版本 %1</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::Timeline</name>
    <message>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Back to the present (the lab runs again)</source>
        <translation>回到现在（实验继续运行）</translation>
    </message>
    <message>
        <source>Every change to the cluster is a revision: drag back to see the past</source>
        <translation>集群的每次变更都是一个修订版本：向回拖动即可查看过去</translation>
    </message>
    <message>
        <source>Past: revision %1 at %2 (read only)</source>
        <translation>过去：修订版本 %1，时间 %2（只读）</translation>
    </message>
    <message>
        <source>Now: revision %1 at %2</source>
        <translation>现在：修订版本 %1，时间 %2</translation>
    </message>
</context>
<context>
    <name>kubelab::ui::charts::ChartsPanel</name>
    <message>
        <source>Nodes: requested / allocatable</source>
        <translation>节点：已请求 / 可分配</translation>
    </message>
    <message>
        <source>Pods over time</source>
        <translation>Pod 数量随时间变化</translation>
    </message>
    <message numerus="yes">
        <source>(+%n node(s) not shown)</source>
        <translation>
            <numerusform>（另有 %n 个节点未显示）</numerusform>
        </translation>
    </message>
    <message>
        <source>CPU (cores)</source>
        <translation>CPU（核）</translation>
    </message>
    <message>
        <source>Memory (GiB)</source>
        <translation>内存（GiB）</translation>
    </message>
    <message>
        <source>Pods</source>
        <translation>Pod 数</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>已请求</translation>
    </message>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending（等待中）</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running（运行中）</translation>
    </message>
    <message>
        <source>virtual minutes</source>
        <translation>虚拟时间（分钟）</translation>
    </message>
    <message>
        <source>limits beyond requests</source>
        <translation>超出请求的上限（limits）</translation>
    </message>
    <message>
        <source>used</source>
        <translation>已用</translation>
    </message>
    <message>
        <source>CPU requested %</source>
        <translation>CPU 请求 %</translation>
    </message>
    <message>
        <source>memory requested %</source>
        <translation>内存请求 %</translation>
    </message>
    <message>
        <source>pods</source>
        <translation>Pod 数</translation>
    </message>
    <message>
        <source>% of allocatable</source>
        <translation>占可分配量的 %</translation>
    </message>
    <message>
        <source>Pods pending and running; requested CPU and memory</source>
        <translation>等待中与运行中的 Pod；已请求的 CPU 和内存</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>KubeLab: learn Kubernetes by watching it work.</source>
        <translation>KubeLab：看着 Kubernetes 运转来学习它。</translation>
    </message>
    <message>
        <source>Open (or create) the lab file PATH.</source>
        <translation>打开（或新建）实验文件 PATH。</translation>
    </message>
    <message>
        <source>Load the built-in scenario NAME into a new lab.</source>
        <translation>在新实验中载入内置场景 NAME。</translation>
    </message>
    <message>
        <source>Interface language: en or zh_CN.</source>
        <translation>界面语言：en 或 zh_CN。</translation>
    </message>
    <message>
        <source>The lab file to open (the same as --lab PATH).</source>
        <translation>要打开的实验文件（与 --lab PATH 相同）。</translation>
    </message>
    <message>
        <source>Write the window to FILE (PNG) and exit.</source>
        <translation>把窗口截图保存为 FILE（PNG）后退出。</translation>
    </message>
    <message>
        <source>With --screenshot: run DURATION of virtual time first (e.g. 30s, 2m).</source>
        <translation>与 --screenshot 一起使用：先运行 DURATION 的虚拟时间（如 30s、2m）。</translation>
    </message>
    <message>
        <source>With --screenshot: fit the whole cluster in the canvas (as View ▸ Fit).</source>
        <translation>与 --screenshot 一起用：先让整个集群适应画布（同 视图 ▸ 适应）。</translation>
    </message>
    <message>
        <source>Let kubectl connect once the lab is open (as Simulation ▸ Let kubectl connect).</source>
        <translation>实验打开后允许 kubectl 连接(同“模拟 ▸ 允许 kubectl 连接”)。</translation>
    </message>
</context>
</TS>
