// SPDX-License-Identifier: GPL-3.0-or-later
// kubectl create's generators (core/cli/commands_create.cpp, generate.h): each case runs
// klab's command lines against a fresh in-memory lab and compares exit status, stdout and
// stderr. The values come from upstream's tests in k8s.io/kubectl v1.31
// pkg/cmd/create/create_*_test.go and pkg/util/hash/hash_test.go. Where upstream's test
// RESTMapper serves the old `extensions` group, the cases use the group the lab (and a v1.31
// API server) serves, and one case shows the refusal of `extensions`.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sstream>

#include "core/cli/cli.h"
#include "core/sim/engine.h"

class TestCreate : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void generators_data();
    void generators();
};

namespace {

using namespace kubelab;

/// One command line and what klab answers.
struct Step {
    QStringList args;
    int exitCode = 0;
    QString out;
    QString err;
};

using Steps = QList<Step>;

QStringList words(const char* line)
{
    return QString::fromUtf8(line).split(u' ', Qt::SkipEmptyParts);
}

Step ok(const char* line, const QString& out)
{
    return Step{words(line), 0, out, {}};
}

Step refused(const char* line, int exitCode, const QString& err)
{
    return Step{words(line), exitCode, {}, err};
}

QString lines(std::initializer_list<const char*> text)
{
    QString out;
    for (const char* l : text)
        out += QString::fromUtf8(l) + u'\n';
    return out;
}

/// The YAML kubectl prints for a Role or ClusterRole generated without a server.
QString roleYaml(const char* kind, const char* ns, std::initializer_list<const char*> rules)
{
    QString out = lines({"apiVersion: rbac.authorization.k8s.io/v1"});
    out += QStringLiteral("kind: %1\nmetadata:\n  creationTimestamp: null\n  name: my-role\n").arg(QString::fromUtf8(kind));
    if (ns)
        out += QStringLiteral("  namespace: %1\n").arg(QString::fromUtf8(ns));
    out += QStringLiteral("rules:\n") + lines(rules);
    return out;
}

QTemporaryDir* g_files = nullptr;
QString g_previousDir;

void writeFile(const QString& name, const QByteArray& content)
{
    QFile f(g_files->filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(name));
    f.write(content);
}

/// PEM text of one block of `type` (the body is any valid base64: the lab checks the blocks).
QByteArray pem(const char* type)
{
    return QByteArray("-----BEGIN ") + type + "-----\nYWJj\n-----END " + type + "-----\n";
}

} // namespace

Q_DECLARE_METATYPE(Steps)

void TestCreate::initTestCase()
{
    g_files = new QTemporaryDir;
    QVERIFY(g_files->isValid());
    g_previousDir = QDir::currentPath();
    QVERIFY(QDir::setCurrent(g_files->path()));
    writeFile(QStringLiteral("greeting.txt"), "hello\n");
    writeFile(QStringLiteral("app.env"), "# settings\n\nLOG_LEVEL=info\n  MODE=a=b\n");
    writeFile(QStringLiteral("bad.env"), "key#1=value1\n");
    QVERIFY(QDir(g_files->path()).mkdir(QStringLiteral("conf")));
    writeFile(QStringLiteral("conf/one"), "1");
    writeFile(QStringLiteral("conf/two"), QByteArray("\xff\xfe", 2));
    writeFile(QStringLiteral("tls.crt"), pem("CERTIFICATE"));
    writeFile(QStringLiteral("tls.key"), pem("RSA PRIVATE KEY"));
    writeFile(QStringLiteral("chain.crt"), pem("CERTIFICATE") + pem("CERTIFICATE"));
    writeFile(QStringLiteral("params.pem"), pem("EC PARAMETERS"));
    writeFile(QStringLiteral("empty.txt"), "");
    // The files of create_configmap_test.go and create_secret_test.go (env files end lines with \r\n).
    QVERIFY(QDir(g_files->path()).mkdir(QStringLiteral("text")));
    QVERIFY(QDir(g_files->path()).mkdir(QStringLiteral("binary")));
    for (const char* name : {"foo1", "foo2"}) {
        writeFile(QStringLiteral("text/") + QString::fromLatin1(name), "hello world");
        writeFile(QStringLiteral("binary/") + QString::fromLatin1(name), QByteArray("\xff\xfd", 2));
    }
    writeFile(QStringLiteral("file1.env"), "key1=value1\r\n#\r\n\r\nkey2=value2\r\n");
    writeFile(QStringLiteral("file2.env"), "key3=value3\r\n");
    writeFile(QStringLiteral("get.env"), "g_key1\r\ng_key2=\r\n");
    writeFile(QStringLiteral("space.env"), "   key1=  value1\r\n");
    writeFile(QStringLiteral("digit.env"), "1key=value1\r\n");
    writeFile(QStringLiteral("at.env"), "key@=value1\r\n");
    qputenv("g_key1", "1");
    qputenv("g_key2", "2");
    writeFile(QStringLiteral("cronjob.yaml"), "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n"
                                              "  schedule: \"0 3 * * *\"\n  jobTemplate:\n    metadata:\n"
                                              "      labels: {team: ops}\n      annotations: {note: x}\n    spec:\n"
                                              "      template:\n        spec:\n          restartPolicy: OnFailure\n"
                                              "          containers:\n          - name: c\n            image: busybox\n");
}

void TestCreate::cleanupTestCase()
{
    QDir::setCurrent(g_previousDir);
    delete g_files;
}

