// SPDX-License-Identifier: GPL-3.0-or-later
// The lessons end to end, through the klab binary: every built-in lesson is solved step by
// step with klab commands (and must then pass `lesson check` and `lesson next`), a wrong
// or missing solution must fail its check, bad lesson files are refused with file:line:column,
// and `lesson status` / `lesson check` print what the goldens under golden/klab say.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestLessons : public QObject {
    Q_OBJECT

private slots:
    void solveLesson_data();
    void solveLesson();
    void everyBuiltinLessonIsSolved();
    void badLessonFiles_data();
    void badLessonFiles();
    void lessonFileLinkedOutside();
    void instructorLesson();
    void aLessonBringsItsOwnImages();
    void kubeProxyConfigurationCheck();
    void goldens_data();
    void goldens();
};

namespace {

struct Output {
    int exitCode = -1;
    QString out;
    QString err;
};

/// One klab command of a solution; `input` is fed to `apply -f -`.
struct Cmd {
    QStringList args;
    QByteArray input;
};

using Commands = QList<Cmd>;

/// How to solve a lesson, step by step, and one wrong attempt at step `wrongStep` (0-based)
/// that must not pass.
struct Solution {
    QList<Commands> steps;
    int wrongStep = 0;
    Commands wrong;
};

class Lab {
public:
    Lab()
    {
        if (!m_dir.isValid())
            qFatal("cannot create a temporary directory");
    }

    QString path() const { return m_dir.path(); }

    Output run(QStringList args, const QByteArray& input = {}) const
    {
        args.prepend(QStringLiteral("lab.klab"));
        args.prepend(QStringLiteral("--lab"));
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("KLAB_LAB"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.remove(QStringLiteral("LANGUAGE"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(KUBELAB_KLAB), args);
        if (!process.waitForStarted())
            qFatal("cannot start klab");
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        Output output;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            output.err = QStringLiteral("klab did not finish within 60 s");
            return output;
        }
        output.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        output.out = QString::fromUtf8(process.readAllStandardOutput());
        output.err = QString::fromUtf8(process.readAllStandardError());
        return output;
    }

    /// Runs the commands; returns the first failure's description, or empty.
    QString runAll(const Commands& commands) const
    {
        for (const Cmd& c : commands) {
            Output o = run(c.args, c.input);
            if (o.exitCode != 0)
                return QStringLiteral("klab %1 -> exit %2: %3").arg(c.args.join(u' ')).arg(o.exitCode).arg(o.err);
        }
        return {};
    }

private:
    QTemporaryDir m_dir;
};

QStringList words(const char* line)
{
    return QString::fromUtf8(line).split(u' ', Qt::SkipEmptyParts);
}

Cmd k(const char* line)
{
    return {words(line), {}};
}

Cmd apply(const char* yaml)
{
    return {words("apply -f -"), QByteArray(yaml)};
}

QString goldenPath(const QString& name)
{
    return QStringLiteral(KUBELAB_SOURCE_DIR "/tests/cli/golden/klab/") + name + QStringLiteral(".txt");
}

// ---- Solutions ------------------------------------------------------------------------

const char* kDbSecret = R"(apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: s3cret}
)";

// The same Secret written again (replace): stored anew, so sealed once encryption is on.
const char* kDbSecretAgain = R"(apiVersion: v1
kind: Secret
metadata: {name: db}
type: Opaque
data: {password: czNjcmV0}
)";

const char* kEncryptSecrets = R"(apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - aescbc:
      keys:
      - {name: key1, secret: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=}
  - identity: {}
)";

const char* kTrainer = R"(apiVersion: v1
kind: Pod
metadata:
  name: trainer
spec:
  nodeSelector: {kubernetes.io/hostname: node-3}
  tolerations:
  - {key: gpu, operator: Equal, value: "true", effect: NoSchedule}
  containers:
  - name: trainer
    image: nginx
)";

const char* kBox = R"(apiVersion: v1
kind: Pod
metadata:
  name: box
spec:
  initContainers:
  - name: init
    image: busybox
    resources: {requests: {cpu: 1500m}}
  containers:
  - name: a
    image: nginx
    resources: {requests: {cpu: 500m}}
  - name: b
    image: nginx
    resources: {requests: {cpu: 500m}}
)";

const char* kExtra = R"(apiVersion: v1
kind: Pod
metadata:
  name: extra
spec:
  containers:
  - name: nginx
    image: nginx
    resources: {requests: {cpu: 500m}}
)";

const char* kExtraSmall = R"(apiVersion: v1
kind: Pod
metadata:
  name: extra
spec:
  containers:
  - name: nginx
    image: nginx
    resources: {requests: {cpu: 100m}}
)";

const char* kPinned = R"(apiVersion: v1
kind: Pod
metadata:
  name: pinned
spec:
  nodeName: node-3
  containers:
  - name: nginx
    image: nginx
)";

const char* kByHand = R"(apiVersion: v1
kind: Pod
metadata:
  name: by-hand
spec:
  schedulerName: my-scheduler
  containers:
  - name: nginx
    image: nginx
)";

const char* kBindByHand = R"(apiVersion: v1
kind: Binding
metadata:
  name: by-hand
target:
  apiVersion: v1
  kind: Node
  name: node-2
)";

