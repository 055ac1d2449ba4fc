// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's pkg/apis/{core,apps,batch,...}/validation/validation_test.go and
// the API server's answers as kubectl prints them; texts and field paths are upstream's.
#include <QTest>

#include <string>

#include "core/api/defaults.h"
#include "core/api/validation.h"

using kubelab::core::Json;

namespace {

/// Label regex texts (apimachinery util/validation), reused by many rows.
const QString kLabelMsg = QStringLiteral(
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
const QString kSubdomainMsg = QStringLiteral(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
const QString kQualifiedNameMsg = QStringLiteral(
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
const QString kLabelValueMsg = QStringLiteral(
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
const QString kDns1035Msg = QStringLiteral(
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
    "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");

QString pod(const QString& spec, const QString& metadata = QStringLiteral(R"("name":"web","namespace":"default")"))
{
    return QStringLiteral(R"({"apiVersion":"v1","kind":"Pod","metadata":{%1},"spec":{%2}})").arg(metadata, spec);
}

/// A pod with one container `c` (image nginx) and the given extra container fields.
QString podContainer(const QString& containerFields, const QString& specExtra = {})
{
    QString c = QStringLiteral(R"("name":"c","image":"nginx")");
    if (!containerFields.isEmpty())
        c += "," + containerFields;
    QString spec = QStringLiteral(R"("containers":[{%1}])").arg(c);
    if (!specExtra.isEmpty())
        spec += "," + specExtra;
    return pod(spec);
}

Json parse(const QString& text)
{
    try {
        return Json::parse(text.toStdString());
    } catch (const std::exception& e) {
        qFatal("bad test document %s: %s", qPrintable(text), e.what());
    }
}

QStringList run(const QString& object, const QString& old, bool defaults)
{
    Json doc = parse(object);
    Json previous;
    if (defaults)
        kubelab::core::applyDefaults(doc);
    if (!old.isEmpty()) {
        previous = parse(old);
        if (defaults)
            kubelab::core::applyDefaults(previous);
    }
    QStringList out;
    for (const auto& e : kubelab::core::validateObject(doc, old.isEmpty() ? nullptr : &previous))
        out << QString::fromStdString(e.toString());
    return out;
}

/// Compares error lists; an expected entry ending in "*" matches any error with that prefix.
void compareErrors(const QStringList& actual, const QStringList& expected)
{
    bool same = actual.size() == expected.size();
    for (qsizetype i = 0; same && i < actual.size(); ++i) {
        const QString& e = expected[i];
        same = e.endsWith('*') ? actual[i].startsWith(e.chopped(1)) : actual[i] == e;
    }
    if (!same)
        QCOMPARE(actual.join('\n'), expected.join('\n'));
}

} // namespace
class TestValidation : public QObject {
    Q_OBJECT

private slots:
    void pods_data();
    void pods() { check(); }
    void podUpdates_data();
    void podUpdates() { check(); }
    void workloads_data();
    void workloads() { check(); }
    void coreKinds_data();
    void coreKinds() { check(); }
    void otherKinds_data();
    void otherKinds() { check(); }
    void undefaulted_data();
    void undefaulted() { check(false); }
    void unknownKind();
    void wrongShapesDoNotThrow();

private:
    static void columns();
    static void check(bool defaults = true);
};

void TestValidation::columns()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("old");
    QTest::addColumn<QStringList>("errors");
}

void TestValidation::check(bool defaults)
{
    QFETCH(QString, object);
    QFETCH(QString, old);
    QFETCH(QStringList, errors);
    compareErrors(run(object, old, defaults), errors);
}

void TestValidation::pods_data()
{
    columns();
    const QString none;

    QTest::addRow("valid") << podContainer({}) << none << QStringList{};
    QTest::addRow("missing-containers") << pod(R"("containers":[])") << none
                                        << QStringList{"spec.containers: Required value"};
    QTest::addRow("missing-image") << pod(R"("containers":[{"name":"c"}])") << none
                                   << QStringList{"spec.containers[0].image: Required value"};
    QTest::addRow("missing-container-name") << pod(R"("containers":[{"image":"nginx"}])") << none
                                            << QStringList{"spec.containers[0].name: Required value"};
    QTest::addRow("bad-container-name")
        << pod(R"("containers":[{"name":"Web_1","image":"nginx"}])") << none
        << QStringList{R"(spec.containers[0].name: Invalid value: "Web_1": )" + kLabelMsg};
    QTest::addRow("duplicate-container-name")
        << pod(R"("containers":[{"name":"web","image":"nginx"},{"name":"web","image":"redis"}])") << none
        << QStringList{R"(spec.containers[1].name: Duplicate value: "web")"};
    QTest::addRow("init-container-name-clash")
        << pod(R"("containers":[{"name":"web","image":"nginx"}],"initContainers":[{"name":"web","image":"busybox"}])")
        << none << QStringList{R"(spec.initContainers[0].name: Duplicate value: "web")"};
    QTest::addRow("image-whitespace")
        << pod(R"("containers":[{"name":"c","image":" nginx"}])") << none
        << QStringList{R"(spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace)"};

    // Ports.
    QTest::addRow("container-port-missing") << podContainer(R"("ports":[{"name":"http"}])") << none
                                            << QStringList{"spec.containers[0].ports[0].containerPort: Required value"};
    QTest::addRow("container-port-range")
        << podContainer(R"("ports":[{"containerPort":70000}])") << none
        << QStringList{"spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"};
    QTest::addRow("host-port-range")
        << podContainer(R"("ports":[{"containerPort":80,"hostPort":-1}])") << none
        << QStringList{"spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive"};
    QTest::addRow("port-protocol")
        << podContainer(R"("ports":[{"containerPort":80,"protocol":"HTTP"}])") << none
        << QStringList{R"(spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP")"};
    QTest::addRow("port-name-invalid")
        << podContainer(R"("ports":[{"containerPort":80,"name":"HTTP"}])") << none
        << QStringList{R"(spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-))",
                       R"(spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z))"};
    QTest::addRow("port-name-too-long")
        << podContainer(R"("ports":[{"containerPort":80,"name":"a-very-long-port-name"}])") << none
        << QStringList{R"(spec.containers[0].ports[0].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters)"};
    QTest::addRow("port-name-duplicate")
        << podContainer(R"("ports":[{"containerPort":80,"name":"web"},{"containerPort":81,"name":"web"}])") << none
        << QStringList{R"(spec.containers[0].ports[1].name: Duplicate value: "web")"};
    QTest::addRow("host-port-conflict")
        << pod(R"("containers":[{"name":"a","image":"nginx","ports":[{"containerPort":80,"hostPort":8080}]},
                                {"name":"b","image":"nginx","ports":[{"containerPort":81,"hostPort":8080}]}])")
        << none << QStringList{R"(spec.containers[1].ports[0].hostPort: Duplicate value: "/TCP/8080")"};
    QTest::addRow("host-port-other-protocol")
        << pod(R"("containers":[{"name":"a","image":"nginx","ports":[{"containerPort":53,"hostPort":53}]},
                                {"name":"b","image":"nginx","ports":[{"containerPort":53,"hostPort":53,"protocol":"UDP"}]}])")
        << none << QStringList{};
    QTest::addRow("host-network-port-mismatch")
        << podContainer(R"("ports":[{"containerPort":80,"hostPort":8080}])", R"("hostNetwork":true)") << none
        << QStringList{"spec.containers[0].ports[0].containerPort: Invalid value: 80: must match `hostPort` when `hostNetwork` is true"};

    // Resources.
    QTest::addRow("requests-over-limits")
        << podContainer(R"("resources":{"limits":{"cpu":"1"},"requests":{"cpu":"2"}})") << none
        << QStringList{R"(spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1)"};
    QTest::addRow("requests-over-limits-memory")
        << podContainer(R"("resources":{"limits":{"memory":"128Mi"},"requests":{"memory":"256Mi"}})") << none
        << QStringList{R"(spec.containers[0].resources.requests: Invalid value: "256Mi": must be less than or equal to memory limit of 128Mi)"};
    QTest::addRow("requests-equal-limits") << podContainer(R"("resources":{"limits":{"cpu":"500m"},"requests":{"cpu":"0.5"}})")
                                           << none << QStringList{};
    QTest::addRow("negative-quantity")
        << podContainer(R"("resources":{"limits":{"memory":"-1Gi"}})") << none
        << QStringList{R"(spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0)",
                       R"(spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0)"};
    QTest::addRow("unparsable-quantity")
        << podContainer(R"("resources":{"requests":{"cpu":"one"}})") << none
        << QStringList{R"(spec.containers[0].resources.requests[cpu]: Invalid value: "one": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$')"};
    QTest::addRow("non-standard-resource")
        << podContainer(R"("resources":{"requests":{"cpus":"1"}})") << none
        << QStringList{R"(spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified)",
                       R"(spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers)"};
    QTest::addRow("pods-not-container-resource")
        << podContainer(R"("resources":{"requests":{"pods":"1"}})") << none
        << QStringList{R"(spec.containers[0].resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers)"};
    QTest::addRow("extended-resource-request-only")
        << podContainer(R"("resources":{"requests":{"example.com/gpu":"1"}})") << none
        << QStringList{"spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"};
    QTest::addRow("extended-resource-not-integer")
        << podContainer(R"("resources":{"limits":{"example.com/gpu":"500m"}})") << none
        << QStringList{"spec.containers[0].resources.limits[example.com/gpu]: Invalid value: 500m: must be an integer",
                       "spec.containers[0].resources.requests[example.com/gpu]: Invalid value: 500m: must be an integer"};
    // A field path longer than a path keeps in place (96 characters) prints the same.
    QTest::addRow("extended-resource-long-path")
        << podContainer(R"("resources":{"limits":{"example.com/accelerator-with-a-long-name-for-a-long-field-path":"500m"}})")
        << none
        << QStringList{"spec.containers[0].resources.limits[example.com/accelerator-with-a-long-name-for-a-long-field-path]: "
                       "Invalid value: 500m: must be an integer",
                       "spec.containers[0].resources.requests[example.com/accelerator-with-a-long-name-for-a-long-field-path]: "
                       "Invalid value: 500m: must be an integer"};
    QTest::addRow("extended-resource-unequal")
        << podContainer(R"("resources":{"limits":{"example.com/gpu":"2"},"requests":{"example.com/gpu":"1"}})") << none
        << QStringList{R"(spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2)"};
    QTest::addRow("hugepages-alone")
        << podContainer(R"("resources":{"limits":{"hugepages-2Mi":"4Mi"}})") << none
        << QStringList{"spec.containers[0].resources: Forbidden: HugePages require cpu or memory"};

    // Volumes and mounts.
    QTest::addRow("volume-duplicate")
        << podContainer({}, R"("volumes":[{"name":"data","emptyDir":{}},{"name":"data","emptyDir":{}}])") << none
        << QStringList{R"(spec.volumes[1].name: Duplicate value: "data")"};
    QTest::addRow("volume-name-required")
        << podContainer({}, R"("volumes":[{"emptyDir":{}}])") << none
        << QStringList{"spec.volumes[0].name: Required value"};
    QTest::addRow("volume-name-invalid")
        << podContainer({}, R"("volumes":[{"name":"Data","emptyDir":{}}])") << none
        << QStringList{R"(spec.volumes[0].name: Invalid value: "Data": )" + kLabelMsg};
    QTest::addRow("volume-two-sources")
        << podContainer({}, R"("volumes":[{"name":"data","emptyDir":{},"hostPath":{"path":"/srv"}}])") << none
        << QStringList{"spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"};
    QTest::addRow("mount-not-found")
        << podContainer(R"("volumeMounts":[{"name":"data","mountPath":"/data"}])") << none
        << QStringList{R"(spec.containers[0].volumeMounts[0].name: Not found: "data")"};
    QTest::addRow("mount-of-invalid-volume")
        << podContainer(R"("volumeMounts":[{"name":"data","mountPath":"/data"}])",
                        R"("volumes":[{"name":"data","hostPath":{}}])")
        << none
        << QStringList{"spec.volumes[0].hostPath.path: Required value",
                       R"(spec.containers[0].volumeMounts[0].name: Not found: "data")"};
    QTest::addRow("mount-path-required")
        << podContainer(R"("volumeMounts":[{"name":"data"}])", R"("volumes":[{"name":"data","emptyDir":{}}])") << none
        << QStringList{"spec.containers[0].volumeMounts[0].mountPath: Required value"};
    QTest::addRow("mount-name-required")
        << podContainer(R"("volumeMounts":[{"mountPath":"/data"}])") << none
        << QStringList{"spec.containers[0].volumeMounts[0].name: Required value",
                       R"(spec.containers[0].volumeMounts[0].name: Not found: "")"};
    QTest::addRow("mount-path-unique")
        << podContainer(R"("volumeMounts":[{"name":"a","mountPath":"/data"},{"name":"b","mountPath":"/data"}])",
                        R"("volumes":[{"name":"a","emptyDir":{}},{"name":"b","emptyDir":{}}])")
        << none << QStringList{R"(spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique)"};
    // A single hostPath volume may be mounted at two paths of one container; two mounts
    // may not share a mount path (the study notes' PodPreset pitfall).
    QTest::addRow("one-host-path-two-mount-paths")
        << podContainer(R"("volumeMounts":[{"name":"host","mountPath":"/a"},{"name":"host","mountPath":"/b"}])",
                        R"("volumes":[{"name":"host","hostPath":{"path":"/srv/data"}}])")
        << none << QStringList{};
    QTest::addRow("one-host-path-same-mount-path")
        << podContainer(R"("volumeMounts":[{"name":"host","mountPath":"/a"},{"name":"host","mountPath":"/a","subPath":"x"}])",
                        R"("volumes":[{"name":"host","hostPath":{"path":"/srv/data"}}])")
        << none << QStringList{R"(spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique)"};
    QTest::addRow("sub-path-absolute")
        << podContainer(R"("volumeMounts":[{"name":"a","mountPath":"/data","subPath":"/etc"}])",
                        R"("volumes":[{"name":"a","emptyDir":{}}])")
        << none << QStringList{R"(spec.containers[0].volumeMounts.subPath: Invalid value: "/etc": must be a relative path)"};
    QTest::addRow("sub-path-backsteps")
        << podContainer(R"("volumeMounts":[{"name":"a","mountPath":"/data","subPath":"x/../.."}])",
                        R"("volumes":[{"name":"a","emptyDir":{}}])")
        << none << QStringList{R"(spec.containers[0].volumeMounts.subPath: Invalid value: "x/../..": must not contain '..')"};
    QTest::addRow("host-path-type")
        << podContainer({}, R"("volumes":[{"name":"h","hostPath":{"path":"/srv","type":"Dir"}}])") << none
        << QStringList{R"(spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket")"};
    QTest::addRow("host-path-backsteps")
        << podContainer({}, R"("volumes":[{"name":"h","hostPath":{"path":"/srv/../etc"}}])") << none
        << QStringList{R"(spec.volumes[0].hostPath.path: Invalid value: "/srv/../etc": must not contain '..')"};
    QTest::addRow("config-map-name-required")
        << podContainer({}, R"("volumes":[{"name":"cfg","configMap":{}}])") << none
        << QStringList{"spec.volumes[0].configMap.name: Required value"};
    QTest::addRow("config-map-item-path")
        << podContainer({}, R"("volumes":[{"name":"cfg","configMap":{"name":"c","items":[{"key":"k","path":"../x"}]}}])")
        << none
        << QStringList{R"(spec.volumes[0].configMap.items[0].path: Invalid value: "../x": must not contain '..')",
                       R"(spec.volumes[0].configMap.items[0].path: Invalid value: "../x": must not start with '..')"};
    QTest::addRow("secret-mode")
        << podContainer({}, R"("volumes":[{"name":"s","secret":{"secretName":"s","defaultMode":512}}])") << none
        << QStringList{"spec.volumes[0].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive"};
    QTest::addRow("secret-name-required")
        << podContainer({}, R"("volumes":[{"name":"s","secret":{}}])") << none
        << QStringList{"spec.volumes[0].secret.secretName: Required value"};
    QTest::addRow("pvc-claim-name-required")
        << podContainer({}, R"("volumes":[{"name":"p","persistentVolumeClaim":{}}])") << none
        << QStringList{"spec.volumes[0].persistentVolumeClaim.claimName: Required value"};
    QTest::addRow("nfs-relative-path")
        << podContainer({}, R"("volumes":[{"name":"n","nfs":{"server":"nfs.local","path":"export"}}])") << none
        << QStringList{R"(spec.volumes[0].nfs.path: Invalid value: "export": must be an absolute path)"};

    // Enumerations.
    QTest::addRow("restart-policy")
        << podContainer({}, R"("restartPolicy":"Sometimes")") << none
        << QStringList{R"(spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never")"};
    QTest::addRow("dns-policy")
        << podContainer({}, R"("dnsPolicy":"Cluster")") << none
        << QStringList{R"(spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")"};
    QTest::addRow("dns-none-without-config")
        << podContainer({}, R"("dnsPolicy":"None")") << none
        << QStringList{"spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"};
    QTest::addRow("dns-config-bad-nameserver")
        << podContainer({}, R"("dnsPolicy":"None","dnsConfig":{"nameservers":["1.2.3.400"]})") << none
        << QStringList{R"(spec.dnsConfig.nameservers[0]: Invalid value: "1.2.3.400": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff))"};
    QTest::addRow("pull-policy")
        << podContainer(R"("imagePullPolicy":"Sometimes")") << none
        << QStringList{R"(spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never")"};
    QTest::addRow("termination-message-policy")
        << podContainer(R"("terminationMessagePolicy":"Log")") << none
        << QStringList{R"(spec.containers[0].terminationMessagePolicy: Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError")"};

    // Tolerations (ValidateTolerations).
    QTest::addRow("toleration-exists-with-value")
        << podContainer({}, R"("tolerations":[{"key":"foo","operator":"Exists","value":"bar","effect":"NoSchedule"}])") << none
        << QStringList{R"(spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"foo", Operator:"Exists", Value:"bar", Effect:"NoSchedule", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is 'Exists')"};
    QTest::addRow("toleration-empty-key-equal")
        << podContainer({}, R"("tolerations":[{"operator":"Equal","value":"bar"}])") << none
        << QStringList{R"(spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys")"};
    QTest::addRow("toleration-match-all") << podContainer({}, R"("tolerations":[{"operator":"Exists"}])") << none
                                          << QStringList{};
    QTest::addRow("toleration-seconds-not-no-execute")
        << podContainer({}, R"("tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule","tolerationSeconds":60}])")
        << none
        << QStringList{R"(spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when `tolerationSeconds` is set)"};
    QTest::addRow("toleration-operator")
        << podContainer({}, R"("tolerations":[{"key":"k","operator":"In","value":"v"}])") << none
        << QStringList{R"(spec.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists")"};
    QTest::addRow("toleration-effect")
        << podContainer({}, R"("tolerations":[{"key":"k","operator":"Exists","effect":"NoRun"}])") << none
        << QStringList{R"(spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute")"};
    QTest::addRow("toleration-bad-value")
        << podContainer({}, R"("tolerations":[{"key":"k","value":"a b"}])") << none
        << QStringList{R"(spec.tolerations[0].operator: Invalid value: "a b": )" + kLabelValueMsg};

    // Scheduling constraints.
    QTest::addRow("node-selector-key")
        << podContainer({}, R"("nodeSelector":{"disk type":"ssd"})") << none
        << QStringList{R"(spec.nodeSelector: Invalid value: "disk type": )" + kQualifiedNameMsg};
    QTest::addRow("node-affinity-no-terms")
        << podContainer({}, R"("affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}}})")
        << none
        << QStringList{"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term"};
    QTest::addRow("node-affinity-in-without-values")
        << podContainer({}, R"("affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In"}]}]}}})")
        << none
        << QStringList{"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"};
    QTest::addRow("node-affinity-bad-operator")
        << podContainer({}, R"("affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"Is","values":["a"]}]}]}}})")
        << none
        << QStringList{R"(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator)"};
    QTest::addRow("node-affinity-weight")
        << podContainer({}, R"("affinity":{"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":0,"preference":{"matchExpressions":[{"key":"zone","operator":"Exists"}]}}]}})")
        << none
        << QStringList{"spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100"};
    QTest::addRow("pod-anti-affinity-topology-key")
        << podContainer({}, R"("affinity":{"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"app":"web"}}}]}})")
        << none
        << QStringList{"spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty",
                       R"(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty)",
                       R"(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": )" + kQualifiedNameMsg};
    QTest::addRow("topology-spread")
        << podContainer({}, R"("topologySpreadConstraints":[{"maxSkew":0,"topologyKey":"zone","whenUnsatisfiable":"Maybe"}])")
        << none
        << QStringList{"spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
                       R"(spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway")"};
    QTest::addRow("topology-spread-duplicate")
        << podContainer({}, R"("topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"},{"maxSkew":2,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}])")
        << none
        << QStringList{R"(spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}")"};
    QTest::addRow("active-deadline")
        << podContainer({}, R"("activeDeadlineSeconds":0)") << none
        << QStringList{"spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"};
    QTest::addRow("node-name")
        << podContainer({}, R"("nodeName":"Node_1")") << none
        << QStringList{R"(spec.nodeName: Invalid value: "Node_1": )" + kSubdomainMsg};
    QTest::addRow("hostname")
        << podContainer({}, R"("hostname":"web.1")") << none
        << QStringList{R"(spec.hostname: Invalid value: "web.1": must not contain dots)"};

    // Probes and lifecycle.
    QTest::addRow("liveness-success-threshold")
        << podContainer(R"("livenessProbe":{"exec":{"command":["true"]},"successThreshold":2})") << none
        << QStringList{"spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"};
    QTest::addRow("probe-without-handler")
        << podContainer(R"("readinessProbe":{"periodSeconds":5})") << none
        << QStringList{"spec.containers[0].readinessProbe: Required value: must specify a handler type"};
    QTest::addRow("probe-two-handlers")
        << podContainer(R"("readinessProbe":{"exec":{"command":["true"]},"tcpSocket":{"port":80}})") << none
        << QStringList{"spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"};
    QTest::addRow("probe-negative")
        << podContainer(R"("readinessProbe":{"tcpSocket":{"port":80},"initialDelaySeconds":-5})") << none
        << QStringList{"spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0"};
    QTest::addRow("probe-http-port")
        << podContainer(R"("livenessProbe":{"httpGet":{"port":0}})") << none
        << QStringList{"spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"};
    QTest::addRow("probe-http-named-port")
        << podContainer(R"("livenessProbe":{"httpGet":{"port":"Web"}})") << none
        << QStringList{R"(spec.containers[0].livenessProbe.httpGet.port: Invalid value: "Web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-))"};
    QTest::addRow("probe-exec-command")
        << podContainer(R"("startupProbe":{"exec":{}})") << none
        << QStringList{"spec.containers[0].startupProbe.exec.command: Required value"};
    QTest::addRow("readiness-grace-period")
        << podContainer(R"("readinessProbe":{"tcpSocket":{"port":80},"terminationGracePeriodSeconds":10})") << none
        << QStringList{"spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes"};
    QTest::addRow("pre-stop-sleep")
        << podContainer(R"("lifecycle":{"preStop":{"sleep":{"seconds":60}}})") << none
        << QStringList{"spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be greater than 0 and less than terminationGracePeriodSeconds (30)"};
    QTest::addRow("init-container-readiness")
        << pod(R"("containers":[{"name":"c","image":"nginx"}],"initContainers":[{"name":"i","image":"busybox","readinessProbe":{"exec":{"command":["true"]}}}])")
        << none << QStringList{"spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers"};
    QTest::addRow("sidecar-probes-allowed")
        << pod(R"("containers":[{"name":"c","image":"nginx"}],"initContainers":[{"name":"s","image":"envoy","restartPolicy":"Always","readinessProbe":{"exec":{"command":["true"]}}}])")
        << none << QStringList{};
    QTest::addRow("init-container-restart-policy")
        << pod(R"("containers":[{"name":"c","image":"nginx"}],"initContainers":[{"name":"s","image":"envoy","restartPolicy":"OnFailure"}])")
        << none << QStringList{R"(spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always")"};
    QTest::addRow("container-restart-policy")
        << podContainer(R"("restartPolicy":"Always")") << none
        << QStringList{"spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"};
    QTest::addRow("ephemeral-on-create")
        << podContainer({}, R"("ephemeralContainers":[{"name":"debug","image":"busybox"}])") << none
        << QStringList{"spec.ephemeralContainers: Forbidden: cannot be set on create"};

    // Environment.
    QTest::addRow("env-name")
        << podContainer(R"("env":[{"name":"1VAR","value":"x"}])") << none
        << QStringList{R"(spec.containers[0].env[0].name: Invalid value: "1VAR": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*'))"};
    QTest::addRow("env-name-required")
        << podContainer(R"("env":[{"value":"x"}])") << none << QStringList{"spec.containers[0].env[0].name: Required value"};
    QTest::addRow("env-field-path")
        << podContainer(R"("env":[{"name":"P","valueFrom":{"fieldRef":{"fieldPath":"status.phase"}}}])") << none
        << QStringList{R"(spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs")"};
    QTest::addRow("env-field-path-unknown")
        << podContainer(R"("env":[{"name":"P","valueFrom":{"fieldRef":{"fieldPath":"spec.foo"}}}])") << none
        << QStringList{R"(spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo)"};
    QTest::addRow("env-label-subscript")
        << podContainer(R"("env":[{"name":"P","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}}])") << none
        << QStringList{};
    // Rows of upstream's TestValidateEnv.
    QTest::addRow("env-dot-only")
        << podContainer(R"("env":[{"name":".","value":"x"}])") << none
        << QStringList{R"(spec.containers[0].env[0].name: Invalid value: ".": must not be '.')"};
    QTest::addRow("env-dot-dot-prefix")
        << podContainer(R"("env":[{"name":"..abc","value":"x"}])") << none
        << QStringList{R"(spec.containers[0].env[0].name: Invalid value: "..abc": must not start with '..')"};
    QTest::addRow("env-from-without-source")
        << podContainer(R"("env":[{"name":"abc","valueFrom":{}}])") << none
        << QStringList{"spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"};
    QTest::addRow("env-two-sources")
        << podContainer(R"("env":[{"name":"abc","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"},"secretKeyRef":{"name":"a-secret","key":"a-key"}}}])")
        << none
        << QStringList{"spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not have more than one field specified at a time"};
    QTest::addRow("env-subscript-on-name")
        << podContainer(R"("env":[{"name":"abc","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name['key']"}}}])")
        << none
        << QStringList{R"(spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name['key']": error converting fieldPath: field label does not support subscript: metadata.name['key'])"};
    QTest::addRow("env-labels-without-subscript")
        << podContainer(R"("env":[{"name":"abc","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.labels"}}}])")
        << none
        << QStringList{R"(spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs")"};
    QTest::addRow("env-labels-invalid-key")
        << podContainer(R"("env":[{"name":"abc","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.labels['invalid~key']"}}}])")
        << none << QStringList{R"(spec.containers[0].env[0].valueFrom.fieldRef: Invalid value: "invalid~key": )" + kQualifiedNameMsg};
    QTest::addRow("env-field-ref-api-version-defaulted")
        << podContainer(R"("env":[{"name":"abc","valueFrom":{"fieldRef":{"apiVersion":"","fieldPath":"metadata.name"}}}])")
        << QString() << QStringList{};
    QTest::addRow("env-value-and-from")
        << podContainer(R"("env":[{"name":"P","value":"x","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}])") << none
        << QStringList{R"(spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty)"};
    QTest::addRow("env-config-map-key")
        << podContainer(R"("env":[{"name":"P","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"a b"}}}])") << none
        << QStringList{R"(spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+'))"};
    QTest::addRow("env-from-empty")
        << podContainer(R"("envFrom":[{"prefix":"X_"}])") << none
        << QStringList{R"(spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`)"};

    // Object metadata.
    QTest::addRow("name-invalid")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])", R"("name":"Web","namespace":"default")") << none
        << QStringList{R"(metadata.name: Invalid value: "Web": )" + kSubdomainMsg};
    QTest::addRow("name-required")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])", R"("namespace":"default")") << none
        << QStringList{"metadata.name: Required value: name or generateName is required"};
    QTest::addRow("generate-name-trailing-dash")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])", R"("generateName":"web-","name":"web-x1z2q","namespace":"default")")
        << none << QStringList{};
    QTest::addRow("label-value")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])", R"("name":"web","namespace":"default","labels":{"app":"my app"})")
        << none << QStringList{R"(metadata.labels: Invalid value: "my app": )" + kLabelValueMsg};
    QTest::addRow("label-key")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])", R"("name":"web","namespace":"default","labels":{"-app":"x"})")
        << none << QStringList{R"(metadata.labels: Invalid value: "-app": )" + kQualifiedNameMsg};
    QTest::addRow("annotation-key")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])", R"("name":"web","namespace":"default","annotations":{"a/b/c":"x"})")
        << none
        << QStringList{R"(metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName'))"};
    QTest::addRow("annotation-upper-case-ok")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])", R"("name":"web","namespace":"default","annotations":{"Example.COM/Key":"x"})")
        << none << QStringList{};
    QTest::addRow("annotations-too-long")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])",
               QStringLiteral(R"("name":"web","namespace":"default","annotations":{"big":"%1"})").arg(QString(262144, 'x')))
        << none << QStringList{"metadata.annotations: Too long: may not be more than 262144 bytes"};
    QTest::addRow("namespace-required")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])", R"("name":"web")") << none
        << QStringList{"metadata.namespace: Required value"};
}