void TestCreate::generators_data()
{
    QTest::addColumn<Steps>("steps");

    // --- create role: TestCreateRole -------------------------------------------------------
    const char* readers = "  - get\n  - watch\n  - list";
    QTest::addRow("role: duplicate resources")
        << Steps{ok("create role my-role -n test --verb=get,watch,list --resource=pods,pods --dry-run=client -o yaml",
                    roleYaml("Role", "test",
                             {"- apiGroups:", "  - \"\"", "  resources:", "  - pods", "  verbs:", readers}))};
    QTest::addRow("role: subresources (replicasets are apps in the lab)")
        << Steps{ok("create role my-role -n test --verb=get,watch,list --resource=replicasets/scale --dry-run=client -o yaml",
                    roleYaml("Role", "test",
                             {"- apiGroups:", "  - apps", "  resources:", "  - replicasets/scale", "  verbs:", readers}))};
    QTest::addRow("role: subresources with api group")
        << Steps{ok("create role my-role -n test --verb=get,watch,list --resource=replicasets.apps/scale --dry-run=client -o yaml",
                    roleYaml("Role", "test",
                             {"- apiGroups:", "  - apps", "  resources:", "  - replicasets/scale", "  verbs:", readers}))};
    QTest::addRow("role: a group the server does not serve")
        << Steps{refused("create role my-role --verb=get --resource=replicasets.extensions/scale --dry-run=client", 1,
                         QStringLiteral("error: no matches for extensions/, Resource=replicasets\n"))};
    QTest::addRow("role: multiple api groups")
        << Steps{ok("create role my-role -n test --verb=get,watch,list --resource=pods,deployments.apps --dry-run=client -o yaml",
                    roleYaml("Role", "test",
                             {"- apiGroups:", "  - \"\"", "  resources:", "  - pods", "  verbs:", readers,
                              "- apiGroups:", "  - apps", "  resources:", "  - deployments", "  verbs:", readers}))};
    QTest::addRow("role: short names and kinds map to resources")
        << Steps{ok("create role my-role --verb=get --resource=po,deploy,RS,svc/status --dry-run=client -o yaml",
                    roleYaml("Role", nullptr,
                             {"- apiGroups:", "  - \"\"", "  resources:", "  - pods", "  - services/status", "  verbs:",
                              "  - get", "- apiGroups:", "  - apps", "  resources:", "  - deployments", "  - replicasets",
                              "  verbs:", "  - get"}))};

    // --- create role: TestComplete ---------------------------------------------------------
    QTest::addRow("role: duplicate verbs")
        << Steps{ok("create role my-role --verb=get,watch,list,get --resource=pods --dry-run=client -o jsonpath={.rules[0].verbs}",
                    QStringLiteral("[\"get\",\"watch\",\"list\"]"))};
    QTest::addRow("role: * is every verb")
        << Steps{ok("create role my-role --verb=get,watch,list,* --resource=pods --dry-run=client -o jsonpath={.rules[0].verbs}",
                    QStringLiteral("[\"*\"]"))};
    QTest::addRow("role: * alone ends the resources")
        << Steps{ok("create role my-role --verb=* --resource=*,pods --dry-run=client -o jsonpath={.rules}",
                    QStringLiteral("[{\"apiGroups\":[\"\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]"))};
    QTest::addRow("role: */scale does not")
        << Steps{ok("create role my-role --verb=* --resource=*/scale,pods --dry-run=client -o jsonpath={.rules}",
                    QStringLiteral("[{\"apiGroups\":[\"\"],\"resources\":[\"*/scale\",\"pods\"],\"verbs\":[\"*\"]}]"))};
    QTest::addRow("role: every resource of every group")
        << Steps{ok("create role my-role --verb=* --resource=*.*,pods --dry-run=client -o jsonpath={.rules}",
                    QStringLiteral("[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"*\"]},"
                                   "{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]"))};
    QTest::addRow("role: every resource of every group, a subresource")
        << Steps{ok("create role my-role --verb=* --resource=*.*/scale,pods --dry-run=client -o jsonpath={.rules}",
                    QStringLiteral("[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"*\"]},"
                                   "{\"apiGroups\":[\"*\"],\"resources\":[\"*/scale\"],\"verbs\":[\"*\"]}]"))};
    QTest::addRow("role: every resource of one group")
        << Steps{ok("create role my-role --verb=* --resource=*.extensions,pods --dry-run=client -o jsonpath={.rules}",
                    QStringLiteral("[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"*\"]},"
                                   "{\"apiGroups\":[\"extensions\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]"))};
    QTest::addRow("role: every resource of one group, a subresource")
        << Steps{ok("create role my-role --verb=* --resource=*.extensions/scale,pods --dry-run=client -o jsonpath={.rules}",
                    QStringLiteral("[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"*\"]},"
                                   "{\"apiGroups\":[\"extensions\"],\"resources\":[\"*/scale\"],\"verbs\":[\"*\"]}]"))};
    QTest::addRow("role: duplicate resource names")
        << Steps{ok("create role my-role --verb=* --resource=pods,deployments.apps --resource-name=foo --resource-name=foo "
                    "--dry-run=client -o jsonpath={.rules}",
                    QStringLiteral("[{\"apiGroups\":[\"\"],\"resourceNames\":[\"foo\"],\"resources\":[\"pods\"],\"verbs\":[\"*\"]},"
                                   "{\"apiGroups\":[\"apps\"],\"resourceNames\":[\"foo\"],\"resources\":[\"deployments\"],"
                                   "\"verbs\":[\"*\"]}]"))};

    // --- create role: TestValidate ---------------------------------------------------------
    QTest::addRow("role: missing name")
        << Steps{refused("create role --verb=get --resource=pods", 2, QStringLiteral("error: exactly one NAME is required, got 0\n"))};
    QTest::addRow("role: missing verb")
        << Steps{refused("create role my-role --resource=pods", 1, QStringLiteral("error: at least one verb must be specified\n"))};
    QTest::addRow("role: missing resource")
        << Steps{refused("create role my-role --verb=get", 1, QStringLiteral("error: at least one resource must be specified\n"))};
    QTest::addRow("role: missing resource, existing api group")
        << Steps{refused("create role my-role --verb=get --resource=.extensions", 1,
                         QStringLiteral("error: resource must be specified if apiGroup/subresource specified\n"))};
    QTest::addRow("role: missing resource, existing subresource")
        << Steps{refused("create role my-role --verb=get --resource=/scale", 1,
                         QStringLiteral("error: resource must be specified if apiGroup/subresource specified\n"))};
    QTest::addRow("role: a verb that is not standard is a warning")
        << Steps{Step{words("create role my-role --verb=invalid-verb,post --resource=pods"), 0,
                      QStringLiteral("role.rbac.authorization.k8s.io/my-role created\n"),
                      QStringLiteral("Warning: 'invalid-verb' is not a standard resource verb\n"
                                     "Warning: 'post' is not a standard resource verb\n")}};
    QTest::addRow("role: special verb")
        << Steps{refused("create role my-role --verb=use --resource=pods", 1,
                         QStringLiteral("error: can not perform 'use' on 'pods' in group ''\n"))};
    QTest::addRow("role: mixed special verbs")
        << Steps{refused("create role my-role --verb=impersonate,use --resource=userextras/scopes", 1,
                         QStringLiteral("error: can not perform 'impersonate' on 'userextras' in group ''\n"))};
    QTest::addRow("role: special verb with the wrong api group")
        << Steps{refused("create role my-role --verb=impersonate --resource=userextras.extensions/scopes", 1,
                         QStringLiteral("error: can not perform 'impersonate' on 'userextras' in group 'extensions'\n"))};
    QTest::addRow("role: invalid resource")
        << Steps{refused("create role my-role --verb=get --resource=invalid-resource", 1,
                         QStringLiteral("error: no matches for /, Resource=invalid-resource\n"))};
    QTest::addRow("role: bind on roles")
        << Steps{ok("create role role-binder --verb=get,list,bind --resource=roles.rbac.authorization.k8s.io "
                    "--resource-name=foo",
                    QStringLiteral("role.rbac.authorization.k8s.io/role-binder created\n"))};
    QTest::addRow("role: a subresource with a resource name")
        << Steps{ok("create role my-role --verb=get,list --resource=replicasets/scale --resource-name=bar -o name",
                    QStringLiteral("role.rbac.authorization.k8s.io/my-role\n"))};
    QTest::addRow("role: impersonate userextras of authentication.k8s.io")
        << Steps{ok("create role my-role --verb=impersonate --resource=userextras.authentication.k8s.io/scopes "
                    "--dry-run=client -o jsonpath={.rules[0].apiGroups[0]}/{.rules[0].resources[0]}",
                    QStringLiteral("authentication.k8s.io/userextras/scopes"))};

    // --- create clusterrole: TestCreateClusterRole, TestClusterRoleValidate ----------------
    QTest::addRow("clusterrole: duplicate resources")
        << Steps{ok("create clusterrole my-role -n test --verb=get,watch,list --resource=pods,pods --dry-run=client -o yaml",
                    roleYaml("ClusterRole", nullptr,
                             {"- apiGroups:", "  - \"\"", "  resources:", "  - pods", "  verbs:", readers}))};
    QTest::addRow("clusterrole: non-resource URLs")
        << Steps{ok("create clusterrole my-role --verb=get --non-resource-url=/logs/,/healthz --dry-run=client -o yaml",
                    roleYaml("ClusterRole", nullptr,
                             {"- nonResourceURLs:", "  - /logs/", "  - /healthz", "  verbs:", "  - get"}))};
    QTest::addRow("clusterrole: resources and non-resource URLs")
        << Steps{ok("create clusterrole my-role --verb=get --non-resource-url=/logs/,/healthz --resource=pods --dry-run=client "
                    "-o yaml",
                    roleYaml("ClusterRole", nullptr,
                             {"- apiGroups:", "  - \"\"", "  resources:", "  - pods", "  verbs:", "  - get",
                              "- nonResourceURLs:", "  - /logs/", "  - /healthz", "  verbs:", "  - get"}))};
    QTest::addRow("clusterrole: aggregation rule")
        << Steps{ok("create clusterrole my-role --aggregation-rule=foo3=foo4,foo1=foo2 --dry-run=client -o yaml",
                    lines({"aggregationRule:", "  clusterRoleSelectors:", "  - matchLabels:", "      foo1: foo2",
                           "      foo3: foo4", "apiVersion: rbac.authorization.k8s.io/v1", "kind: ClusterRole",
                           "metadata:", "  creationTimestamp: null", "  name: my-role", "rules: null"}))};
    QTest::addRow("clusterrole: malformed aggregation rule")
        << Steps{refused("create clusterrole my-role --aggregation-rule=foo", 2,
                         QStringLiteral("error: invalid argument \"foo\" for \"--aggregation-rule\" flag: malformed pair, "
                                        "expect string=string\n"))};
    QTest::addRow("clusterrole: a verb that is not standard is a warning")
        << Steps{Step{words("create clusterrole my-role --verb=invalid-verb --resource=pods --dry-run=client"), 0,
                      QStringLiteral("clusterrole.rbac.authorization.k8s.io/my-role created (dry run)\n"),
                      QStringLiteral("Warning: 'invalid-verb' is not a standard resource verb\n")}};
    QTest::addRow("clusterrole: neither resource nor URL")
        << Steps{refused("create clusterrole my-role --verb=get", 1,
                         QStringLiteral("error: one of resource or nonResourceURL must be specified\n"))};
    QTest::addRow("clusterrole: URL not starting with /")
        << Steps{refused("create clusterrole my-role --verb=get --non-resource-url=logs", 1,
                         QStringLiteral("error: nonResourceURL should start with /\n"))};
    QTest::addRow("clusterrole: * inside a URL")
        << Steps{refused("create clusterrole my-role --verb=get --non-resource-url=/logs/*/", 1,
                         QStringLiteral("error: nonResourceURL only supports wildcard matches when '*' is at the end\n"))};
    QTest::addRow("clusterrole: two * in a URL")
        << Steps{refused("create clusterrole my-role --verb=get --non-resource-url=/logs*/*", 1,
                         QStringLiteral("error: nonResourceURL only supports wildcard matches when '*' is at the end\n"))};
    QTest::addRow("clusterrole: a resource verb for a URL")
        << Steps{refused("create clusterrole my-role --verb=create --non-resource-url=/logs/", 1,
                         QStringLiteral("error: invalid verb: 'create' for nonResourceURL\n"))};
    QTest::addRow("clusterrole: resources and URLs together")
        << Steps{ok("create clusterrole my-role --verb=get --resource=replicasets/scale --non-resource-url=/logs/,/logs/*",
                    QStringLiteral("clusterrole.rbac.authorization.k8s.io/my-role created\n"))};
    QTest::addRow("clusterrole: aggregation rule with a verb")
        << Steps{refused("create clusterrole my-role --verb=get --aggregation-rule=foo-key=foo-vlue", 1,
                         QStringLiteral("error: aggregation rule must be specified without nonResourceURLs, verbs, resources "
                                        "or resourceNames\n"))};
    QTest::addRow("clusterrole: aggregation rule with a resource")
        << Steps{refused("create clusterrole my-role --resource=replicasets/scale --aggregation-rule=foo-key=foo-vlue", 1,
                         QStringLiteral("error: aggregation rule must be specified without nonResourceURLs, verbs, resources "
                                        "or resourceNames\n"))};
    QTest::addRow("clusterrole: aggregation rule with a URL")
        << Steps{refused("create clusterrole my-role --non-resource-url=/logs/ --aggregation-rule=foo-key=foo-vlue", 1,
                         QStringLiteral("error: aggregation rule must be specified without nonResourceURLs, verbs, resources "
                                        "or resourceNames\n"))};

    // --- create rolebinding, clusterrolebinding --------------------------------------------
    const QString bindingSubjects =
        lines({"subjects:", "- apiGroup: rbac.authorization.k8s.io", "  kind: User", "  name: fake-user",
               "- apiGroup: rbac.authorization.k8s.io", "  kind: Group", "  name: fake-group", "- kind: ServiceAccount",
               "  name: fake-account", "  namespace: fake-namespace"});
    QTest::addRow("rolebinding: TestCreateRoleBinding")
        << Steps{ok("create rolebinding fake-binding --role=fake-role --user=fake-user --group=fake-group "
                    "--serviceaccount=fake-namespace:fake-account --dry-run=client -o yaml",
                    lines({"apiVersion: rbac.authorization.k8s.io/v1", "kind: RoleBinding", "metadata:",
                           "  creationTimestamp: null", "  name: fake-binding", "roleRef:",
                           "  apiGroup: rbac.authorization.k8s.io", "  kind: Role", "  name: fake-role"}) +
                        bindingSubjects)};
    QTest::addRow("clusterrolebinding: TestCreateClusterRoleBinding")
        << Steps{ok("create clusterrolebinding fake-binding --clusterrole=fake-clusterrole --user=fake-user "
                    "--group=fake-group --serviceaccount=fake-namespace:fake-account --dry-run=client -o yaml",
                    lines({"apiVersion: rbac.authorization.k8s.io/v1", "kind: ClusterRoleBinding", "metadata:",
                           "  creationTimestamp: null", "  name: fake-binding", "roleRef:",
                           "  apiGroup: rbac.authorization.k8s.io", "  kind: ClusterRole", "  name: fake-clusterrole"}) +
                        bindingSubjects)};
    QTest::addRow("rolebinding: neither role nor clusterrole")
        << Steps{refused("create rolebinding b --user=u", 1,
                         QStringLiteral("error: exactly one of clusterrole or role must be specified\n"))};
    QTest::addRow("rolebinding: both role and clusterrole")
        << Steps{refused("create rolebinding b --role=r --clusterrole=c", 1,
                         QStringLiteral("error: exactly one of clusterrole or role must be specified\n"))};
    QTest::addRow("rolebinding: malformed service account")
        << Steps{refused("create rolebinding b --clusterrole=view --serviceaccount=default", 1,
                         QStringLiteral("error: serviceaccount must be <namespace>:<name>\n"))};
    QTest::addRow("clusterrolebinding: clusterrole is required")
        << Steps{refused("create clusterrolebinding b --user=u", 2,
                         QStringLiteral("error: required flag(s) \"clusterrole\" not set\n"))};
    QTest::addRow("rolebinding: stored, and the binding grants")
        << Steps{ok("create ns test", QStringLiteral("namespace/test created\n")),
                 ok("create rolebinding read-pods --clusterrole=view --user=alice -n test",
                    QStringLiteral("rolebinding.rbac.authorization.k8s.io/read-pods created\n")),
                 ok("auth can-i list pods -n test --as alice", QStringLiteral("yes\n")),
                 Step{words("auth can-i list pods -n default --as alice"), 1, QStringLiteral("no\n"), {}}};

    // --- create configmap: TestCreateConfigMap ---------------------------------------------
    QTest::addRow("configmap: literals, files, a directory")
        << Steps{ok("create configmap foo --from-literal=key1=value1 --from-literal=key2='value2' --from-file=greeting.txt "
                    "--from-file=custom=greeting.txt --from-file=conf --dry-run=client -o yaml",
                    lines({"apiVersion: v1", "binaryData:", "  two: //4=", "data:", "  custom: |", "    hello",
                           "  greeting.txt: |", "    hello", "  key1: value1", "  key2: value2", "  one: \"1\"",
                           "kind: ConfigMap", "metadata:", "  creationTimestamp: null", "  name: foo"}))};
    QTest::addRow("configmap: an env file")
        << Steps{ok("create cm foo --from-env-file=app.env --dry-run=client -o jsonpath={.data}",
                    QStringLiteral("{\"LOG_LEVEL\":\"info\",\"MODE\":\"a=b\"}"))};
    QTest::addRow("configmap: duplicate key")
        << Steps{refused("create configmap foo --from-literal=key1=value1 --from-literal=key1=value2", 1,
                         QStringLiteral("error: cannot add key \"key1\", another key by that name already exists in Data "
                                        "for ConfigMap \"foo\"\n"))};
    QTest::addRow("configmap: invalid key")
        << Steps{refused("create configmap foo --from-literal=key#1=value1", 1,
                         QStringLiteral("error: \"key#1\" is not a valid key name for a ConfigMap: a valid config key must "
                                        "consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
                                        "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n"))};
    QTest::addRow("configmap: literal without a key")
        << Steps{refused("create configmap foo --from-literal==value1", 1,
                         QStringLiteral("error: invalid literal source =value1, expected key=value\n"))};
    QTest::addRow("configmap: file source with a missing key")
        << Steps{refused("create configmap foo --from-file==greeting.txt", 1,
                         QStringLiteral("error: key name for file path greeting.txt missing\n"))};
    QTest::addRow("configmap: file source with a missing path")
        << Steps{refused("create configmap foo --from-file=key=", 1,
                         QStringLiteral("error: file path for key name key missing\n"))};
    QTest::addRow("configmap: file source with two =")
        << Steps{refused("create configmap foo --from-file=a=b=c", 1,
                         QStringLiteral("error: key names or file paths cannot contain '='\n"))};
    QTest::addRow("configmap: a key for a directory")
        << Steps{refused("create configmap foo --from-file=key=conf", 1,
                         QStringLiteral("error: cannot give a key name for a directory path\n"))};
    QTest::addRow("configmap: missing file")
        << Steps{refused("create configmap foo --from-file=missing.txt", 1,
                         QStringLiteral("error: error reading missing.txt: no such file or directory\n"))};
    QTest::addRow("configmap: env file and literals")
        << Steps{refused("create configmap foo --from-env-file=app.env --from-literal=a=b", 1,
                         QStringLiteral("error: from-env-file cannot be combined with from-file or from-literal\n"))};
    QTest::addRow("configmap: env file with an invalid key")
        << Steps{refused("create configmap foo --from-env-file=bad.env", 1,
                         QStringLiteral("error: \"key#1\" is not a valid key name: a valid environment variable name must "
                                        "consist of alphabetic characters, digits, '_', '-', or '.', and must not start "
                                        "with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex "
                                        "used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n"))};
    QTest::addRow("configmap: env file is a directory")
        << Steps{refused("create configmap foo --from-env-file=conf", 1,
                         QStringLiteral("error: env config file cannot be a directory\n"))};
    // create_configmap_test.go: names with --append-hash, binary files, env files.
    QTest::addRow("configmap: TestCreateConfigMap values")
        << Steps{ok("create configmap foo --append-hash --dry-run=client -o name", QStringLiteral("configmap/foo-867km9574f\n")),
                 ok("create configmap foo --from-literal=key1=value1 --from-literal=key2=value2 --append-hash "
                    "--dry-run=client -o name",
                    QStringLiteral("configmap/foo-gcb75dd9gb\n")),
                 ok("create configmap foo --from-literal=key1==value1 --dry-run=client -o jsonpath={.data}",
                    QStringLiteral("{\"key1\":\"=value1\"}")),
                 ok("create configmap foo --from-literal=key1==value1 --append-hash --dry-run=client -o name",
                    QStringLiteral("configmap/foo-bdgk9ttt7m\n")),
                 ok("create configmap foo --from-file=text/foo1,text/foo2 --dry-run=client -o jsonpath={.data}",
                    QStringLiteral("{\"foo1\":\"hello world\",\"foo2\":\"hello world\"}")),
                 ok("create configmap foo --from-file=binary/foo1 --from-file=binary/foo2 --dry-run=client "
                    "-o jsonpath={.binaryData}{.data}",
                    QStringLiteral("{\"foo1\":\"//0=\",\"foo2\":\"//0=\"}")),
                 ok("create configmap valid_env --from-env-file=file1.env --dry-run=client -o jsonpath={.data}",
                    QStringLiteral("{\"key1\":\"value1\",\"key2\":\"value2\"}")),
                 ok("create configmap valid_env --from-env-file=file1.env --append-hash --dry-run=client -o name",
                    QStringLiteral("configmap/valid_env-2cgh8552ch\n")),
                 ok("create configmap two_valid_env --from-env-file=file1.env --from-env-file=file2.env --append-hash "
                    "--dry-run=client -o name",
                    QStringLiteral("configmap/two_valid_env-2m5tm82522\n")),
                 ok("create configmap get_env --from-env-file=get.env --dry-run=client -o jsonpath={.data}",
                    QStringLiteral("{\"g_key1\":\"1\",\"g_key2\":\"\"}")),
                 ok("create configmap get_env --from-env-file=get.env --append-hash --dry-run=client -o name",
                    QStringLiteral("configmap/get_env-54k882kkd2\n")),
                 ok("create configmap valid_with_space --from-env-file=space.env --append-hash --dry-run=client -o name",
                    QStringLiteral("configmap/valid_with_space-b4448m7gdm\n")),
                 ok("create configmap value_with_space --from-env-file=space.env --dry-run=client -o jsonpath={.data}",
                    QStringLiteral("{\"key1\":\"  value1\"}"))};
    QTest::addRow("configmap: file path contains =")
        << Steps{refused("create configmap foo --from-file=key1=/file=2", 1,
                         QStringLiteral("error: key names or file paths cannot contain '='\n"))};
    QTest::addRow("configmap: no file")
        << Steps{refused("create configmap foo --from-file=key1=/file1", 1,
                         QStringLiteral("error: error reading /file1: no such file or directory\n"))};
    QTest::addRow("configmap: invalid literal")
        << Steps{refused("create configmap foo --from-literal=key1value1", 1,
                         QStringLiteral("error: invalid literal source key1value1, expected key=value\n"))};

    // --- create secret generic, tls, docker-registry ---------------------------------------
    QTest::addRow("secret generic: literals and a file, base64")
        << Steps{ok("create secret generic foo --from-literal=key1=value1 --from-file=greeting.txt --type=Opaque "
                    "--dry-run=client -o yaml",
                    lines({"apiVersion: v1", "data:", "  greeting.txt: aGVsbG8K", "  key1: dmFsdWUx", "kind: Secret",
                           "metadata:", "  creationTimestamp: null", "  name: foo", "type: Opaque"}))};
    QTest::addRow("secret generic: TestCreateSecretGeneric values")
        << Steps{ok("create secret generic foo --append-hash --dry-run=client -o name", QStringLiteral("secret/foo-949tdgdkgg\n")),
                 ok("create secret generic foo --type=my-type --append-hash --dry-run=client -o name",
                    QStringLiteral("secret/foo-dg474f9t76\n")),
                 ok("create secret generic foo --from-literal=key1=value1 --from-literal=key2=value2 --append-hash "
                    "--dry-run=client -o name",
                    QStringLiteral("secret/foo-tf72c228m4\n")),
                 ok("create secret generic foo --from-literal=key1==value1 --append-hash --dry-run=client -o name",
                    QStringLiteral("secret/foo-fdcc8tkhh5\n")),
                 ok("create secret generic foo --from-file=text/foo1 --from-file=text/foo2 --append-hash --dry-run=client "
                    "-o name",
                    QStringLiteral("secret/foo-hbkh2cdb57\n")),
                 ok("create secret generic foo --from-file=binary/foo1 --from-file=binary/foo2 --dry-run=client "
                    "-o jsonpath={.data}",
                    QStringLiteral("{\"foo1\":\"//0=\",\"foo2\":\"//0=\"}")),
                 ok("create secret generic foo --from-file=binary/foo1 --from-file=binary/foo2 --append-hash "
                    "--dry-run=client -o name",
                    QStringLiteral("secret/foo-mkhg4ktk4d\n")),
                 ok("create secret generic valid_env --from-env-file=file1.env --append-hash --dry-run=client -o name",
                    QStringLiteral("secret/valid_env-bkb2m2965h\n")),
                 ok("create secret generic two_valid_env --from-env-file=file1.env,file2.env --append-hash --dry-run=client "
                    "-o name",
                    QStringLiteral("secret/two_valid_env-gd56gct5cf\n")),
                 ok("create secret generic get_env --from-env-file=get.env --append-hash --dry-run=client -o name",
                    QStringLiteral("secret/get_env-68mt8f2kkt\n")),
                 ok("create secret generic valid_with_space --from-env-file=space.env --append-hash --dry-run=client -o name",
                    QStringLiteral("secret/valid_with_space-bhkb4gfck6\n"))};
    QTest::addRow("secret generic: env key starts with a digit")
        << Steps{refused("create secret generic invalid_key --from-env-file=digit.env", 1,
                         QStringLiteral("error: \"1key\" is not a valid key name: a valid environment variable name must "
                                        "consist of alphabetic characters, digits, '_', '-', or '.', and must not start "
                                        "with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex "
                                        "used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n"))};
    QTest::addRow("secret generic: env key with an invalid character")
        << Steps{refused("create secret generic invalid_key --from-env-file=at.env", 1,
                         QStringLiteral("error: \"key@\" is not a valid key name: a valid environment variable name must "
                                        "consist of alphabetic characters, digits, '_', '-', or '.', and must not start "
                                        "with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex "
                                        "used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n"))};
    QTest::addRow("secret generic: env file with files and literals")
        << Steps{refused("create secret generic too_many_args_2 --from-file=key1=/file1 --from-literal=key1=value1 "
                         "--from-env-file=foo",
                         1, QStringLiteral("error: from-env-file cannot be combined with from-file or from-literal\n"))};
    QTest::addRow("secret generic: the server defaults the type")
        << Steps{ok("create secret generic foo --from-literal=key1=value1", QStringLiteral("secret/foo created\n")),
                 ok("get secret foo -o jsonpath={.type}", QStringLiteral("Opaque"))};
    QTest::addRow("secret generic: invalid key")
        << Steps{refused("create secret generic foo --from-literal=key#1=value1", 1,
                         QStringLiteral("error: \"key#1\" is not valid key name for a Secret a valid config key must consist "
                                        "of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  "
                                        "or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n"))};
    QTest::addRow("secret generic: duplicate key")
        << Steps{refused("create secret generic foo --from-literal=key1=value1 --from-literal=key1=value2", 1,
                         QStringLiteral("error: cannot add key key1, another key by that name already exists\n"))};
    QTest::addRow("secret generic: literal key contains =")
        << Steps{refused("create secret generic foo --from-literal==key=value1", 1,
                         QStringLiteral("error: invalid literal source =key=value1, expected key=value\n"))};
    QTest::addRow("secret generic: env file is a directory")
        << Steps{refused("create secret generic foo --from-env-file=conf", 1,
                         QStringLiteral("error: env secret file cannot be a directory\n"))};
    QTest::addRow("secret: a kind is required")
        << Steps{refused("create secret", 2, QStringLiteral("error: usage: klab create secret generic|tls|docker-registry NAME "
                                                           "[flags]\n")),
                 refused("create secret foo", 2, QStringLiteral("error: unknown command \"foo\" for \"klab create secret\"\n"))};
    QTest::addRow("secret tls")
        << Steps{ok("create secret tls foo --cert=tls.crt --key=tls.key --dry-run=client -o jsonpath={.type}",
                    QStringLiteral("kubernetes.io/tls"))};
    QTest::addRow("secret tls: key and cert are required")
        << Steps{refused("create secret tls foo --cert=tls.crt", 1, QStringLiteral("error: key and cert must be specified\n"))};
    QTest::addRow("secret tls: missing file")
        << Steps{refused("create secret tls foo --cert=missing.crt --key=tls.key", 1,
                         QStringLiteral("error: open missing.crt: no such file or directory\n"))};
    QTest::addRow("secret tls: no PEM in the certificate")
        << Steps{refused("create secret tls foo --cert=empty.txt --key=tls.key", 1,
                         QStringLiteral("error: tls: failed to find any PEM data in certificate input\n"))};
    QTest::addRow("secret tls: files switched")
        << Steps{refused("create secret tls foo --cert=tls.key --key=tls.crt", 1,
                         QStringLiteral("error: tls: failed to find certificate PEM data in certificate input, but did find "
                                        "a private key; PEM inputs may have been switched\n"))};
    QTest::addRow("secret tls: a certificate for the key")
        << Steps{refused("create secret tls foo --cert=tls.crt --key=tls.crt", 1,
                         QStringLiteral("error: tls: found a certificate rather than a key in the PEM for the private key\n"))};
    QTest::addRow("secret tls: other blocks in the key")
        << Steps{refused("create secret tls foo --cert=chain.crt --key=params.pem", 1,
                         QStringLiteral("error: tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key "
                                        "input after skipping PEM blocks of the following types: [EC PARAMETERS]\n"))};
    {
        // handleDockerCfgJSONContent: {"auths":{server:{username,password,email,auth}}}, auth = base64(user:password).
        const QByteArray config = QByteArray("{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"test-user\","
                                             "\"password\":\"test-password\",\"email\":\"test-user@example.org\","
                                             "\"auth\":\"") +
                                  QByteArray("test-user:test-password").toBase64() + "\"}}}";
        QTest::addRow("secret docker-registry: the .dockerconfigjson")
            << Steps{ok("create secret docker-registry foo --docker-username=test-user --docker-password=test-password "
                        "--docker-email=test-user@example.org --dry-run=client -o yaml",
                        lines({"apiVersion: v1", "data:"}) + QStringLiteral("  .dockerconfigjson: ") +
                            QString::fromLatin1(config.toBase64()) + u'\n' +
                            lines({"kind: Secret", "metadata:", "  creationTimestamp: null", "  name: foo",
                                   "type: kubernetes.io/dockerconfigjson"}))};
    }
    QTest::addRow("secret docker-registry: credentials are required")
        << Steps{refused("create secret docker-registry foo --docker-username=test-user", 1,
                         QStringLiteral("error: either --from-file or the combination of --docker-username, "
                                        "--docker-password and --docker-server is required\n"))};
    QTest::addRow("secret docker-registry: from a file")
        << Steps{ok("create secret docker-registry foo --from-file=.dockerconfigjson=greeting.txt --dry-run=client "
                    "-o jsonpath={.data}",
                    QStringLiteral("{\".dockerconfigjson\":\"aGVsbG8K\"}"))};

    // --- create serviceaccount, priorityclass ----------------------------------------------
    QTest::addRow("serviceaccount")
        << Steps{ok("create serviceaccount my-service-account --dry-run=client -o yaml",
                    lines({"apiVersion: v1", "kind: ServiceAccount", "metadata:", "  creationTimestamp: null",
                           "  name: my-service-account"}))};
    QTest::addRow("serviceaccount: alias, stored")
        << Steps{ok("create ns test", QStringLiteral("namespace/test created\n")),
                 ok("create sa robot -n test", QStringLiteral("serviceaccount/robot created\n")),
                 ok("get sa robot -n test -o name", QStringLiteral("serviceaccount/robot\n"))};
    QTest::addRow("priorityclass: TestCreatePriorityClass")
        << Steps{ok("create priorityclass my-pc --value=1000 --global-default=true --description=my-priority "
                    "--preemption-policy=Never --dry-run=client -o yaml",
                    lines({"apiVersion: scheduling.k8s.io/v1", "description: my-priority", "globalDefault: true",
                           "kind: PriorityClass", "metadata:", "  creationTimestamp: null", "  name: my-pc",
                           "preemptionPolicy: Never", "value: 1000"}))};
    QTest::addRow("priorityclass: defaults")
        << Steps{ok("create pc my-pc --dry-run=client -o jsonpath={.value}/{.preemptionPolicy}",
                    QStringLiteral("0/PreemptLowerPriority"))};
    QTest::addRow("priorityclass: value not a number")
        << Steps{refused("create priorityclass my-pc --value=high", 2,
                         QStringLiteral("error: invalid argument \"high\" for \"--value\" flag: strconv.ParseInt: parsing "
                                        "\"high\": invalid syntax\n"))};

    // --- create job: TestCreateJob, TestCreateJobFromCronJob -------------------------------
    {
        Step job = ok("create job test-job --image=busybox --dry-run=client -o yaml",
                      lines({"apiVersion: batch/v1", "kind: Job", "metadata:", "  creationTimestamp: null",
                             "  name: test-job", "spec:", "  template:", "    metadata:", "      creationTimestamp: null",
                             "    spec:", "      containers:", "      - command:", "        - date", "        image: busybox",
                             "        name: test-job", "        resources: {}", "      restartPolicy: Never", "status: {}"}));
        job.args << QStringLiteral("--") << QStringLiteral("date");
        QTest::addRow("job: image and command") << Steps{job};
    }
    QTest::addRow("job: image or from")
        << Steps{refused("create job test-job", 1, QStringLiteral("error: either --image or --from must be specified\n"))};
    QTest::addRow("job: not both")
        << Steps{refused("create job test-job --image=busybox --from=cronjob/nightly", 1,
                         QStringLiteral("error: either --image or --from must be specified\n"))};
    {
        Step withCommand = refused("create job test-job --from=cronjob/nightly", 1,
                                   QStringLiteral("error: cannot specify --from and command\n"));
        withCommand.args << QStringLiteral("--") << QStringLiteral("date");
        QTest::addRow("job: from and a command") << Steps{withCommand};
    }
    QTest::addRow("job: from a CronJob")
        << Steps{ok("apply -f cronjob.yaml --settle 0", QStringLiteral("cronjob.batch/nightly created\n")),
                 ok("create job manual --from=cronjob/nightly", QStringLiteral("job.batch/manual created\n")),
                 ok("get job manual -o jsonpath={.metadata.annotations}{.metadata.labels}{.metadata.ownerReferences[0].kind}"
                    "/{.metadata.ownerReferences[0].name}/{.metadata.ownerReferences[0].controller}",
                    QStringLiteral("{\"cronjob.kubernetes.io/instantiate\":\"manual\",\"note\":\"x\"}{\"team\":\"ops\"}"
                                   "CronJob/nightly/true"))};
    QTest::addRow("job: from a missing CronJob")
        << Steps{refused("create job manual --from=cronjob/nightly", 1,
                         QStringLiteral("Error from server (NotFound): cronjobs.batch \"nightly\" not found\n"))};
    QTest::addRow("job: from something else")
        << Steps{ok("create sa robot", QStringLiteral("serviceaccount/robot created\n")),
                 refused("create job manual --from=sa/robot", 1,
                         QStringLiteral("error: unknown object type *v1.ServiceAccount\n"))};

    // --- create cronjob: TestCreateCronJob ------------------------------------------------
    {
        Step cronJob = ok("create cronjob test-job --image=busybox --schedule=*/1 --dry-run=client -o yaml",
                          lines({"apiVersion: batch/v1", "kind: CronJob", "metadata:", "  creationTimestamp: null",
                                 "  name: test-job", "spec:", "  jobTemplate:", "    metadata:",
                                 "      creationTimestamp: null", "      name: test-job", "    spec:", "      template:",
                                 "        metadata:", "          creationTimestamp: null", "        spec:",
                                 "          containers:", "          - command:", "            - date",
                                 "            image: busybox", "            name: test-job", "            resources: {}",
                                 "          restartPolicy: OnFailure", "  schedule: '*/1 * * * *'", "status: {}"}));
        cronJob.args[4] = QStringLiteral("--schedule=*/1 * * * *");
        cronJob.args << QStringLiteral("--") << QStringLiteral("date");
        QTest::addRow("cronjob: image, schedule and command") << Steps{cronJob};
    }
    QTest::addRow("cronjob: image and schedule are required")
        << Steps{refused("create cj test-job", 2, QStringLiteral("error: required flag(s) \"image\", \"schedule\" not set\n"))};
    QTest::addRow("cronjob: restart policy")
        << Steps{ok("create cj test-job --image=busybox --schedule=@daily --restart=Never -o "
                    "jsonpath={.spec.jobTemplate.spec.template.spec.restartPolicy}",
                    QStringLiteral("Never"))};

    // --- create ingress: TestCreateIngressValidation, TestCreateIngress --------------------
    const char* ingressRuleError = "error: rule %1 is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]\n";
    QTest::addRow("ingress: no default backend and rule")
        << Steps{refused("create ingress test-ingress", 1,
                         QStringLiteral("error: not enough information provided: every ingress has to either specify a "
                                        "default-backend (which catches all traffic) or a list of rules (which catch "
                                        "specific paths)\n"))};
    QTest::addRow("ingress: invalid default backend separator")
        << Steps{refused("create ingress test-ingress --default-backend=xpto,4444", 1,
                         QStringLiteral("error: default-backend should be in format servicename:serviceport\n"))};
    QTest::addRow("ingress: default backend without port")
        << Steps{refused("create ingress test-ingress --default-backend=xpto", 1,
                         QStringLiteral("error: default-backend should be in format servicename:serviceport\n"))};
    QTest::addRow("ingress: default backend is ok")
        << Steps{ok("create ingress test-ingress --default-backend=xpto:4444 --dry-run=client -o jsonpath={.spec}",
                    QStringLiteral("{\"defaultBackend\":{\"service\":{\"name\":\"xpto\",\"port\":{\"number\":4444}}}}"))};
    QTest::addRow("ingress: invalid annotation")
        << Steps{refused("create ingress test-ingress --default-backend=xpto:4444 --annotation=key1=value1 --annotation=key2",
                         1, QStringLiteral("error: annotation key2 is invalid and should be in format key=[value]\n"))};
    QTest::addRow("ingress: valid annotations")
        << Steps{ok("create ingress test-ingress --default-backend=xpto:4444 --annotation=key1=value1 --annotation=key2= "
                    "--dry-run=client -o jsonpath={.metadata.annotations}",
                    QStringLiteral("{\"key1\":\"value1\",\"key2\":\"\"}"))};
    QTest::addRow("ingress: multiple conformant rules")
        << Steps{ok("create ingress test-ingress --rule=foo.com/path*=svc:8080 --rule=bar.com/admin*=svc2:http -o name "
                    "--dry-run=client",
                    QStringLiteral("ingress.networking.k8s.io/test-ingress\n"))};
    QTest::addRow("ingress: one invalid and two valid rules")
        << Steps{refused("create ingress test-ingress --rule=foo.com=svc:redis,tls --rule=foo.com/path/subpath*=othersvc:8080 "
                         "--rule=foo.com/*=svc:8080,tls=secret1",
                         1, QString::fromUtf8(ingressRuleError).arg(QStringLiteral("foo.com=svc:redis,tls")))};
    QTest::addRow("ingress: service without port")
        << Steps{refused("create ingress test-ingress --rule=foo.com/=svc,tls", 1,
                         QString::fromUtf8(ingressRuleError).arg(QStringLiteral("foo.com/=svc,tls")))};
    QTest::addRow("ingress: invalid separation between ingress and service")
        << Steps{refused("create ingress test-ingress --rule=*.foo.com/path,svc:8080", 1,
                         QString::fromUtf8(ingressRuleError).arg(QStringLiteral("*.foo.com/path,svc:8080")))};
    QTest::addRow("ingress: two invalid and one valid rule")
        << Steps{refused("create ingress test-ingress --rule=foo.com/path/subpath*=svc:redis,tls=blo "
                         "--rule=foo.com=othersvc:8080 --rule=foo.com/admin=svc,tls=secret1",
                         1, QString::fromUtf8(ingressRuleError).arg(QStringLiteral("foo.com=othersvc:8080")))};
    QTest::addRow("ingress: valid rules (tls without secret, wildcard host, catch all)")
        << Steps{ok("create ingress test-ingress --rule=foo.com/=svc:http,tls= --rule=*.foo.com/admin*=svc:8080 "
                    "--rule=/path/subpath*=svc:redis,tls=blo --dry-run=client -o name",
                    QStringLiteral("ingress.networking.k8s.io/test-ingress\n"))};
    QTest::addRow("ingress: catch all host and default backend with default TLS returns empty TLS")
        << Steps{ok("create ingress test-ingress --rule=/=catchall:8080,tls= --class=nginx --default-backend=service1:https "
                    "--dry-run=client -o yaml",
                    lines({"apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata:", "  creationTimestamp: null",
                           "  name: test-ingress", "spec:", "  defaultBackend:", "    service:", "      name: service1",
                           "      port:", "        name: https", "  ingressClassName: nginx", "  rules:", "  - http:",
                           "      paths:", "      - backend:", "          service:", "            name: catchall",
                           "            port:", "              number: 8080", "        path: /", "        pathType: Exact",
                           "status:", "  loadBalancer: {}"}))};
    QTest::addRow("ingress: catch all with path of type prefix and secret name")
        << Steps{ok("create ingress test-ingress --rule=/path*=catchall:8080,tls=secret1 --class=nginx "
                    "--default-backend=service1:https --dry-run=client -o jsonpath={.spec.tls}|{.spec.rules[0].http.paths[0]}",
                    QStringLiteral("[{\"secretName\":\"secret1\"}]|{\"backend\":{\"service\":{\"name\":\"catchall\",\"port\":"
                                   "{\"number\":8080}}},\"path\":\"/path\",\"pathType\":\"Prefix\"}"))};
    QTest::addRow("ingress: mixed hosts with mixed TLS configuration and a default backend")
        << Steps{ok("create ingress test-ingress --rule=foo.com/=foo-svc:8080,tls= --rule=foo.com/admin=foo-admin-svc:http,tls= "
                    "--rule=bar.com/prefix*=bar-svc:8080,tls=bar-secret --rule=bar.com/noprefix=barnp-svc:8443,tls "
                    "--rule=foobar.com/*=foobar-svc:https --rule=foobar1.com/*=foobar1-svc:https,tls=bar-secret "
                    "--default-backend=service2:8080 --dry-run=client -o yaml",
                    lines({"apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata:", "  creationTimestamp: null",
                           "  name: test-ingress", "spec:", "  defaultBackend:", "    service:", "      name: service2",
                           "      port:", "        number: 8080", "  rules:", "  - host: foo.com", "    http:",
                           "      paths:", "      - backend:", "          service:", "            name: foo-svc",
                           "            port:", "              number: 8080", "        path: /", "        pathType: Exact",
                           "      - backend:", "          service:", "            name: foo-admin-svc", "            port:",
                           "              name: http", "        path: /admin", "        pathType: Exact",
                           "  - host: bar.com", "    http:", "      paths:", "      - backend:", "          service:",
                           "            name: bar-svc", "            port:", "              number: 8080",
                           "        path: /prefix", "        pathType: Prefix", "      - backend:", "          service:",
                           "            name: barnp-svc", "            port:", "              number: 8443",
                           "        path: /noprefix", "        pathType: Exact", "  - host: foobar.com", "    http:",
                           "      paths:", "      - backend:", "          service:", "            name: foobar-svc",
                           "            port:", "              name: https", "        path: /", "        pathType: Prefix",
                           "  - host: foobar1.com", "    http:", "      paths:", "      - backend:", "          service:",
                           "            name: foobar1-svc", "            port:", "              name: https",
                           "        path: /", "        pathType: Prefix", "  tls:", "  - hosts:", "    - foo.com",
                           "  - hosts:", "    - bar.com", "    - foobar1.com", "    secretName: bar-secret", "status:",
                           "  loadBalancer: {}"}))};
    QTest::addRow("ingress: simple ingress with annotation")
        << Steps{ok("create ingress test-ingress --rule=foo.com/=svc:8080,tls=secret1 "
                    "--rule=foo.com/subpath*=othersvc:8080,tls=secret1 --annotation=ingress.kubernetes.io/annotation1=bla "
                    "--annotation=ingress.kubernetes.io/annotation2=blo --annotation=ingress.kubernetes.io/annotation3=ble "
                    "--dry-run=client -o jsonpath={.metadata.annotations}|{.spec.tls}",
                    QStringLiteral("{\"ingress.kubernetes.io/annotation1\":\"bla\",\"ingress.kubernetes.io/annotation2\":"
                                   "\"blo\",\"ingress.kubernetes.io/annotation3\":\"ble\"}|[{\"hosts\":[\"foo.com\"],"
                                   "\"secretName\":\"secret1\"}]"))};
    QTest::addRow("ingress: the server's refusal is wrapped")
        << Steps{ok("create ing test-ingress --default-backend=svc:80", QStringLiteral("ingress.networking.k8s.io/test-ingress created\n")),
                 refused("create ing test-ingress --default-backend=svc:80", 1,
                         QStringLiteral("error: failed to create ingress: ingresses.networking.k8s.io \"test-ingress\" already "
                                        "exists\n"))};

    // --- create poddisruptionbudget: TestCreatePdb, TestCreatePdbValidation ----------------
    QTest::addRow("pdb: min available")
        << Steps{ok("create pdb my-pdb --min-available=1 --selector=app=rails --dry-run=client -o yaml",
                    lines({"apiVersion: policy/v1", "kind: PodDisruptionBudget", "metadata:", "  creationTimestamp: null",
                           "  name: my-pdb", "spec:", "  minAvailable: 1", "  selector:", "    matchLabels:",
                           "      app: rails", "status:", "  currentHealthy: 0", "  desiredHealthy: 0",
                           "  disruptionsAllowed: 0", "  expectedPods: 0"}))};
    QTest::addRow("pdb: max unavailable as a percentage, set-based selector")
        << Steps{Step{QStringList{QStringLiteral("create"), QStringLiteral("poddisruptionbudget"), QStringLiteral("my-pdb"),
                                  QStringLiteral("--max-unavailable=10%"), QStringLiteral("--selector=app=rails,tier in (b,a),!canary"),
                                  QStringLiteral("--dry-run=client"), QStringLiteral("-o"), QStringLiteral("jsonpath={.spec}")},
                      0,
                      QStringLiteral("{\"maxUnavailable\":\"10%\",\"selector\":{\"matchExpressions\":[{\"key\":\"canary\","
                                     "\"operator\":\"DoesNotExist\"},{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"a\","
                                     "\"b\"]}],\"matchLabels\":{\"app\":\"rails\"}}}"),
                      {}}};
    QTest::addRow("pdb: no selector")
        << Steps{refused("create pdb my-pdb --min-available=1", 1, QStringLiteral("error: a selector must be specified\n"))};
    QTest::addRow("pdb: neither")
        << Steps{refused("create pdb my-pdb --selector=app=rails", 1,
                         QStringLiteral("error: one of min-available or max-unavailable must be specified\n"))};
    QTest::addRow("pdb: both")
        << Steps{refused("create pdb my-pdb --selector=app=rails --min-available=1 --max-unavailable=1", 1,
                         QStringLiteral("error: min-available and max-unavailable cannot be both specified\n"))};
    QTest::addRow("pdb: invalid min available")
        << Steps{refused("create pdb my-pdb --selector=app=rails --min-available=10GB", 1,
                         QStringLiteral("error: invalid format specified for min-available\n"))};
    QTest::addRow("pdb: invalid max unavailable")
        << Steps{refused("create pdb my-pdb --selector=app=rails --max-unavailable=10GB", 1,
                         QStringLiteral("error: invalid format specified for max-unavailable\n"))};
    QTest::addRow("pdb: != in the selector")
        << Steps{refused("create pdb my-pdb --selector=app!=rails --max-unavailable=1", 1,
                         QStringLiteral("error: \"!=\" is not a valid label selector operator\n"))};

    // --- the shared step: dry run, output, the API server's path ---------------------------
    QTest::addRow("dry run: client is not stored")
        << Steps{ok("create sa robot --dry-run=client", QStringLiteral("serviceaccount/robot created (dry run)\n")),
                 refused("get sa robot", 1, QStringLiteral("Error from server (NotFound): serviceaccounts \"robot\" not found\n"))};
    QTest::addRow("dry run: server answers, is not stored")
        << Steps{ok("create sa robot --dry-run=server -o jsonpath={.metadata.namespace}", QStringLiteral("default")),
                 ok("create sa robot --dry-run=server", QStringLiteral("serviceaccount/robot created (server dry run)\n")),
                 refused("get sa robot", 1, QStringLiteral("Error from server (NotFound): serviceaccounts \"robot\" not found\n"))};
    QTest::addRow("dry run: none")
        << Steps{ok("create sa robot --dry-run=none", QStringLiteral("serviceaccount/robot created\n"))};
    QTest::addRow("dry run: unknown value")
        << Steps{refused("create sa robot --dry-run=later", 2,
                         QStringLiteral("error: Invalid dry-run value (later). Must be \"none\", \"server\", or \"client\".\n"))};
    QTest::addRow("output: a format kubectl create does not print")
        << Steps{refused("create sa robot -o wide", 1,
                         QStringLiteral("error: unable to match a printer suitable for the output format \"wide\", allowed "
                                        "formats are: json,jsonpath,jsonpath-as-json,name,yaml\n"))};
    QTest::addRow("output: the server's object")
        << Steps{ok("create configmap cm --from-literal=a=b -o jsonpath={.metadata.name}/{.metadata.namespace}/{.data.a}",
                    QStringLiteral("cm/default/b"))};
    QTest::addRow("api server: validation")
        << Steps{refused("create sa Robot", 1,
                         QStringLiteral("The ServiceAccount \"Robot\" is invalid: metadata.name: Invalid value: \"Robot\": a "
                                        "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                                        "'-' or '.', and must start and end with an alphanumeric character (e.g. "
                                        "'example.com', regex used for validation is "
                                        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n"))};
    QTest::addRow("api server: already exists")
        << Steps{ok("create sa robot", QStringLiteral("serviceaccount/robot created\n")),
                 refused("create sa robot", 1,
                         QStringLiteral("Error from server (AlreadyExists): serviceaccounts \"robot\" already exists\n"))};
    QTest::addRow("api server: RBAC with --as")
        << Steps{refused("create role r --verb=get --resource=pods --as alice", 1,
                         QStringLiteral("Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User "
                                        "\"alice\" cannot create resource \"roles\" in API group \"rbac.authorization.k8s.io\" "
                                        "in the namespace \"default\"\n")),
                 ok("create role r --verb=get --resource=pods --as alice --dry-run=client",
                    QStringLiteral("role.rbac.authorization.k8s.io/r created (dry run)\n"))};
    QTest::addRow("api server: namespace from -n")
        << Steps{ok("create namespace test", QStringLiteral("namespace/test created\n")),
                 ok("create role r --verb=get --resource=pods -n test -o jsonpath={.metadata.namespace}", QStringLiteral("test"))};
    QTest::addRow("existing generators print like the new ones")
        << Steps{ok("create deployment web --image=nginx --dry-run=client -o yaml",
                    lines({"apiVersion: apps/v1", "kind: Deployment", "metadata:", "  creationTimestamp: null", "  labels:",
                           "    app: web", "  name: web", "spec:", "  replicas: 1", "  selector:", "    matchLabels:",
                           "      app: web", "  strategy: {}", "  template:", "    metadata:", "      creationTimestamp: null",
                           "      labels:", "        app: web", "    spec:", "      containers:", "      - image: nginx",
                           "        name: nginx", "        resources: {}", "status: {}"})),
                 ok("create namespace team --dry-run=client -o yaml",
                    lines({"apiVersion: v1", "kind: Namespace", "metadata:", "  creationTimestamp: null", "  name: team",
                           "spec: {}", "status: {}"})),
                 ok("run nginx --image=nginx --dry-run=server -o name", QStringLiteral("pod/nginx\n"))};
}

void TestCreate::generators()
{
    QFETCH(Steps, steps);
    auto engine = core::Engine::open(core::Engine::Options{});
    QVERIFY2(engine.has_value(), engine ? "" : engine.error().toString().c_str());
    for (const Step& step : steps) {
        std::vector<std::string> argv;
        for (const QString& a : step.args)
            argv.push_back(a.toStdString());
        std::ostringstream out;
        std::ostringstream err;
        std::istringstream in;
        int rc = cli::runOnEngine(**engine, argv, out, err, in, core::Language::English);
        const QString line = step.args.join(u' ');
        QVERIFY2(rc == step.exitCode,
                 qPrintable(QStringLiteral("klab %1: exit %2, stderr: %3").arg(line).arg(rc).arg(QString::fromStdString(err.str()))));
        QCOMPARE(QString::fromStdString(out.str()), step.out);
        QCOMPARE(QString::fromStdString(err.str()), step.err);
    }
}

QTEST_APPLESS_MAIN(TestCreate)
#include "tst_create.moc"