const char* kAgent = R"(apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
spec:
  selector:
    matchLabels: {app: node-agent}
  template:
    metadata:
      labels: {app: node-agent}
    spec:
      containers:
      - name: agent
        image: busybox
        command: [sleep, infinity]
)";

const char* kFast = R"(apiVersion: v1
kind: Pod
metadata:
  name: fast
spec:
  nodeSelector: {disktype: ssd}
  containers:
  - name: nginx
    image: nginx
)";

const char* kZonal = R"(apiVersion: v1
kind: Pod
metadata:
  name: zonal
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: topology.kubernetes.io/zone, operator: In, values: [zone-b, zone-c]}
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        preference:
          matchExpressions:
          - {key: topology.kubernetes.io/zone, operator: In, values: [zone-c]}
  containers:
  - name: nginx
    image: nginx
)";

const char* kZonalRequiredOnly = R"(apiVersion: v1
kind: Pod
metadata:
  name: zonal
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: topology.kubernetes.io/zone, operator: In, values: [zone-c]}
  containers:
  - name: nginx
    image: nginx
)";

const char* kNearCache = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector:
          matchLabels: {app: cache}
        topologyKey: kubernetes.io/hostname
  containers:
  - name: nginx
    image: nginx
)";

QByteArray spread(const char* rule)
{
    return QByteArray(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: spread
spec:
  replicas: 4
  selector:
    matchLabels: {app: spread}
  template:
    metadata:
      labels: {app: spread}
    spec:
      affinity:
        podAntiAffinity:
)") + rule + R"(
      containers:
      - name: nginx
        image: nginx
)";
}

const char* kRequiredAnti = R"(          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchLabels: {app: spread}
            topologyKey: kubernetes.io/hostname)";

const char* kPreferredAnti = R"(          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector:
                matchLabels: {app: spread}
              topologyKey: kubernetes.io/hostname)";

const char* kNodePort = R"(apiVersion: v1
kind: Service
metadata:
  name: web-nodeport
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {port: 80, targetPort: 80, nodePort: 30080}
)";

const char* kHeadless = R"(apiVersion: v1
kind: Service
metadata:
  name: web-headless
spec:
  clusterIP: None
  selector: {app: web}
  ports:
  - {port: 80}
)";

QByteArray staticVolume(const char* claimSize)
{
    return QByteArray(R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-data
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  hostPath: {path: /data/pv-data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources: {requests: {storage: )") + claimSize + "}}\n";
}

const char* kDynamic = R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
provisioner: example.com/fast
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: logs
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  resources: {requests: {storage: 2Gi}}
)";

const char* kSharedEmptyDir = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  volumes:
  - name: shared
    emptyDir: {}
  containers:
  - name: nginx
    image: nginx
    volumeMounts:
    - {name: shared, mountPath: /usr/share/nginx/html}
  - name: writer
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: shared, mountPath: /data}
)";

const char* kReader = R"(apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  volumes:
  - name: config
    configMap: {name: app-config}
  containers:
  - name: app
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: config, mountPath: /etc/app}
)";

const char* kLogger = R"(apiVersion: v1
kind: Pod
metadata:
  name: logger
spec:
  volumes:
  - name: logs
    persistentVolumeClaim: {claimName: logs}
  containers:
  - name: busybox
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: logs, mountPath: /logs}
)";

const char* kApp = R"(apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
  containers:
  - name: nginx
    image: nginx
    volumeMounts:
    - {name: data, mountPath: /data}
)";

QByteArray crasher(const char* name, const char* policy)
{
    return QByteArray("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ") + name +
           "\nspec:\n  restartPolicy: " + policy +
           "\n  containers:\n  - name: app\n    image: busybox\n    command: [sh, -c, \"sleep 5; exit 1\"]\n";
}

QByteArray watched(const char* probe)
{
    return QByteArray(R"(apiVersion: v1
kind: Pod
metadata:
  name: watched
  annotations: {kubelab.io/behaviour: unhealthy-after=60s}
spec:
  containers:
  - name: web
    image: nginx:1.25
    ports:
    - containerPort: 80
    )") + probe + ": {httpGet: {path: /, port: 80}, periodSeconds: 10}\n";
}

const char* kGraceful = R"(apiVersion: v1
kind: Pod
metadata:
  name: graceful
spec:
  terminationGracePeriodSeconds: 60
  containers:
  - name: nginx
    image: nginx
)";

const char* kCareful = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: careful
spec:
  replicas: 2
  strategy:
    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
  selector:
    matchLabels: {app: careful}
  template:
    metadata:
      labels: {app: careful}
    spec:
      containers:
      - name: nginx
        image: nginx
)";

QByteArray podReader(const char* ns)
{
    return QByteArray(R"(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: )") + ns + R"(
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: )" + ns + R"(
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
)";
}

QByteArray ciView(const char* bindingKind)
{
    const QByteArray kind(bindingKind);
    return QByteArray(R"(apiVersion: v1
kind: ServiceAccount
metadata:
  name: ci
  namespace: prod
---
apiVersion: rbac.authorization.k8s.io/v1
kind: )") + kind + "\nmetadata:\n  name: ci-view\n" + (kind == "RoleBinding" ? "  namespace: prod\n" : "") + R"(roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
- {kind: ServiceAccount, name: ci, namespace: prod}
)";
}

