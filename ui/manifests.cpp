// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/manifests.h"

#include <functional>

namespace kubelab::ui {

QString freeName(const QString& prefix, const std::function<bool(const QString&)>& taken)
{
    for (int n = 1;; ++n) {
        const QString name = QStringLiteral("%1-%2").arg(prefix).arg(n);
        if (!taken(name))
            return name;
    }
}

QMap<QString, QString> proposedSelector(const scenes::PodView& pod, const scenes::LabSnapshot& s)
{
    static const QStringList perPod{QStringLiteral("pod-template-hash"), QStringLiteral("controller-revision-hash"),
                                    QStringLiteral("statefulset.kubernetes.io/pod-name"),
                                    QStringLiteral("apps.kubernetes.io/pod-index")};
    QMap<QString, QString> common = pod.labels;
    for (const QString& key : perPod)
        common.remove(key);
    if (pod.ownerName.isEmpty())
        return common;
    for (const scenes::PodView& other : s.pods) {
        if (other.ns != pod.ns || other.ownerKind != pod.ownerKind || other.ownerName != pod.ownerName)
            continue;
        for (auto it = common.begin(); it != common.end();)
            it = other.labels.value(it.key()) == it.value() ? std::next(it) : common.erase(it);
    }
    return common;
}

QString serviceManifestFor(const scenes::PodView& pod, const QMap<QString, QString>& selector,
                           const scenes::LabSnapshot& s)
{
    QString base = selector.value(QStringLiteral("app"));
    if (base.isEmpty())
        base = selector.value(QStringLiteral("app.kubernetes.io/name"));
    if (base.isEmpty())
        base = QStringLiteral("svc");
    const QString prefix = pod.ns + QLatin1Char('/');
    const QString name = s.services.contains(prefix + base)
                             ? freeName(base + QStringLiteral("-svc"),
                                        [&](const QString& n) { return s.services.contains(prefix + n); })
                             : base;
    QString yaml = QStringLiteral("apiVersion: v1\n"
                                  "kind: Service\n"
                                  "metadata:\n"
                                  "  name: %1\n"
                                  "  namespace: %2\n"
                                  "spec:\n"
                                  "  selector:\n")
                       .arg(name, pod.ns);
    for (auto it = selector.cbegin(); it != selector.cend(); ++it)
        yaml += QStringLiteral("    %1: \"%2\"\n").arg(it.key(), it.value());
    yaml += QStringLiteral("  ports:\n"
                           "  - port: 80\n"
                           "    targetPort: 80\n");
    return yaml;
}

QString manifestForDrop(const QString& kind, const DropTarget& target, const scenes::LabSnapshot& s)
{
    auto inDefault = [](const QString& name) { return QStringLiteral("default/") + name; };
    if (kind == QLatin1String("Node")) {
        const QString name = freeName(QStringLiteral("node"), [&](const QString& n) { return s.nodes.contains(n); });
        const QString zone = target.zone.isEmpty() ? QStringLiteral("zone-a") : target.zone;
        return QStringLiteral("apiVersion: v1\n"
                              "kind: Node\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "  labels:\n"
                              "    kubernetes.io/hostname: %1\n"
                              "    kubernetes.io/os: linux\n"
                              "    kubernetes.io/arch: amd64\n"
                              "    topology.kubernetes.io/zone: %2\n"
                              "status:\n"
                              "  capacity: {cpu: \"4\", memory: 8Gi, pods: \"110\", ephemeral-storage: 100Gi}\n"
                              "  allocatable: {cpu: \"4\", memory: 8Gi, pods: \"110\", ephemeral-storage: 100Gi}\n")
            .arg(name, zone);
    }
    if (kind == QLatin1String("Pod")) {
        const QString name =
            freeName(QStringLiteral("pod"), [&](const QString& n) { return s.pods.contains(inDefault(n)); });
        QString text = QStringLiteral("apiVersion: v1\n"
                                      "kind: Pod\n"
                                      "metadata:\n"
                                      "  name: %1\n"
                                      "  labels:\n"
                                      "    app: %1\n"
                                      "spec:\n")
                           .arg(name);
        if (!target.nodeName.isEmpty())
            text += QStringLiteral("  nodeName: %1\n").arg(target.nodeName);
        text += QStringLiteral("  containers:\n"
                               "  - name: app\n"
                               "    image: nginx:1.25\n"
                               "    resources:\n"
                               "      requests: {cpu: 250m, memory: 256Mi}\n"
                               "      limits: {cpu: 500m, memory: 512Mi}\n");
        return text;
    }
    if (kind == QLatin1String("Deployment")) {
        const QString name = freeName(QStringLiteral("app"), [&](const QString& n) {
            return s.workloads.contains(QStringLiteral("Deployment/default/") + n);
        });
        return QStringLiteral("apiVersion: apps/v1\n"
                              "kind: Deployment\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "spec:\n"
                              "  replicas: 2\n"
                              "  selector:\n"
                              "    matchLabels: {app: %1}\n"
                              "  template:\n"
                              "    metadata:\n"
                              "      labels: {app: %1}\n"
                              "    spec:\n"
                              "      containers:\n"
                              "      - name: app\n"
                              "        image: nginx:1.25\n"
                              "        ports:\n"
                              "        - containerPort: 80\n"
                              "        resources:\n"
                              "          requests: {cpu: 100m, memory: 128Mi}\n")
            .arg(name);
    }
    // The newest Deployment in default (its pods are what a Service, Ingress or policy is about).
    auto newestApp = [&s] {
        QString app = QStringLiteral("web");
        for (const scenes::WorkloadView& w : s.workloads)
            if (w.kind == QLatin1String("Deployment") && w.ns == QLatin1String("default"))
                app = w.name;
        return app;
    };
    auto otherTaken = [&s](const QString& kind, const QString& ns) {
        return [&s, kind, ns](const QString& n) {
            return s.others.contains(kind + QLatin1Char('/') + ns + QLatin1Char('/') + n);
        };
    };
    if (kind == QLatin1String("DaemonSet")) {
        const QString name = freeName(QStringLiteral("agent"), [&](const QString& n) {
            return s.workloads.contains(QStringLiteral("DaemonSet/default/") + n);
        });
        return QStringLiteral("apiVersion: apps/v1\n"
                              "kind: DaemonSet\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "spec:\n"
                              "  selector:\n"
                              "    matchLabels: {app: %1}\n"
                              "  template:\n"
                              "    metadata:\n"
                              "      labels: {app: %1}\n"
                              "    spec:\n"
                              "      containers:\n"
                              "      - name: agent\n"
                              "        image: busybox:1.36\n"
                              "        command: [sh, -c, \"echo collecting; sleep infinity\"]\n"
                              "        resources:\n"
                              "          requests: {cpu: 50m, memory: 64Mi}\n")
            .arg(name);
    }
    if (kind == QLatin1String("StatefulSet")) {
        const QString name = freeName(QStringLiteral("db"), [&](const QString& n) {
            return s.workloads.contains(QStringLiteral("StatefulSet/default/") + n);
        });
        return QStringLiteral("apiVersion: apps/v1\n"
                              "kind: StatefulSet\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "spec:\n"
                              "  serviceName: %1\n"
                              "  replicas: 2\n"
                              "  selector:\n"
                              "    matchLabels: {app: %1}\n"
                              "  template:\n"
                              "    metadata:\n"
                              "      labels: {app: %1}\n"
                              "    spec:\n"
                              "      containers:\n"
                              "      - name: redis\n"
                              "        image: redis:7\n"
                              "        ports:\n"
                              "        - containerPort: 6379\n"
                              "        resources:\n"
                              "          requests: {cpu: 100m, memory: 128Mi}\n")
            .arg(name);
    }
    if (kind == QLatin1String("Ingress")) {
        const QString app = newestApp();
        const QString name = freeName(app + QStringLiteral("-ingress"), otherTaken(QStringLiteral("Ingress"),
                                                                                   QStringLiteral("default")));
        return QStringLiteral("apiVersion: networking.k8s.io/v1\n"
                              "kind: Ingress\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "spec:\n"
                              "  rules:\n"
                              "  - host: %2.example.com\n"
                              "    http:\n"
                              "      paths:\n"
                              "      - path: /\n"
                              "        pathType: Prefix\n"
                              "        backend:\n"
                              "          service:\n"
                              "            name: %2\n"
                              "            port: {number: 80}\n")
            .arg(name, app);
    }
    if (kind == QLatin1String("StorageClass")) {
        const QString name = freeName(QStringLiteral("fast"), otherTaken(QStringLiteral("StorageClass"), QString()));
        return QStringLiteral("apiVersion: storage.k8s.io/v1\n"
                              "kind: StorageClass\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "provisioner: rancher.io/local-path\n"
                              "reclaimPolicy: Delete\n"
                              "volumeBindingMode: WaitForFirstConsumer\n")
            .arg(name);
    }
    if (kind == QLatin1String("NetworkPolicy")) {
        const QString app = newestApp();
        const QString name = freeName(QStringLiteral("allow-") + app, otherTaken(QStringLiteral("NetworkPolicy"),
                                                                                QStringLiteral("default")));
        return QStringLiteral("apiVersion: networking.k8s.io/v1\n"
                              "kind: NetworkPolicy\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "spec:\n"
                              "  podSelector:\n"
                              "    matchLabels: {app: %2}\n"
                              "  policyTypes: [Ingress]\n"
                              "  ingress:\n"
                              "  - from:\n"
                              "    - podSelector:\n"
                              "        matchLabels: {access: \"true\"}\n"
                              "    ports:\n"
                              "    - port: 80\n")
            .arg(name, app);
    }
    if (kind == QLatin1String("Service")) {
        // Select the newest Deployment's pods, so the Service has endpoints at once.
        const QString app = newestApp();
        const QString name = s.services.contains(inDefault(app))
                                 ? freeName(app + QStringLiteral("-svc"),
                                            [&](const QString& n) { return s.services.contains(inDefault(n)); })
                                 : app;
        return QStringLiteral("apiVersion: v1\n"
                              "kind: Service\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "spec:\n"
                              "  selector: {app: %2}\n"
                              "  ports:\n"
                              "  - port: 80\n"
                              "    targetPort: 80\n")
            .arg(name, app);
    }
    if (kind == QLatin1String("PersistentVolume")) {
        const QString name = freeName(QStringLiteral("pv"), [&](const QString& n) { return s.volumes.contains(n); });
        return QStringLiteral("apiVersion: v1\n"
                              "kind: PersistentVolume\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "spec:\n"
                              "  capacity: {storage: 1Gi}\n"
                              "  accessModes: [ReadWriteOnce]\n"
                              "  persistentVolumeReclaimPolicy: Retain\n"
                              "  storageClassName: manual\n"
                              "  hostPath: {path: /mnt/%1}\n")
            .arg(name);
    }
    if (kind == QLatin1String("PersistentVolumeClaim")) {
        const QString name =
            freeName(QStringLiteral("claim"), [&](const QString& n) { return s.claims.contains(inDefault(n)); });
        return QStringLiteral("apiVersion: v1\n"
                              "kind: PersistentVolumeClaim\n"
                              "metadata:\n"
                              "  name: %1\n"
                              "spec:\n"
                              "  storageClassName: manual\n"
                              "  accessModes: [ReadWriteOnce]\n"
                              "  resources:\n"
                              "    requests: {storage: 1Gi}\n")
            .arg(name);
    }
    if (kind == QLatin1String("Namespace")) {
        const QString name =
            freeName(QStringLiteral("team"), [&](const QString& n) { return s.namespaces.contains(n); });
        return QStringLiteral("apiVersion: v1\n"
                              "kind: Namespace\n"
                              "metadata:\n"
                              "  name: %1\n")
            .arg(name);
    }
    return {};
}

} // namespace kubelab::ui