void TestValidation::podUpdates_data()
{
    columns();
    const QString base = podContainer(R"("ports":[{"containerPort":80}])");
    QTest::addRow("image-change")
        << pod(R"("containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80}]}])")
        << pod(R"("containers":[{"name":"c","image":"nginx:1.25","ports":[{"containerPort":80}]}])") << QStringList{};
    QTest::addRow("image-change-pull-policy-kept")
        << pod(R"("containers":[{"name":"c","image":"nginx:1.27","imagePullPolicy":"Always"}])")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])") << QStringList{};
    QTest::addRow("port-change")
        << podContainer(R"("ports":[{"containerPort":8080}])") << base
        << QStringList{"spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n*"};
    QTest::addRow("add-container")
        << pod(R"("containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]},{"name":"d","image":"redis"}])")
        << base << QStringList{"spec.containers: Forbidden: pod updates may not add or remove containers"};
    QTest::addRow("add-toleration")
        << podContainer(R"("ports":[{"containerPort":80}])", R"("tolerations":[{"key":"k","operator":"Exists"}])") << base
        << QStringList{};
    QTest::addRow("deadline-raise")
        << podContainer(R"("ports":[{"containerPort":80}])", R"("activeDeadlineSeconds":100)")
        << podContainer(R"("ports":[{"containerPort":80}])", R"("activeDeadlineSeconds":50)")
        << QStringList{"spec.activeDeadlineSeconds: Invalid value: 100: must be less than or equal to previous value"};
    QTest::addRow("deadline-removed")
        << base << podContainer(R"("ports":[{"containerPort":80}])", R"("activeDeadlineSeconds":50)")
        << QStringList{R"(spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value)"};
    QTest::addRow("labels-change")
        << pod(R"("containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}])",
               R"("name":"web","namespace":"default","labels":{"tier":"x"})")
        << base << QStringList{};
}