QByteArray restrictedApp(const char* runAsUser)
{
    return QByteArray(R"(apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: secure
spec:
  containers:
  - name: nginx
    image: nginx
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: {drop: [ALL]}
      runAsNonRoot: true
      seccompProfile: {type: RuntimeDefault}
)") + runAsUser;
}

const char* kDefaults = R"(apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: team-a
spec:
  limits:
  - type: Container
    defaultRequest: {cpu: 250m}
    default: {cpu: 500m}
)";

QByteArray allowFrontend(const char* extraPeer)
{
    return QByteArray(R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-allow-frontend
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels: {role: frontend}
)") + extraPeer;
}

const char* kDefaultDeny = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector: {}
  policyTypes: [Ingress]
)";

QByteArray shopIngress(const char* host, const char* extraPath)
{
    return QByteArray(R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
  - )") + host + R"(http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: shop, port: {number: 80}}
)" + extraPath;
}

const char* kApiPath = R"(      - path: /api
        pathType: Prefix
        backend:
          service: {name: api, port: {number: 8080}}
)";

QByteArray statefulDb(const char* serviceName)
{
    return QByteArray(R"(apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
  ports:
  - {port: 6379}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: )") + serviceName + R"(
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: redis
        image: redis:7
)";
}

// Two profiles: the default one, and bin-packer scoring with MostAllocated; then ssd-first,
// in which NodeAffinity's score weighs 5 (`weightPoint` score), or where a learner put the
// weight under filter, which kube-scheduler ignores.
QByteArray schedulerProfiles(const char* weightPoint)
{
    QByteArray yaml = R"(apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
- schedulerName: bin-packer
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy: {type: MostAllocated}
)";
    if (weightPoint)
        yaml += QByteArray(R"(- schedulerName: ssd-first
  plugins:
    )") + weightPoint + R"(:
      enabled:
      - {name: NodeAffinity, weight: 5}
)";
    return yaml;
}

const char* kPackedAndSpread = R"(apiVersion: v1
kind: Pod
metadata: {name: packed}
spec:
  schedulerName: bin-packer
  containers:
  - {name: nginx, image: nginx, resources: {requests: {cpu: 250m, memory: 256Mi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: spread}
spec:
  containers:
  - {name: nginx, image: nginx, resources: {requests: {cpu: 250m, memory: 256Mi}}}
)";

const char* kSsdDb = R"(apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  schedulerName: ssd-first
  affinity:
    nodeAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        preference:
          matchExpressions:
          - {key: disktype, operator: In, values: [ssd]}
  containers:
  - {name: redis, image: "redis:7"}
)";

QByteArray webLocal(const char* policy)
{
    return QByteArray(R"(apiVersion: v1
kind: Service
metadata: {name: web-local}
spec:
  type: NodePort
  )") + policy + R"(: Local
  selector: {app: web}
  ports:
  - {port: 80, targetPort: 80, nodePort: 30080}
)";
}

/// Every built-in lesson's solution, by lesson id.
QMap<QString, Solution> solutions()
{
    QMap<QString, Solution> s;
    s[QStringLiteral("namespaces")] = {
        {{k("create namespace dev"), k("create namespace prod"), k("create deployment web --image=nginx -n dev"),
          k("create deployment web --image=nginx --replicas=3 -n prod")},
         {k("delete namespace dev")}},
        0,
        {k("create namespace dev"), k("create namespace prod"), k("create deployment web --image=nginx -n dev"),
         k("create deployment web --image=nginx --replicas=3 -n prod"), k("create deployment web --image=nginx")}};
    s[QStringLiteral("resource-requests")] = {
        {{apply(kBox)}, {apply(kExtra)}, {k("run tiny --image=nginx")}}, 1, {apply(kExtraSmall)}};
    s[QStringLiteral("node-affinity")] = {
        {{k("label node node-2 disktype=ssd"), apply(kFast)}, {apply(kZonal)}}, 1, {apply(kZonalRequiredOnly)}};
    s[QStringLiteral("pod-affinity")] = {{{apply(kNearCache)}, {{words("apply -f -"), spread(kRequiredAnti)}}},
                                         1,
                                         {{words("apply -f -"), spread(kPreferredAnti)}}};
    s[QStringLiteral("nodename-daemonset")] = {
        {{apply(kPinned)}, {apply(kByHand), {words("create -f -"), QByteArray(kBindByHand)}}, {apply(kAgent), k("add node node-4")}},
        1,
        // Created for a scheduler that does not run, and never bound.
        {apply(kByHand)}};
    s[QStringLiteral("taints-tolerations")] = {
        {{k("taint node node-3 gpu=true:NoSchedule"), k("create deployment web --image=nginx --replicas=6")},
         {apply(kTrainer)},
         {k("taint node node-2 maintenance=true:NoExecute")}},
        0,
        {k("taint node node-3 gpu=true:PreferNoSchedule"), k("create deployment web --image=nginx --replicas=6")}};
    s[QStringLiteral("pending-pod")] = {
        {{k("set resources deployment api --requests=cpu=1")}, {k("label node node-2 disktype=ssd")}},
        1,
        {k("label node node-1 disktype=ssd")}};
    s[QStringLiteral("deployment-rollout")] = {
        {{k("create deployment web --image=nginx:1.7.9 --replicas=3")},
         {k("set image deployment/web nginx=nginx:1.9.1")},
         {k("rollout pause deployment/web"), k("set image deployment/web nginx=nginx:1.10.0")},
         {k("set image deployment/web nginx=nginx:1.9.1"), k("rollout resume deployment/web")},
         {k("rollout undo deployment/web")},
         {k("scale deployment web --replicas=5")}},
        2,
        // Paused, but the change not made.
        {k("rollout pause deployment/web")}};
    s[QStringLiteral("services")] = {
        {{k("expose deployment web --port=80")}, {apply(kNodePort)}, {apply(kHeadless)}},
        1,
        {k("create service nodeport web-nodeport --tcp=80:80 --node-port=30080")}};
    s[QStringLiteral("persistent-volumes")] = {
        {{{words("apply -f -"), staticVolume("1Gi")}},
         {apply(kDynamic)},
         {apply(kApp)},
         {k(R"(patch sc fast -p {"allowVolumeExpansion":true})"),
          k(R"(patch pvc logs -p {"spec":{"resources":{"requests":{"storage":"4Gi"}}}})"), apply(kLogger)}},
        0,
        // A claim bigger than the volume stays Pending.
        {{words("apply -f -"), staticVolume("2Gi")}}};
    s[QStringLiteral("volumes")] = {
        {{apply(kSharedEmptyDir)}, {k("create configmap app-config --from-literal=mode=lab"), apply(kReader)}},
        1,
        // The pod without its ConfigMap stays ContainerCreating.
        {apply(kReader)}};
    s[QStringLiteral("self-healing")] = {
        {{{words("apply -f -"), crasher("once", "Never")}, {words("apply -f -"), crasher("again", "Always")}, k("advance 2m")},
         {{words("apply -f -"), watched("livenessProbe")}, k("advance 3m")}},
        1,
        {{words("apply -f -"), watched("readinessProbe")}, k("advance 3m")}};
    s[QStringLiteral("components-tour")] = {
        {{k("add node node-1"), k("add node node-2")}, {k("create deployment hello --image=nginx")}},
        0,
        {k("add node node-1")}};
    s[QStringLiteral("kubectl-explain")] = {
        {{apply(kGraceful)}, {apply(kCareful)}}, 1, {k("create deployment careful --image=nginx --replicas=2")}};
    s[QStringLiteral("rbac")] = {
        {{{words("apply -f -"), podReader("prod")}}, {{words("apply -f -"), ciView("RoleBinding")}}},
        0,
        // Forgot the namespace: alice may read the pods of default, not of prod.
        {{words("apply -f -"), podReader("default")}}};
    s[QStringLiteral("pod-security")] = {
        {{k("label namespace secure pod-security.kubernetes.io/enforce=restricted")},
         {{words("apply -f -"), restrictedApp("      runAsUser: 1000\n")}}},
        1,
        // Admitted, but nginx would run as root: CreateContainerConfigError.
        {{words("apply -f -"), restrictedApp("")}}};
    s[QStringLiteral("quota-limitrange")] = {
        {{apply(kDefaults), k("run probe --image=nginx -n team-a")},
         {k("create quota compute --hard=requests.cpu=1,pods=10 -n team-a"),
          k("create deployment web --image=nginx --replicas=5 -n team-a")}},
        1,
        // A quota on pods alone lets all 5 run.
        {k("create quota compute --hard=pods=10 -n team-a"), k("create deployment web --image=nginx --replicas=5 -n team-a")}};
    s[QStringLiteral("network-policy")] = {
        {{{words("apply -f -"), allowFrontend("")}}, {apply(kDefaultDeny)}},
        0,
        // A second peer that lets in every pod of every namespace.
        {{words("apply -f -"), allowFrontend("    - namespaceSelector: {}\n")}}};
    s[QStringLiteral("ingress")] = {
        {{{words("apply -f -"), shopIngress("host: shop.example\n    ", "")}},
         {{words("apply -f -"), shopIngress("host: shop.example\n    ", kApiPath)}}},
        0,
        // No host: the rule serves every host name.
        {{words("apply -f -"), shopIngress("", "")}}};
    s[QStringLiteral("etcd")] = {
        {{apply(kDbSecret)}, {apply(kEncryptSecrets), {words("replace -f -"), QByteArray(kDbSecretAgain)}}},
        1,
        // Encryption configured, the Secret never written again: still plain in etcd.
        {apply(kEncryptSecrets)}};
    s[QStringLiteral("dns")] = {
        {{{words("apply -f -"), statefulDb("db")}, k("advance 1m")},
         {k("create service externalname search --external-name=www.example.com")}},
        0,
        // The pods' subdomain names no Service: they get no names of their own.
        {{words("apply -f -"), statefulDb("redis")}, k("advance 1m")}};
    s[QStringLiteral("scheduler-profiles")] = {
        {{{words("apply -f -"), schedulerProfiles(nullptr)}, apply(kPackedAndSpread)},
         {{words("apply -f -"), schedulerProfiles("score")}, apply(kSsdDb)}},
        1,
        // The weight under filter: accepted, and ignored; db goes to an untainted node.
        {{words("apply -f -"), schedulerProfiles("filter")}, apply(kSsdDb)}};
    s[QStringLiteral("monitoring")] = {
        {{k("label pod indexer attention=cpu")},
         {k("annotate pod importer missing-file=/data/orders-2024.csv")},
         {k("set resources deployment uploader --limits=memory=512Mi")}},
        0,
        // The biggest request, not the biggest use.
        {k("label pod thumbnailer attention=cpu")}};
    s[QStringLiteral("autoscaling")] = {
        {{k("autoscale deployment web --cpu-percent=50 --min=1 --max=5"), k("advance 30s"),
          k("set resources deployment web --requests=cpu=200m"), k("advance 30s")},
         {k(R"(patch deployment web -p {"spec":{"template":{"metadata":{"annotations":{"kubelab.io/behaviour":"cpu=150m"}}}}})"),
          k("advance 2m")},
         {k(R"(patch deployment web -p {"spec":{"template":{"metadata":{"annotations":{"kubelab.io/behaviour":"cpu=10m"}}}}})"),
          k("advance 2m"), k("advance 5m")},
         {k(R"(patch deployment web -p {"spec":{"template":{"metadata":{"annotations":{"kubelab.io/behaviour":"load=300m"}}}}})"),
          k("advance 2m")}},
        0,
        // No CPU request: the utilization cannot be computed (cpu: <unknown>/50%).
        {k("autoscale deployment web --cpu-percent=50 --min=1 --max=5"), k("advance 30s")}};
    s[QStringLiteral("kube-proxy")] = {
        {{k("scale deployment web --replicas=4")},
         {k("proxy-mode ipvs")},
         {{words("apply -f -"), webLocal("externalTrafficPolicy")}, k("proxy-mode iptables")}},
        2,
        // The other traffic policy: a node port still sends to every endpoint.
        {{words("apply -f -"), webLocal("internalTrafficPolicy")}}};
    return s;
}