void TestValidation::undefaulted_data()
{
    columns();
    const QString none;
    QTest::addRow("volume-without-source")
        << pod(R"("containers":[{"name":"c","image":"nginx","imagePullPolicy":"Always","terminationMessagePolicy":"File"}],
                  "volumes":[{"name":"v"}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst","terminationGracePeriodSeconds":30)")
        << none << QStringList{"spec.volumes[0]: Required value: must specify a volume type"};
    QTest::addRow("required-defaults")
        << pod(R"("containers":[{"name":"c","image":"nginx"}])") << none
        << QStringList{"spec.terminationGracePeriodSeconds: Required value",
                       "spec.containers[0].terminationMessagePolicy: Required value: must be 'File' or 'FallbackToLogsOnError'",
                       "spec.containers[0].imagePullPolicy: Required value", "spec.restartPolicy: Required value",
                       "spec.dnsPolicy: Required value"};
    QTest::addRow("port-protocol-required")
        << pod(R"("containers":[{"name":"c","image":"nginx","imagePullPolicy":"Always","terminationMessagePolicy":"File",
                  "ports":[{"containerPort":80}]}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst","terminationGracePeriodSeconds":30)")
        << none << QStringList{"spec.containers[0].ports[0].protocol: Required value"};
}

void TestValidation::unknownKind()
{
    QCOMPARE(run(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"Bad Name"}})", {}, true),
             QStringList{});
}