QStringList builtinLessonIds()
{
    Lab lab;
    Output o = lab.run(words("lesson list -o name"));
    return o.out.split(u'\n', Qt::SkipEmptyParts);
}

} // namespace

void TestLessons::solveLesson_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<Solution>("solution");
    const auto all = solutions();
    for (auto it = all.begin(); it != all.end(); ++it)
        QTest::addRow("%s", qPrintable(it.key())) << it.key() << it.value();
}

void TestLessons::solveLesson()
{
    QFETCH(QString, id);
    QFETCH(Solution, solution);

    // The right solution, step by step; before each step is done its check fails.
    Lab lab;
    Output started = lab.run({QStringLiteral("lesson"), QStringLiteral("start"), id});
    QVERIFY2(started.exitCode == 0, qPrintable(started.err));
    for (int i = 0; i < solution.steps.size(); ++i) {
        Output before = lab.run(words("lesson check"));
        QVERIFY2(before.exitCode == 1,
                 qPrintable(QStringLiteral("step %1 passes before it is done:\n%2").arg(i + 1).arg(before.out)));
        QCOMPARE(lab.run(words("lesson next")).exitCode, 1);
        QString failure = lab.runAll(solution.steps[i]);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        Output check = lab.run(words("lesson check"));
        QVERIFY2(check.exitCode == 0, qPrintable(QStringLiteral("step %1:\n%2%3").arg(i + 1).arg(check.out, check.err)));
        Output next = lab.run(words("lesson next"));
        QVERIFY2(next.exitCode == 0, qPrintable(next.err));
    }
    Output status = lab.run(words("lesson status"));
    QVERIFY2(status.out.contains(QStringLiteral("Progress: complete")), qPrintable(status.out));

    // A wrong attempt at one step fails its check, and `lesson next` refuses to go on.
    Lab wrong;
    QCOMPARE(wrong.run({QStringLiteral("lesson"), QStringLiteral("start"), id}).exitCode, 0);
    for (int i = 0; i < solution.wrongStep; ++i) {
        QString failure = wrong.runAll(solution.steps[i]);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(wrong.run(words("lesson next")).exitCode, 0);
    }
    QString failure = wrong.runAll(solution.wrong);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    Output check = wrong.run(words("lesson check"));
    QVERIFY2(check.exitCode == 1, qPrintable(QStringLiteral("the wrong solution passes:\n%1").arg(check.out)));
    QVERIFY(check.out.contains(QStringLiteral("FAIL")));
    QCOMPARE(wrong.run(words("lesson next")).exitCode, 1);
}

void TestLessons::everyBuiltinLessonIsSolved()
{
    const QStringList ids = builtinLessonIds();
    QVERIFY(ids.size() >= 9);
    const auto all = solutions();
    for (const QString& id : ids)
        QVERIFY2(all.contains(id), qPrintable(QStringLiteral("no solution for lesson %1").arg(id)));
    // Every built-in lesson validates and has its Chinese text.
    for (const QString& name : QDir(QStringLiteral(KUBELAB_SOURCE_DIR "/resources/lessons")).entryList({"*.yaml"})) {
        Lab lab;
        const QString file = QStringLiteral(KUBELAB_SOURCE_DIR "/resources/lessons/") + name;
        Output o = lab.run({QStringLiteral("lesson"), QStringLiteral("validate"), file});
        QVERIFY2(o.exitCode == 0, qPrintable(o.err));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QCOMPARE(text.count(QStringLiteral(" en:")), text.count(QStringLiteral(" zh_CN:")));
    }
}