void TestValidation::wrongShapesDoNotThrow()
{
    for (const char* text : {
             R"({"apiVersion":"v1","kind":"Pod","spec":"x"})",
             R"({"apiVersion":"v1","kind":"Pod","metadata":[],"spec":{"containers":"x","volumes":[1,"a",null]}})",
             R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[3,{"resources":{"limits":"x"},"ports":[3],"env":[null]}]}})",
             R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":5,"image":[],"volumeMounts":[7],"livenessProbe":{"httpGet":[]}}],"tolerations":[1]}})",
             R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"strategy":"x","template":[],"selector":7}})",
             R"({"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":"x","targetPort":null},5]}})",
         }) {
        Json doc = Json::parse(text);
        kubelab::core::applyDefaults(doc);
        (void)kubelab::core::validateObject(doc, &doc);
        (void)kubelab::core::validateObject(doc, nullptr);
    }
}

namespace {

QString workload(const QString& apiVersion, const QString& kind, const QString& spec,
                 const QString& metadata = QStringLiteral(R"("name":"web","namespace":"default")"))
{
    return QStringLiteral(R"({"apiVersion":"%1","kind":"%2","metadata":{%3},"spec":{%4}})")
        .arg(apiVersion, kind, metadata, spec);
}

const QString kTemplate = QStringLiteral(
    R"("template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx:1.25"}]}})");
const QString kSelector = QStringLiteral(R"("selector":{"matchLabels":{"app":"web"}})");

QString deployment(const QString& extra = {}, const QString& selector = kSelector, const QString& templ = kTemplate)
{
    QString spec = selector.isEmpty() ? templ : selector + "," + templ;
    if (!extra.isEmpty())
        spec += "," + extra;
    return workload("apps/v1", "Deployment", spec);
}

QString jobWith(const QString& spec)
{
    return workload("batch/v1", "Job", spec, R"("name":"pi","namespace":"default","uid":"9a2b")");
}

const QString kJobTemplate = QStringLiteral(
    R"("template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.34.0"}]}})");

} // namespace

void TestValidation::workloads_data()
{
    columns();
    const QString none;

    // Deployment (apps/validation ValidateDeployment).
    QTest::addRow("deployment-valid") << deployment() << none << QStringList{};
    QTest::addRow("deployment-selector-mismatch")
        << deployment({}, R"("selector":{"matchLabels":{"app":"api"}})") << none
        << QStringList{R"(spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`)"};
    QTest::addRow("deployment-selector-missing")
        << deployment({}, {}) << none
        << QStringList{"spec.selector: Required value",
                       R"(spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`)"};
    QTest::addRow("deployment-selector-empty")
        << deployment({}, R"("selector":{})") << none
        << QStringList{"spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment"};
    QTest::addRow("deployment-selector-expression")
        << deployment({}, R"("selector":{"matchExpressions":[{"key":"app","operator":"In"}]})") << none
        << QStringList{"spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                       "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:app,Operator:In,Values:[],},},}: invalid label selector"};
    QTest::addRow("deployment-template-no-labels")
        << deployment({}, kSelector, R"("template":{"spec":{"containers":[{"name":"c","image":"nginx"}]}})") << none
        << QStringList{"spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`"};
    QTest::addRow("deployment-negative-replicas")
        << deployment(R"("replicas":-1)") << none
        << QStringList{"spec.replicas: Invalid value: -1: must be greater than or equal to 0"};
    QTest::addRow("deployment-zero-surge-and-unavailable")
        << deployment(R"("strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}})") << none
        << QStringList{"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"};
    QTest::addRow("deployment-zero-percent")
        << deployment(R"("strategy":{"rollingUpdate":{"maxSurge":"0%","maxUnavailable":0}})") << none
        << QStringList{"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"};
    QTest::addRow("deployment-unavailable-over-100")
        << deployment(R"("strategy":{"rollingUpdate":{"maxUnavailable":"150%"}})") << none
        << QStringList{"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%"};
    QTest::addRow("deployment-bad-percent")
        << deployment(R"("strategy":{"rollingUpdate":{"maxSurge":"abc"}})") << none
        << QStringList{"spec.strategy.rollingUpdate.maxSurge: Invalid value: abc: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"};
    QTest::addRow("deployment-negative-surge")
        << deployment(R"("strategy":{"rollingUpdate":{"maxSurge":-1}})") << none
        << QStringList{"spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0"};
    QTest::addRow("deployment-recreate-with-rolling")
        << deployment(R"("strategy":{"type":"Recreate","rollingUpdate":{"maxSurge":1}})") << none
        << QStringList{"spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"};
    QTest::addRow("deployment-strategy-type")
        << deployment(R"("strategy":{"type":"BlueGreen"})") << none
        << QStringList{R"(spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate")"};
    QTest::addRow("deployment-restart-policy")
        << deployment({}, kSelector,
                      R"("template":{"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"nginx"}]}})")
        << none << QStringList{R"(spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always")"};
    QTest::addRow("deployment-progress-deadline")
        << deployment(R"("minReadySeconds":10,"progressDeadlineSeconds":10)") << none
        << QStringList{"spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds"};
    QTest::addRow("deployment-template-image")
        << deployment({}, kSelector, R"("template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c"}]}})")
        << none << QStringList{"spec.template.spec.containers[0].image: Required value"};
    QTest::addRow("deployment-template-label-value")
        << deployment({}, R"("selector":{"matchLabels":{"app":"web"}})",
                      R"("template":{"metadata":{"labels":{"app":"web","tier":"front end"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}})")
        << none << QStringList{R"(spec.template.labels: Invalid value: "front end": )" + kLabelValueMsg};
    QTest::addRow("deployment-name")
        << workload("apps/v1", "Deployment", kSelector + "," + kTemplate, R"("name":"Web_App","namespace":"default")")
        << none << QStringList{R"(metadata.name: Invalid value: "Web_App": )" + kSubdomainMsg};
    QTest::addRow("deployment-selector-immutable")
        << deployment({}, R"("selector":{"matchLabels":{"app":"web","tier":"front"}})",
                      R"("template":{"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}})")
        << deployment()
        << QStringList{"spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web,tier: front,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable"};
    QTest::addRow("deployment-scale-update") << deployment(R"("replicas":5)") << deployment() << QStringList{};

    // ReplicaSet, ReplicationController.
    QTest::addRow("replicaset-empty-selector")
        << workload("apps/v1", "ReplicaSet", R"("selector":{},)" + kTemplate) << none
        << QStringList{"spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment"};
    QTest::addRow("replicaset-valid") << workload("apps/v1", "ReplicaSet", kSelector + "," + kTemplate) << none
                                      << QStringList{};
    QTest::addRow("rc-selector-defaulted") << workload("v1", "ReplicationController", kTemplate) << none << QStringList{};
    QTest::addRow("rc-selector-mismatch")
        << workload("v1", "ReplicationController", R"("selector":{"app":"api"},)" + kTemplate) << none
        << QStringList{R"(spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`)"};

    // DaemonSet.
    QTest::addRow("daemonset-valid") << workload("apps/v1", "DaemonSet", kSelector + "," + kTemplate) << none
                                     << QStringList{};
    QTest::addRow("daemonset-selector-missing")
        << workload("apps/v1", "DaemonSet", kTemplate) << none
        << QStringList{R"(spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`)"};
    QTest::addRow("daemonset-surge-and-unavailable")
        << workload("apps/v1", "DaemonSet", kSelector + "," + kTemplate + R"(,"updateStrategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":1}})")
        << none << QStringList{"spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"};
    QTest::addRow("daemonset-both-zero")
        << workload("apps/v1", "DaemonSet", kSelector + "," + kTemplate + R"(,"updateStrategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}})")
        << none << QStringList{"spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"};
    QTest::addRow("daemonset-strategy-type")
        << workload("apps/v1", "DaemonSet", kSelector + "," + kTemplate + R"(,"updateStrategy":{"type":"Never"})")
        << none
        << QStringList{R"(spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Never", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete")"};

    // StatefulSet.
    const QString sts = kSelector + R"(,"serviceName":"web",)" + kTemplate;
    QTest::addRow("statefulset-valid") << workload("apps/v1", "StatefulSet", sts) << none << QStringList{};
    QTest::addRow("statefulset-pod-spec-not-checked")
        << workload("apps/v1", "StatefulSet",
                    kSelector + R"(,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","volumeMounts":[{"name":"www","mountPath":"/usr/share/nginx/html"}]}]}})")
        << none << QStringList{};
    QTest::addRow("statefulset-pod-management")
        << workload("apps/v1", "StatefulSet", sts + R"(,"podManagementPolicy":"Random")") << none
        << QStringList{R"(spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel')"};
    QTest::addRow("statefulset-retention")
        << workload("apps/v1", "StatefulSet", sts + R"(,"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Keep"})") << none
        << QStringList{R"(spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete")"};
    QTest::addRow("statefulset-forbidden-update")
        << workload("apps/v1", "StatefulSet", sts + R"(,"serviceName":"other")").replace(R"("serviceName":"web",)", "")
        << workload("apps/v1", "StatefulSet", sts)
        << QStringList{"spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"};
    QTest::addRow("statefulset-scale-update")
        << workload("apps/v1", "StatefulSet", sts + R"(,"replicas":3)") << workload("apps/v1", "StatefulSet", sts)
        << QStringList{};

    // Job (batch/validation ValidateJob with the generated selector).
    QTest::addRow("job-valid") << jobWith(kJobTemplate) << none << QStringList{};
    QTest::addRow("job-restart-always")
        << jobWith(R"("template":{"spec":{"containers":[{"name":"pi","image":"perl"}]}})") << none
        << QStringList{R"(spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never")"};
    QTest::addRow("job-selector-not-generated")
        << jobWith(R"("selector":{"matchLabels":{"app":"pi"}},"template":{"metadata":{"labels":{"app":"pi"}},"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]}})")
        << none
        << QStringList{"spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: pi,batch.kubernetes.io/controller-uid: 9a2b,},MatchExpressions:[]LabelSelectorRequirement{},}: `selector` not auto-generated"};
    QTest::addRow("job-manual-selector")
        << jobWith(R"("manualSelector":true,"selector":{"matchLabels":{"app":"pi"}},"template":{"metadata":{"labels":{"app":"other"}},"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]}})")
        << none
        << QStringList{R"(spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`)"};
    QTest::addRow("job-manual-selector-missing")
        << jobWith(R"("manualSelector":true,)" + kJobTemplate) << none
        << QStringList{"spec.selector: Required value",
                       "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`"};
    QTest::addRow("job-negative-parallelism")
        << jobWith(R"("parallelism":-1,)" + kJobTemplate) << none
        << QStringList{"spec.parallelism: Invalid value: -1: must be greater than or equal to 0"};
    QTest::addRow("job-completion-mode")
        << jobWith(R"("completionMode":"Sometimes",)" + kJobTemplate) << none
        << QStringList{R"(spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed")"};
    QTest::addRow("job-backoff-per-index-non-indexed")
        << jobWith(R"("backoffLimitPerIndex":1,)" + kJobTemplate) << none
        << QStringList{"spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"};
    QTest::addRow("job-pod-failure-policy-on-failure")
        << jobWith(R"("podFailurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[42]}}]},"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"pi","image":"perl"}]}})")
        << none
        << QStringList{R"(spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified)"};
    QTest::addRow("job-pod-failure-policy-rules")
        << jobWith(R"("podFailurePolicy":{"rules":[{"action":"Retry","onExitCodes":{"operator":"In","values":[0,2,1]}},{"action":"Ignore"}]},)" + kJobTemplate)
        << none
        << QStringList{R"(spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore")",
                       "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator",
                       "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 2, 1}: must be ordered",
                       "spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"};
    QTest::addRow("job-indexed-name")
        << workload("batch/v1", "Job", R"("completionMode":"Indexed","completions":10,)" + kJobTemplate,
                    R"("name":"indexed-job-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","namespace":"default","uid":"u")")
        << none
        << QStringList{R"(metadata.name: Invalid value: "indexed-job-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": will not able to create pod with invalid DNS label: indexed-job-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-9)"};
    QTest::addRow("job-completions-immutable")
        << jobWith(R"("completions":3,)" + kJobTemplate) << jobWith(kJobTemplate)
        << QStringList{"spec.completions: Invalid value: 3: field is immutable"};
    QTest::addRow("job-template-immutable")
        << jobWith(R"("template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.36"}]}})")
        << jobWith(kJobTemplate)
        << QStringList{"spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable"};
    QTest::addRow("job-suspend-update") << jobWith(R"("suspend":true,)" + kJobTemplate) << jobWith(kJobTemplate)
                                        << QStringList{};

    // CronJob.
    const QString cronTemplate = QStringLiteral(
        R"("jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox"}]}}}})");
    QTest::addRow("cronjob-valid") << workload("batch/v1", "CronJob", R"("schedule":"*/5 * * * *",)" + cronTemplate) << none
                                   << QStringList{};
    QTest::addRow("cronjob-schedule-required") << workload("batch/v1", "CronJob", cronTemplate) << none
                                               << QStringList{"spec.schedule: Required value"};
    QTest::addRow("cronjob-schedule-fields")
        << workload("batch/v1", "CronJob", R"("schedule":"* * *",)" + cronTemplate) << none
        << QStringList{R"(spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *])"};
    QTest::addRow("cronjob-schedule-range")
        << workload("batch/v1", "CronJob", R"("schedule":"0-70 * * * *",)" + cronTemplate) << none
        << QStringList{R"(spec.schedule: Invalid value: "0-70 * * * *": end of range (70) above maximum (59): 0-70)"};
    QTest::addRow("cronjob-schedule-word")
        << workload("batch/v1", "CronJob", R"("schedule":"every minute * * * *",)" + cronTemplate) << none
        << QStringList{R"(spec.schedule: Invalid value: "every minute * * * *": expected exactly 5 fields, found 6: [every minute * * * *])"};
    QTest::addRow("cronjob-schedule-int")
        << workload("batch/v1", "CronJob", R"("schedule":"x * * * *",)" + cronTemplate) << none
        << QStringList{R"(spec.schedule: Invalid value: "x * * * *": failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax)"};
    QTest::addRow("cronjob-schedule-names") << workload("batch/v1", "CronJob", R"("schedule":"0 9 * JAN-MAR mon-fri",)" + cronTemplate)
                                            << none << QStringList{};
    QTest::addRow("cronjob-descriptor") << workload("batch/v1", "CronJob", R"("schedule":"@hourly",)" + cronTemplate) << none
                                        << QStringList{};
    QTest::addRow("cronjob-concurrency")
        << workload("batch/v1", "CronJob", R"("schedule":"@daily","concurrencyPolicy":"Queue",)" + cronTemplate) << none
        << QStringList{R"(spec.concurrencyPolicy: Unsupported value: "Queue": supported values: "Allow", "Forbid", "Replace")"};
    QTest::addRow("cronjob-name-length")
        << workload("batch/v1", "CronJob", R"("schedule":"@daily",)" + cronTemplate,
                    R"("name":"a-cron-job-name-that-is-longer-than-fifty-two-characters","namespace":"default")")
        << none
        << QStringList{R"(metadata.name: Invalid value: "a-cron-job-name-that-is-longer-than-fifty-two-characters": must be no more than 52 characters)"};
    QTest::addRow("cronjob-restart-always")
        << workload("batch/v1", "CronJob", R"("schedule":"@daily","jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}}})")
        << none
        << QStringList{R"(spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never")"};

    // HorizontalPodAutoscaler.
    const QString target = QStringLiteral(R"("scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"})");
    QTest::addRow("hpa-valid") << workload("autoscaling/v2", "HorizontalPodAutoscaler", target + R"(,"maxReplicas":5)") << none
                               << QStringList{};
    QTest::addRow("hpa-max-below-min")
        << workload("autoscaling/v2", "HorizontalPodAutoscaler", target + R"(,"minReplicas":5,"maxReplicas":2)") << none
        << QStringList{"spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"};
    QTest::addRow("hpa-max-zero")
        << workload("autoscaling/v2", "HorizontalPodAutoscaler", target + R"(,"maxReplicas":0)") << none
        << QStringList{"spec.maxReplicas: Invalid value: 0: must be greater than 0",
                       "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`"};
    QTest::addRow("hpa-min-zero")
        << workload("autoscaling/v2", "HorizontalPodAutoscaler", target + R"(,"minReplicas":0,"maxReplicas":3)") << none
        << QStringList{"spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"};
    QTest::addRow("hpa-target-name")
        << workload("autoscaling/v2", "HorizontalPodAutoscaler", R"("scaleTargetRef":{"kind":"Deployment"},"maxReplicas":3)")
        << none << QStringList{"spec.scaleTargetRef.name: Required value"};
    QTest::addRow("hpa-utilization")
        << workload("autoscaling/v2", "HorizontalPodAutoscaler",
                    target + R"(,"maxReplicas":3,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":0}}}])")
        << none << QStringList{"spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0"};
    QTest::addRow("hpa-metric-type")
        << workload("autoscaling/v2", "HorizontalPodAutoscaler", target + R"(,"maxReplicas":3,"metrics":[{"type":"Cpu"}])")
        << none
        << QStringList{R"(spec.metrics[0].type: Unsupported value: "Cpu": supported values: "Object", "Pods", "Resource", "External", "ContainerResource")"};
    QTest::addRow("hpa-behavior-period")
        << workload("autoscaling/v2", "HorizontalPodAutoscaler",
                    target + R"(,"maxReplicas":3,"behavior":{"scaleDown":{"policies":[{"type":"Pods","value":1,"periodSeconds":3600}]}})")
        << none << QStringList{"spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 3600: must be less than or equal to 1800"};
    QTest::addRow("hpa-v1")
        << workload("autoscaling/v1", "HorizontalPodAutoscaler", target + R"(,"maxReplicas":3,"targetCPUUtilizationPercentage":50)")
        << none << QStringList{};

    // PodDisruptionBudget.
    QTest::addRow("pdb-both")
        << workload("policy/v1", "PodDisruptionBudget", R"("minAvailable":1,"maxUnavailable":1,)" + kSelector) << none
        << QStringList{"spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a1b2c8), Selector:(*v1.LabelSelector)(0xc000a1b2c8), MaxUnavailable:(*intstr.IntOrString)(0xc000a1b2c8), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set"};
    QTest::addRow("pdb-percent")
        << workload("policy/v1", "PodDisruptionBudget", R"("minAvailable":"120%",)" + kSelector) << none
        << QStringList{"spec.minAvailable: Invalid value: 120%: must not be greater than 100%"};
}