void TestLessons::badLessonFiles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");

    const QByteArray head = "id: bad\ntitle: {en: Bad}\n";
    QTest::addRow("not yaml") << QByteArray("id: [x\n") << QStringLiteral("error: bad.yaml:2:1: yaml: did not find expected ',' or ']'\n");
    QTest::addRow("no id") << QByteArray("title: {en: x}\nsteps: []\n")
                           << QStringLiteral("error: bad.yaml:1:1: a lesson needs an id\n");
    QTest::addRow("bad id") << QByteArray("id: Bad_Id\n")
                            << QStringLiteral("error: bad.yaml:1:5: id \"Bad_Id\" must be lower-case letters, digits and '-'\n");
    QTest::addRow("unknown field") << head + "stpes: []\n"
                                   << QStringLiteral("error: bad.yaml:3:1: unknown field \"stpes\" in lesson\n");
    QTest::addRow("no steps") << head << QStringLiteral("error: bad.yaml:1:1: a lesson needs a list of steps\n");
    QTest::addRow("unknown scenario")
        << head + "lab: {scenario: nope}\nsteps: []\n"
        << QStringLiteral("error: bad.yaml:3:17: unknown scenario \"nope\"; see 'klab scenario list'\n");
    QTest::addRow("step without checks") << head + "steps:\n- title: {en: One}\n"
                                         << QStringLiteral("error: bad.yaml:4:3: a step needs a list of checks\n");
    QTest::addRow("unknown kind") << head + "steps:\n- title: One\n  checks:\n  - {kind: Pdo, name: x}\n"
                                  << QStringLiteral("error: bad.yaml:6:12: unknown kind \"Pdo\"\n");
    QTest::addRow("typo in a check")
        << head + "steps:\n- title: One\n  checks:\n  - kind: Pod\n    name: x\n    phse: Running\n"
        << QStringLiteral("error: bad.yaml:8:5: unknown field \"phse\" in check\n");
    QTest::addRow("field of another kind")
        << head + "steps:\n- title: One\n  checks:\n  - {kind: Service, name: x, availableReplicas: 3}\n"
        << QStringLiteral("error: bad.yaml:6:30: field \"availableReplicas\" is not known for kind Service (use a "
                          "jsonpath such as '.status.phase')\n");
    QTest::addRow("bad comparison")
        << head + "steps:\n- title: One\n  checks:\n  - {kind: Pod, selector: app=x, count: {atleast: 2}}\n"
        << QStringLiteral("error: bad.yaml:6:42: unknown comparison \"atleast\" (equals, not, atLeast, atMost, contains)\n");
    QTest::addRow("bad jsonpath")
        << head + "steps:\n- title: One\n  checks:\n  - {kind: Pod, name: x, jsonpath: '{.status', equals: a}\n"
        << QStringLiteral("error: bad.yaml:6:36: jsonpath unclosed action\n");
    QTest::addRow("jsonpath without a value")
        << head + "steps:\n- title: One\n  checks:\n  - {kind: Pod, name: x, jsonpath: '{.status.phase}'}\n"
        << QStringLiteral("error: bad.yaml:6:36: jsonpath needs a value to compare with (equals, not, atLeast, atMost, "
                          "contains)\n");
    QTest::addRow("bad selector")
        << head + "steps:\n- title: One\n  checks:\n  - {kind: Pod, selector: 'a in (', count: 1}\n"
        << QStringLiteral("error: bad.yaml:6:27: unable to parse requirement: found '', expected: ',', ')' or identifier\n");
    QTest::addRow("text without English")
        << QByteArray("id: bad\ntitle: {zh_CN: 坏}\n")
        << QStringLiteral("error: bad.yaml:2:8: title needs its English text (en)\n");
    QTest::addRow("bad manifest kind")
        << head + "lab:\n  manifests:\n  - {apiVersion: v1, kind: Nodee, metadata: {name: n}}\nsteps: []\n"
        << QStringLiteral("error: bad.yaml:5:5: no matches for kind \"Nodee\" in version \"v1\"\n");
    QTest::addRow("missing lab file")
        << head + "lab: {files: [nothere.yaml]}\nsteps: []\n"
        << QStringLiteral("error: bad.yaml:3:15: the path \"./nothere.yaml\" does not exist\n");
    // Found by fuzzing: yaml-cpp alone reads this as empty documents without end.
    QTest::addRow("endless documents") << QByteArray("!,#")
                                       << QStringLiteral("error: bad.yaml:1:2: yaml: did not find expected <document start>\n");
    // A lesson reads only the files beside it.
    QTest::addRow("absolute lab file")
        << head + "lab: {files: [/etc/hostname]}\nsteps: []\n"
        << QStringLiteral("error: bad.yaml:3:15: lab.files names files beside the lesson: \"/etc/hostname\" is outside "
                          "its folder\n");
    QTest::addRow("device as lab file")
        << head + "lab: {files: [/dev/zero]}\nsteps: []\n"
        << QStringLiteral("error: bad.yaml:3:15: lab.files names files beside the lesson: \"/dev/zero\" is outside "
                          "its folder\n");
    QTest::addRow("lab file above the lesson")
        << head + "lab: {files: [sub/../../x.yaml]}\nsteps: []\n"
        << QStringLiteral("error: bad.yaml:3:15: lab.files names files beside the lesson: \"sub/../../x.yaml\" is "
                          "outside its folder\n");
    QTest::addRow("kube-proxy configuration with a name")
        << head + "steps:\n- title: One\n  checks:\n  - {kind: KubeProxyConfiguration, name: kube-proxy, mode: ipvs}\n"
        << QStringLiteral("error: bad.yaml:6:42: the lab has one kube-proxy configuration: a check on it takes conditions "
                          "only, not name\n");
    QTest::addRow("kube-proxy configuration without a condition")
        << head + "steps:\n- title: One\n  checks:\n  - {kind: KubeProxyConfiguration}\n"
        << QStringLiteral("error: bad.yaml:6:5: a check on the KubeProxyConfiguration needs a condition, such as mode: "
                          "ipvs\n");
    QTest::addRow("kube-proxy configuration is not stored")
        << head + "steps:\n- title: One\n  checks:\n  - {kind: KubeProxyConfiguration, stored: {contains: ipvs}}\n"
        << QStringLiteral("error: bad.yaml:6:36: field \"stored\" is not known for kind KubeProxyConfiguration (use a "
                          "jsonpath such as '.status.phase')\n");
    QTest::addRow("mode of a pod")
        << head + "steps:\n- title: One\n  checks:\n  - {kind: Pod, name: x, mode: ipvs}\n"
        << QStringLiteral("error: bad.yaml:6:26: field \"mode\" is not known for kind Pod (use a jsonpath such as "
                          "'.status.phase')\n");
    QTest::addRow("folder as lab file")
        << head + "lab: {files: [.]}\nsteps: []\n"
        << QStringLiteral("error: bad.yaml:3:15: the path \"./.\" is not a file\n");
}