namespace {

QString object(const QString& apiVersion, const QString& kind, const QString& body,
               const QString& metadata = QStringLiteral(R"("name":"web","namespace":"default")"))
{
    QString out = QStringLiteral(R"({"apiVersion":"%1","kind":"%2","metadata":{%3})").arg(apiVersion, kind, metadata);
    if (!body.isEmpty())
        out += "," + body;
    return out + "}";
}

QString service(const QString& spec, const QString& metadata = QStringLiteral(R"("name":"web","namespace":"default")"))
{
    return object("v1", "Service", R"("spec":{)" + spec + "}", metadata);
}

const QString kCluster = QStringLiteral(R"("name":"x")");

} // namespace

void TestValidation::coreKinds_data()
{
    columns();
    const QString none;

    // Service.
    QTest::addRow("service-valid") << service(R"("selector":{"app":"web"},"ports":[{"port":80}])") << none << QStringList{};
    QTest::addRow("service-ports-required") << service(R"("selector":{"app":"web"})") << none
                                            << QStringList{"spec.ports: Required value"};
    QTest::addRow("service-headless-no-ports") << service(R"("clusterIP":"None","selector":{"app":"db"})") << none
                                               << QStringList{};
    QTest::addRow("service-external-name")
        << service(R"("type":"ExternalName")") << none << QStringList{"spec.externalName: Required value"};
    QTest::addRow("service-external-name-valid") << service(R"("type":"ExternalName","externalName":"db.example.com.")")
                                                 << none << QStringList{};
    QTest::addRow("service-port-names-required")
        << service(R"("ports":[{"port":80},{"port":443}])") << none
        << QStringList{"spec.ports[0].name: Required value", "spec.ports[1].name: Required value"};
    QTest::addRow("service-port-name-duplicate")
        << service(R"("ports":[{"name":"http","port":80},{"name":"http","port":8080}])") << none
        << QStringList{R"(spec.ports[1].name: Duplicate value: "http")"};
    QTest::addRow("service-port-range")
        << service(R"("ports":[{"port":70000,"targetPort":8080}])") << none
        << QStringList{"spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"};
    QTest::addRow("service-target-port-name")
        << service(R"("ports":[{"port":80,"targetPort":"HTTP"}])") << none
        << QStringList{R"(spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-))",
                       R"(spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z))"};
    QTest::addRow("service-protocol")
        << service(R"("ports":[{"port":80,"protocol":"HTTP"}])") << none
        << QStringList{R"(spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP")"};
    QTest::addRow("service-type")
        << service(R"("type":"Public","ports":[{"port":80}])") << none
        << QStringList{R"(spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort")"};
    QTest::addRow("service-node-port-on-cluster-ip")
        << service(R"("ports":[{"port":80,"nodePort":30080}])") << none
        << QStringList{"spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"};
    QTest::addRow("service-duplicate-node-port")
        << service(R"("type":"NodePort","ports":[{"name":"a","port":80,"nodePort":30080},{"name":"b","port":81,"nodePort":30080}])")
        << none << QStringList{"spec.ports[1].nodePort: Duplicate value: 30080"};
    QTest::addRow("service-duplicate-port")
        << service(R"("ports":[{"name":"a","port":80},{"name":"b","port":80,"targetPort":8080}])") << none
        << QStringList{R"(spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0})"};
    QTest::addRow("service-same-port-other-protocol")
        << service(R"("ports":[{"name":"dns","port":53,"protocol":"UDP"},{"name":"dns-tcp","port":53}])") << none
        << QStringList{};
    QTest::addRow("service-name-1035")
        << service(R"("ports":[{"port":80}])", R"("name":"1web","namespace":"default")") << none
        << QStringList{R"(metadata.name: Invalid value: "1web": )" + kDns1035Msg};
    QTest::addRow("service-session-affinity")
        << service(R"("sessionAffinity":"Cookie","ports":[{"port":80}])") << none
        << QStringList{R"(spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None")"};
    QTest::addRow("service-client-ip-timeout")
        << service(R"("sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":0}},"ports":[{"port":80}])")
        << none
        << QStringList{"spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400"};
    QTest::addRow("service-external-traffic-on-cluster-ip")
        << service(R"("externalTrafficPolicy":"Local","ports":[{"port":80}])") << none
        << QStringList{R"(spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services)"};
    QTest::addRow("service-external-ip-loopback")
        << service(R"("type":"NodePort","externalIPs":["127.0.0.1"],"ports":[{"port":80}])") << none
        << QStringList{R"(spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128))"};
    QTest::addRow("service-cluster-ip-invalid")
        << service(R"("clusterIP":"10.96.0.300","ports":[{"port":80}])") << none
        << QStringList{R"(spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff))"};
    QTest::addRow("service-lb-kubelet-port")
        << service(R"("type":"LoadBalancer","ports":[{"port":10250}])") << none
        << QStringList{"spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet"};
    QTest::addRow("service-nodeport-headless")
        << service(R"("type":"NodePort","clusterIP":"None","ports":[{"port":80}])") << none
        << QStringList{R"(spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services)"};
    QTest::addRow("service-cluster-ip-immutable")
        << service(R"("clusterIP":"10.96.0.20","ports":[{"port":80}])") << service(R"("clusterIP":"10.96.0.10","ports":[{"port":80}])")
        << QStringList{R"(spec.clusterIPs[0]: Invalid value: []string{"10.96.0.20"}: may not change once set)"};
    QTest::addRow("service-source-ranges")
        << service(R"("loadBalancerSourceRanges":["10.0.0.0/8"],"ports":[{"port":80}])") << none
        << QStringList{"spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"};

    // Endpoints.
    QTest::addRow("endpoints-valid")
        << object("v1", "Endpoints", R"("subsets":[{"addresses":[{"ip":"10.244.1.5"}],"ports":[{"port":80}]}])") << none
        << QStringList{};
    QTest::addRow("endpoints-bad-ip")
        << object("v1", "Endpoints", R"("subsets":[{"addresses":[{"ip":"10.244.1"}],"ports":[{"port":80}]}])") << none
        << QStringList{R"(subsets[0].addresses[0].ip: Invalid value: "10.244.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff))"};
    QTest::addRow("endpoints-no-addresses")
        << object("v1", "Endpoints", R"("subsets":[{"ports":[{"port":80}]}])") << none
        << QStringList{"subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"};

    // PersistentVolume.
    const QString pvMeta = QStringLiteral(R"("name":"pv1")");
    QTest::addRow("pv-valid")
        << object("v1", "PersistentVolume", R"("spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt/data"}})", pvMeta)
        << none << QStringList{};
    QTest::addRow("pv-capacity-required")
        << object("v1", "PersistentVolume", R"("spec":{"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt/data"}})", pvMeta)
        << none
        << QStringList{"spec.capacity: Required value",
                       R"(spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage")"};
    QTest::addRow("pv-access-modes")
        << object("v1", "PersistentVolume", R"("spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteAll"],"hostPath":{"path":"/mnt"}})", pvMeta)
        << none
        << QStringList{R"(spec.accessModes: Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")"};
    QTest::addRow("pv-access-modes-required")
        << object("v1", "PersistentVolume", R"("spec":{"capacity":{"storage":"1Gi"},"hostPath":{"path":"/mnt"}})", pvMeta)
        << none << QStringList{"spec.accessModes: Required value"};
    QTest::addRow("pv-rwop-mixed")
        << object("v1", "PersistentVolume", R"("spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOncePod","ReadOnlyMany"],"hostPath":{"path":"/mnt"}})", pvMeta)
        << none << QStringList{"spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"};
    QTest::addRow("pv-no-source")
        << object("v1", "PersistentVolume", R"("spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"]})", pvMeta)
        << none << QStringList{"spec: Required value: must specify a volume type"};
    QTest::addRow("pv-zero-capacity")
        << object("v1", "PersistentVolume", R"("spec":{"capacity":{"storage":"0"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt"}})", pvMeta)
        << none << QStringList{R"(spec.capacity[storage]: Invalid value: "0": must be greater than zero)"};
    QTest::addRow("pv-reclaim-policy")
        << object("v1", "PersistentVolume", R"("spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt"},"persistentVolumeReclaimPolicy":"Keep"})", pvMeta)
        << none
        << QStringList{R"(spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain")"};
    QTest::addRow("pv-local-needs-affinity")
        << object("v1", "PersistentVolume", R"("spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"local":{"path":"/mnt/disks/ssd1"}})", pvMeta)
        << none << QStringList{"spec.nodeAffinity: Required value: Local volume requires node affinity"};
    QTest::addRow("pv-namespace-forbidden")
        << object("v1", "PersistentVolume", R"("spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt"}})",
                  R"("name":"pv1","namespace":"default")")
        << none << QStringList{"metadata.namespace: Forbidden: not allowed on this type"};

    // PersistentVolumeClaim.
    const QString claim = QStringLiteral(R"("spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}})");
    QTest::addRow("pvc-valid") << object("v1", "PersistentVolumeClaim", claim) << none << QStringList{};
    QTest::addRow("pvc-storage-required")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"accessModes":["ReadWriteOnce"]})") << none
        << QStringList{"spec.resources[storage]: Required value"};
    QTest::addRow("pvc-access-modes-required")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"resources":{"requests":{"storage":"1Gi"}}})") << none
        << QStringList{"spec.accessModes: Required value: at least 1 access mode is required"};
    QTest::addRow("pvc-zero-storage")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"0Gi"}}})")
        << none << QStringList{R"(spec.resources[storage]: Invalid value: "0": must be greater than zero)"};
    QTest::addRow("pvc-volume-mode")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"volumeMode":"Raw","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}})")
        << none << QStringList{R"(spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem")"};
    QTest::addRow("pvc-shrink")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"512Mi"}}},"status":{"phase":"Bound"})")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}},"status":{"phase":"Bound"})")
        << QStringList{"spec.resources.requests.storage: Forbidden: field can not be less than previous value"};
    QTest::addRow("pvc-grow-bound")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"2Gi"}}},"status":{"phase":"Bound"})")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}},"status":{"phase":"Bound"})")
        << QStringList{};
    QTest::addRow("pvc-access-mode-change")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"accessModes":["ReadWriteMany"],"resources":{"requests":{"storage":"1Gi"}}})")
        << object("v1", "PersistentVolumeClaim", claim)
        << QStringList{"spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n*"};
    QTest::addRow("pvc-bind-volume-name")
        << object("v1", "PersistentVolumeClaim", R"("spec":{"volumeName":"pv1","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}})")
        << object("v1", "PersistentVolumeClaim", claim) << QStringList{};

    // ConfigMap and Secret.
    QTest::addRow("configmap-key")
        << object("v1", "ConfigMap", R"("data":{"a b":"x","ok.key":"y"})") << none
        << QStringList{R"(data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+'))"};
    QTest::addRow("configmap-dot-dot-key")
        << object("v1", "ConfigMap", R"("data":{"..data":"x"})") << none
        << QStringList{R"(data[..data]: Invalid value: "..data": must not start with '..')"};
    QTest::addRow("configmap-immutable")
        << object("v1", "ConfigMap", R"("immutable":true,"data":{"a":"2"})")
        << object("v1", "ConfigMap", R"("immutable":true,"data":{"a":"1"})")
        << QStringList{"data: Forbidden: field is immutable when `immutable` is set"};
    QTest::addRow("secret-valid") << object("v1", "Secret", R"("data":{"password":"czNjcjN0"})") << none << QStringList{};
    QTest::addRow("secret-tls-keys")
        << object("v1", "Secret", R"("type":"kubernetes.io/tls","data":{"tls.crt":"Y2VydA=="})") << none
        << QStringList{"data[tls.key]: Required value"};
    QTest::addRow("secret-basic-auth")
        << object("v1", "Secret", R"("type":"kubernetes.io/basic-auth","stringData":{"user":"x"})") << none
        << QStringList{"data[username]: Required value", "data[password]: Required value"};
    QTest::addRow("secret-type-immutable")
        << object("v1", "Secret", R"("type":"kubernetes.io/basic-auth","stringData":{"username":"x"})")
        << object("v1", "Secret", R"("stringData":{"username":"x"})")
        << QStringList{R"(type: Invalid value: "kubernetes.io/basic-auth": field is immutable)"};

    // Namespace and Node.
    QTest::addRow("namespace-valid") << object("v1", "Namespace", {}, R"("name":"dev")") << none << QStringList{};
    QTest::addRow("namespace-name")
        << object("v1", "Namespace", {}, R"("name":"Dev")") << none
        << QStringList{R"(metadata.name: Invalid value: "Dev": )" + kLabelMsg};
    QTest::addRow("namespace-dots")
        << object("v1", "Namespace", {}, R"("name":"team.dev")") << none
        << QStringList{R"(metadata.name: Invalid value: "team.dev": must not contain dots)"};
    QTest::addRow("node-valid")
        << object("v1", "Node", R"("spec":{"taints":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]})", R"("name":"node-1")")
        << none << QStringList{};
    QTest::addRow("node-taint-effect")
        << object("v1", "Node", R"("spec":{"taints":[{"key":"dedicated","value":"gpu","effect":"NoRun"}]})", R"("name":"node-1")")
        << none
        << QStringList{R"(metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute")"};
    QTest::addRow("node-taint-effect-required")
        << object("v1", "Node", R"("spec":{"taints":[{"key":"dedicated"}]})", R"("name":"node-1")") << none
        << QStringList{"metadata.taints[0].effect: Required value"};
    QTest::addRow("node-taint-duplicate")
        << object("v1", "Node", R"("spec":{"taints":[{"key":"k","value":"a","effect":"NoSchedule"},{"key":"k","value":"b","effect":"NoSchedule"}]})", R"("name":"node-1")")
        << none
        << QStringList{R"(metadata.taints[1]: Duplicate value: core.Taint{Key:"k", Value:"b", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair)"};
    QTest::addRow("node-pod-cidr-change")
        << object("v1", "Node", R"("spec":{"podCIDRs":["10.244.2.0/24"]})", R"("name":"node-1")")
        << object("v1", "Node", R"("spec":{"podCIDRs":["10.244.1.0/24"]})", R"("name":"node-1")")
        << QStringList{R"(spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid)"};

    // LimitRange and ResourceQuota.
    QTest::addRow("limitrange-valid")
        << object("v1", "LimitRange", R"("spec":{"limits":[{"type":"Container","default":{"cpu":"500m"},"max":{"cpu":"1"}}]})")
        << none << QStringList{};
    QTest::addRow("limitrange-default-over-max")
        << object("v1", "LimitRange", R"("spec":{"limits":[{"type":"Container","default":{"cpu":"2"},"max":{"cpu":"1"}}]})")
        << none
        << QStringList{"spec.limits[0].defaultRequest[cpu]: Invalid value: 2: default request value 2 is greater than max value 1",
                       "spec.limits[0].default[cpu]: Invalid value: 1: default value 2 is greater than max value 1"};
    QTest::addRow("limitrange-min-over-max")
        << object("v1", "LimitRange", R"("spec":{"limits":[{"type":"Pod","min":{"memory":"1Gi"},"max":{"memory":"512Mi"}}]})")
        << none << QStringList{"spec.limits[0].min[memory]: Invalid value: 1Gi: min value 1Gi is greater than max value 512Mi"};
    QTest::addRow("limitrange-pod-default")
        << object("v1", "LimitRange", R"("spec":{"limits":[{"type":"Pod","default":{"cpu":"1"}}]})") << none
        << QStringList{"spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"};
    QTest::addRow("limitrange-type")
        << object("v1", "LimitRange", R"("spec":{"limits":[{"type":"Namespace","max":{"cpu":"1"}}]})") << none
        << QStringList{R"(spec.limits[0]: Invalid value: "Namespace": must be a standard limit type or fully qualified)"};
    QTest::addRow("quota-valid")
        << object("v1", "ResourceQuota", R"("spec":{"hard":{"pods":"10","requests.cpu":"2","count/deployments.apps":"5"}})")
        << none << QStringList{};
    QTest::addRow("quota-integer")
        << object("v1", "ResourceQuota", R"("spec":{"hard":{"pods":"0.5"}})") << none
        << QStringList{"spec.hard[pods]: Invalid value: 500m: must be an integer"};
    QTest::addRow("quota-resource-name")
        << object("v1", "ResourceQuota", R"("spec":{"hard":{"cpus":"1"}})") << none
        << QStringList{R"(spec.hard[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified)",
                       R"(spec.hard[cpus]: Invalid value: "cpus": must be a standard resource for quota)"};
    QTest::addRow("quota-negative")
        << object("v1", "ResourceQuota", R"("spec":{"hard":{"requests.memory":"-1Gi"}})") << none
        << QStringList{R"(spec.hard[requests.memory]: Invalid value: "-1Gi": must be greater than or equal to 0)"};
}

namespace {

QString rbac(const QString& kind, const QString& body, const QString& metadata = QStringLiteral(R"("name":"reader","namespace":"default")"))
{
    return object("rbac.authorization.k8s.io/v1", kind, body, metadata);
}

QString netpol(const QString& spec)
{
    return object("networking.k8s.io/v1", "NetworkPolicy", R"("spec":{)" + spec + "}");
}

QString ingress(const QString& spec)
{
    return object("networking.k8s.io/v1", "Ingress", R"("spec":{)" + spec + "}");
}

const QString kBackend = QStringLiteral(R"("backend":{"service":{"name":"web","port":{"number":80}}})");

} // namespace

void TestValidation::otherKinds_data()
{
    columns();
    const QString none;

    // StorageClass.
    const QString scMeta = QStringLiteral(R"("name":"fast")");
    QTest::addRow("storageclass-valid")
        << object("storage.k8s.io/v1", "StorageClass", R"("provisioner":"rancher.io/local-path")", scMeta) << none << QStringList{};
    QTest::addRow("storageclass-provisioner-required")
        << object("storage.k8s.io/v1", "StorageClass", {}, scMeta) << none << QStringList{"provisioner: Required value"};
    QTest::addRow("storageclass-binding-mode")
        << object("storage.k8s.io/v1", "StorageClass", R"("provisioner":"x.io/y","volumeBindingMode":"Later")", scMeta) << none
        << QStringList{R"(volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer")"};
    QTest::addRow("storageclass-reclaim")
        << object("storage.k8s.io/v1", "StorageClass", R"("provisioner":"x.io/y","reclaimPolicy":"Recycle")", scMeta) << none
        << QStringList{R"(reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain")"};
    QTest::addRow("storageclass-parameters-update")
        << object("storage.k8s.io/v1", "StorageClass", R"("provisioner":"x.io/y","parameters":{"type":"ssd"})", scMeta)
        << object("storage.k8s.io/v1", "StorageClass", R"("provisioner":"x.io/y","parameters":{"type":"hdd"})", scMeta)
        << QStringList{"parameters: Forbidden: updates to parameters are forbidden."};

    // RBAC.
    QTest::addRow("role-valid")
        << rbac("Role", R"("rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}])") << none << QStringList{};
    QTest::addRow("role-verbs-required")
        << rbac("Role", R"("rules":[{"apiGroups":[""],"resources":["pods"]}])") << none
        << QStringList{"rules[0].verbs: Required value: verbs must contain at least one value"};
    QTest::addRow("role-groups-and-resources-required")
        << rbac("Role", R"("rules":[{"verbs":["get"]}])") << none
        << QStringList{"rules[0].apiGroups: Required value: resource rules must supply at least one api group",
                       "rules[0].resources: Required value: resource rules must supply at least one resource"};
    QTest::addRow("role-non-resource-url")
        << rbac("Role", R"("rules":[{"nonResourceURLs":["/healthz"],"verbs":["get"]}])") << none
        << QStringList{R"(rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs)"};
    QTest::addRow("clusterrole-non-resource-url")
        << rbac("ClusterRole", R"("rules":[{"nonResourceURLs":["/healthz"],"verbs":["get"]}])", R"("name":"health")") << none
        << QStringList{};
    QTest::addRow("role-path-segment-name")
        << rbac("Role", R"("rules":[])", R"("name":"a/b","namespace":"default")") << none
        << QStringList{R"(metadata.name: Invalid value: "a/b": may not contain '/')"};
    QTest::addRow("clusterrole-colon-name")
        << rbac("ClusterRole", R"("rules":[])", R"("name":"system:reader")") << none << QStringList{};
    const QString binding = QStringLiteral(R"("roleRef":{"kind":"Role","name":"reader"},"subjects":[{"kind":"User","name":"jane"}])");
    QTest::addRow("rolebinding-valid") << rbac("RoleBinding", binding) << none << QStringList{};
    QTest::addRow("rolebinding-roleref-kind")
        << rbac("RoleBinding", R"("roleRef":{"kind":"Group","name":"reader"})") << none
        << QStringList{R"(roleRef.kind: Unsupported value: "Group": supported values: "Role", "ClusterRole")"};
    QTest::addRow("clusterrolebinding-role-kind")
        << rbac("ClusterRoleBinding", R"("roleRef":{"kind":"Role","name":"reader"})", R"("name":"readers")") << none
        << QStringList{R"(roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole")"};
    QTest::addRow("rolebinding-subject-kind")
        << rbac("RoleBinding", R"("roleRef":{"kind":"Role","name":"reader"},"subjects":[{"kind":"Person","name":"jane"}])") << none
        << QStringList{R"(subjects[0].kind: Unsupported value: "Person": supported values: "ServiceAccount", "User", "Group")"};
    QTest::addRow("clusterrolebinding-sa-namespace")
        << rbac("ClusterRoleBinding", R"("roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"ServiceAccount","name":"default"}])",
                R"("name":"readers")")
        << none << QStringList{"subjects[0].namespace: Required value"};
    QTest::addRow("rolebinding-sa-api-group")
        << rbac("RoleBinding", R"("roleRef":{"kind":"Role","name":"reader"},"subjects":[{"kind":"ServiceAccount","name":"default","apiGroup":"rbac.authorization.k8s.io"}])")
        << none
        << QStringList{R"(subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: "")"};
    QTest::addRow("rolebinding-roleref-immutable")
        << rbac("RoleBinding", R"("roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"jane"}])")
        << rbac("RoleBinding", binding)
        << QStringList{R"(roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef)"};

    // NetworkPolicy.
    QTest::addRow("netpol-valid")
        << netpol(R"("podSelector":{"matchLabels":{"app":"db"}},"ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"web"}}}],"ports":[{"port":5432}]}])")
        << none << QStringList{};
    QTest::addRow("netpol-empty-peer")
        << netpol(R"("podSelector":{},"ingress":[{"from":[{}]}])") << none
        << QStringList{"spec.ingress[0].from[0]: Required value: must specify a peer"};
    QTest::addRow("netpol-ip-block-and-selector")
        << netpol(R"("podSelector":{},"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/8"},"podSelector":{}}]}])") << none
        << QStringList{"spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer"};
    QTest::addRow("netpol-cidr")
        << netpol(R"("podSelector":{},"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/33"}}]}])") << none
        << QStringList{R"(spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64))"};
    QTest::addRow("netpol-except-subset")
        << netpol(R"("podSelector":{},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/16","except":["10.1.0.0/24"]}}]}])") << none
        << QStringList{R"(spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`)"};
    QTest::addRow("netpol-port-protocol")
        << netpol(R"("podSelector":{},"ingress":[{"ports":[{"port":80,"protocol":"ICMP"}]}])") << none
        << QStringList{R"(spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP")"};
    QTest::addRow("netpol-end-port")
        << netpol(R"("podSelector":{},"ingress":[{"ports":[{"port":8080,"endPort":80}]}])") << none
        << QStringList{"spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`"};
    QTest::addRow("netpol-policy-type")
        << netpol(R"("podSelector":{},"policyTypes":["Inbound"])") << none
        << QStringList{R"(spec.policyTypes[0]: Unsupported value: "Inbound": supported values: "Ingress", "Egress")"};

    // Ingress and IngressClass.
    QTest::addRow("ingress-valid")
        << ingress(R"("rules":[{"host":"shop.example.com","http":{"paths":[{"path":"/","pathType":"Prefix",)" + kBackend + "}]}}]")
        << none << QStringList{};
    QTest::addRow("ingress-empty")
        << ingress({}) << none
        << QStringList{"spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified"};
    QTest::addRow("ingress-path-type-required")
        << ingress(R"("rules":[{"http":{"paths":[{"path":"/",)" + kBackend + "}]}}]") << none
        << QStringList{"spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"};
    QTest::addRow("ingress-relative-path")
        << ingress(R"("rules":[{"http":{"paths":[{"path":"shop","pathType":"Prefix",)" + kBackend + "}]}}]") << none
        << QStringList{R"(spec.rules[0].http.paths[0].path: Invalid value: "shop": must be an absolute path)"};
    QTest::addRow("ingress-path-type")
        << ingress(R"("rules":[{"http":{"paths":[{"path":"/","pathType":"Regex",)" + kBackend + "}]}}]") << none
        << QStringList{R"(spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix")"};
    QTest::addRow("ingress-host-ip")
        << ingress(R"("rules":[{"host":"10.0.0.1","http":{"paths":[{"path":"/","pathType":"Prefix",)" + kBackend + "}]}}]") << none
        << QStringList{R"(spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address)"};
    QTest::addRow("ingress-backend-port-missing")
        << ingress(R"("defaultBackend":{"service":{"name":"web"}})") << none
        << QStringList{"spec.defaultBackend: Required value: port name or number is required"};
    QTest::addRow("ingress-backend-service-name")
        << ingress(R"("defaultBackend":{"service":{"name":"Web","port":{"number":80}}})") << none
        << QStringList{R"(spec.defaultBackend.service.name: Invalid value: "Web": )" + kDns1035Msg};
    QTest::addRow("ingress-wildcard-host")
        << ingress(R"("rules":[{"host":"*.example.com","http":{"paths":[{"path":"/","pathType":"Prefix",)" + kBackend + "}]}}]")
        << none << QStringList{};
    QTest::addRow("ingressclass-controller")
        << object("networking.k8s.io/v1", "IngressClass", R"("spec":{"controller":"nginx"})", R"("name":"nginx")") << none
        << QStringList{R"(spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo"))"};

    // PriorityClass.
    const QString pcMeta = QStringLiteral(R"("name":"high")");
    QTest::addRow("priorityclass-valid") << object("scheduling.k8s.io/v1", "PriorityClass", R"("value":1000000)", pcMeta) << none
                                         << QStringList{};
    QTest::addRow("priorityclass-too-high")
        << object("scheduling.k8s.io/v1", "PriorityClass", R"("value":2000000000)", pcMeta) << none
        << QStringList{"value: Forbidden: maximum allowed value of a user defined priority is 1000000000"};
    QTest::addRow("priorityclass-system-prefix")
        << object("scheduling.k8s.io/v1", "PriorityClass", R"("value":100)", R"("name":"system-foo")") << none
        << QStringList{"metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class"};
    QTest::addRow("priorityclass-system-known")
        << object("scheduling.k8s.io/v1", "PriorityClass", R"("value":2000000000)", R"("name":"system-cluster-critical")") << none
        << QStringList{};
    QTest::addRow("priorityclass-value-update")
        << object("scheduling.k8s.io/v1", "PriorityClass", R"("value":2000)", pcMeta)
        << object("scheduling.k8s.io/v1", "PriorityClass", R"("value":1000)", pcMeta)
        << QStringList{"value: Forbidden: may not be changed in an update."};
    QTest::addRow("priorityclass-preemption")
        << object("scheduling.k8s.io/v1", "PriorityClass", R"("value":10,"preemptionPolicy":"Always")", pcMeta) << none
        << QStringList{R"(preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never")"};
}

QTEST_APPLESS_MAIN(TestValidation)
#include "tst_validation.moc"