void TestLessons::lessonFileLinkedOutside()
{
    // A link beside the lesson that points out of its folder is refused like a path that does.
    Lab lab;
    QVERIFY(QFile::link(QStringLiteral("/etc/hostname"), lab.path() + QStringLiteral("/hosts.yaml")));
    QFile f(lab.path() + QStringLiteral("/linked.yaml"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("id: linked\ntitle: {en: Linked}\nlab: {files: [hosts.yaml]}\nsteps: []\n");
    f.close();
    Output validate = lab.run(words("lesson validate linked.yaml"));
    QCOMPARE(validate.err, QStringLiteral("error: linked.yaml:3:15: lab.files names files beside the lesson: "
                                          "\"hosts.yaml\" is outside its folder\n"));
    QCOMPARE(validate.exitCode, 1);
}

void TestLessons::badLessonFiles()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    Lab lab;
    QFile f(lab.path() + QStringLiteral("/bad.yaml"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
    f.close();
    Output validate = lab.run(words("lesson validate bad.yaml"));
    QCOMPARE(validate.err, error);
    QCOMPARE(validate.exitCode, 1);
    QCOMPARE(validate.out, QString());
    // Starting it is refused the same way, and the lab is left as it was (empty).
    Output start = lab.run(words("lesson start bad.yaml"));
    QCOMPARE(start.err, error);
    QCOMPARE(start.exitCode, 1);
    Output nodes = lab.run(words("get nodes"));
    QCOMPARE(nodes.err, QStringLiteral("No resources found\n"));
    QCOMPARE(lab.run(words("lesson status")).exitCode, 1);
}

void TestLessons::instructorLesson()
{
    Lab lab;
    const QString dir = QStringLiteral(KUBELAB_TEST_DATA "/lessons/");
    for (const char* name : {"good.yaml", "good-lab.yaml"})
        QVERIFY(QFile::copy(dir + QString::fromUtf8(name), lab.path() + u'/' + QString::fromUtf8(name)));
    Output v = lab.run(words("lesson validate good.yaml"));
    QCOMPARE(v.out, QStringLiteral("lesson my-first-lesson is valid: 1 steps, 4 checks, 1 manifests on scenario three-nodes\n"));
    QCOMPARE(v.exitCode, 0);
    QCOMPARE(lab.run(words("lesson start good.yaml")).exitCode, 0);
    // The lesson travels with the lab: its file is no longer needed.
    QVERIFY(QFile::remove(lab.path() + QStringLiteral("/good.yaml")));
    QCOMPARE(lab.run(words("lesson check")).exitCode, 1);
    QCOMPARE(lab.run(words("scale deployment hello --replicas=2")).exitCode, 0);
    Output check = lab.run(words("lesson check"));
    QCOMPARE(check.out, QStringLiteral("Step 1 of 1: Scale hello to 2\n"
                                       "  PASS  deployment hello: availableReplicas = 2, image = nginx:1.25\n"
                                       "  PASS  pods with app=hello, phase = Running: count = 2\n"
                                       "  PASS  pod ghost does not exist\n"
                                       "  PASS  deployment hello: {.spec.template.spec.containers[0].name} = nginx\n"
                                       "All 4 checks pass. Run 'klab lesson next' to go on.\n"));
    QCOMPARE(check.exitCode, 0);
    Output next = lab.run(words("lesson next --lang zh_CN"));
    QCOMPARE(next.out, QStringLiteral("课程完成：我的第一课。做得好！\n"));
}

void TestLessons::aLessonBringsItsOwnImages()
{
    // An instructor's lab adds its own repositories to the lab's registries (ImageCatalog),
    // so the lesson's pods pull them instead of failing with ErrImagePull.
    Lab lab;
    QFile file(lab.path() + QStringLiteral("/shop.yaml"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("id: shop\ntopic: basics\ntitle: {en: Shop, zh_CN: 商店}\nlab:\n  manifests:\n"
               "  - {apiVersion: v1, kind: Node, metadata: {name: node-1}, status: {capacity: {cpu: '4', memory: 8Gi, "
               "pods: '110'}, allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}}\n"
               "  - apiVersion: kubelab.io/v1alpha1\n    kind: ImageCatalog\n    metadata: {name: shop}\n"
               "    images: [{repository: registry.example.com/shop/frontend, size: 120Mi}]\n"
               "  - {apiVersion: v1, kind: Pod, metadata: {name: shop}, spec: {containers: [{name: web, image: "
               "'registry.example.com/shop/frontend:2.1'}]}}\n"
               "steps:\n- title: {en: Look, zh_CN: 看}\n  checks:\n  - {kind: Pod, name: shop, phase: Running}\n");
    file.close();
    Output v = lab.run(words("lesson validate shop.yaml"));
    QCOMPARE(v.exitCode, 0);
    QCOMPARE(lab.run(words("lesson start shop.yaml")).exitCode, 0);
    QCOMPARE(lab.run(words("lesson check")).exitCode, 0);
    QCOMPARE(lab.run(words("images --no-headers")).out.count(QStringLiteral("registry.example.com/shop/frontend")), 1);
}

void TestLessons::kubeProxyConfigurationCheck()
{
    // kube-proxy's mode is no API object: a check reads the lab's kube-proxy configuration,
    // which `klab proxy-mode` sets.
    Lab lab;
    QFile file(lab.path() + QStringLiteral("/proxy.yaml"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("id: proxy\ntitle: {en: Proxy, zh_CN: 代理}\nlab: {scenario: three-nodes}\nsteps:\n"
               "- title: {en: IPVS, zh_CN: IPVS}\n  checks:\n  - {kind: KubeProxyConfiguration, mode: ipvs}\n"
               "  - {kind: KubeProxyConfiguration, jsonpath: '{.clusterCIDR}', equals: 10.244.0.0/16}\n");
    file.close();
    QCOMPARE(lab.run(words("lesson validate proxy.yaml")).exitCode, 0);
    QCOMPARE(lab.run(words("lesson start proxy.yaml")).exitCode, 0);
    Output before = lab.run(words("lesson check"));
    QCOMPARE(before.out, QStringLiteral("Step 1 of 1: IPVS\n"
                                        "  FAIL  kube-proxy configuration: mode = ipvs (mode is iptables)\n"
                                        "  PASS  kube-proxy configuration: {.clusterCIDR} = 10.244.0.0/16\n"
                                        "1 of 2 checks fail.\n"));
    QCOMPARE(before.exitCode, 1);
    QCOMPARE(lab.run(words("proxy-mode ipvs")).exitCode, 0);
    Output after = lab.run(words("lesson check --lang zh_CN"));
    QVERIFY2(after.out.contains(QStringLiteral("  通过    kube-proxy 配置：mode = ipvs\n")), qPrintable(after.out));
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(lab.run(words("proxy-mode iptables")).exitCode, 0);
    QCOMPARE(lab.run(words("lesson check")).exitCode, 1);
}

void TestLessons::goldens_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<Commands>("setup");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("golden");

    QTest::addRow("status en") << QStringLiteral("taints-tolerations") << Commands{} << words("lesson status") << 0
                               << QStringLiteral("lesson-status");
    QTest::addRow("status zh") << QStringLiteral("taints-tolerations") << Commands{}
                               << words("lesson status --lang zh_CN") << 0 << QStringLiteral("lesson-status-zh");
    QTest::addRow("check en, partly done")
        << QStringLiteral("taints-tolerations") << Commands{k("create deployment web --image=nginx --replicas=6")}
        << words("lesson check") << 1 << QStringLiteral("lesson-check");
    QTest::addRow("check zh, partly done")
        << QStringLiteral("taints-tolerations") << Commands{k("create deployment web --image=nginx --replicas=6")}
        << words("lesson check --lang zh_CN") << 1 << QStringLiteral("lesson-check-zh");
    QTest::addRow("check, Pending pod") << QStringLiteral("pending-pod") << Commands{} << words("lesson check") << 1
                                        << QStringLiteral("lesson-check-pending");
    QTest::addRow("hint twice") << QStringLiteral("pending-pod") << Commands{k("lesson hint")} << words("lesson hint")
                                << 0 << QStringLiteral("lesson-hint");
    QTest::addRow("list") << QStringLiteral("taints-tolerations") << Commands{} << words("lesson list") << 0
                          << QStringLiteral("lesson-list");
    QTest::addRow("list zh") << QStringLiteral("taints-tolerations") << Commands{} << words("lesson list --lang zh_CN")
                             << 0 << QStringLiteral("lesson-list-zh");
}

void TestLessons::goldens()
{
    QFETCH(QString, id);
    QFETCH(Commands, setup);
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, golden);

    Lab lab;
    QCOMPARE(lab.run({QStringLiteral("lesson"), QStringLiteral("start"), id}).exitCode, 0);
    QString failure = lab.runAll(setup);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    Output o = lab.run(args);
    QCOMPARE(o.err, QString());
    QCOMPARE(o.exitCode, exitCode);
    QFile file(goldenPath(golden));
    if (qEnvironmentVariableIsSet("KUBELAB_UPDATE_GOLDEN")) {
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(o.out.toUtf8());
        return;
    }
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QCOMPARE(o.out, QString::fromUtf8(file.readAll()));
}

QTEST_APPLESS_MAIN(TestLessons)
#include "tst_lessons.moc"
