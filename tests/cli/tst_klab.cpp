// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end tests of the klab binary: every case runs klab as a process against its own
// temporary lab with a fixed seed, and compares exit status, stdout and stderr with kubectl's
// texts (golden files under tests/cli/golden/klab). Where klab still differs from kubectl, the
// case states kubectl's text and is marked as an expected failure with the reason.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestKlab : public QObject {
    Q_OBJECT

private slots:
    void transcript_data();
    void transcript();
    void describeLines_data();
    void describeLines();
    void deploymentYaml();
    void refusedCommandsChangeNothing_data();
    void refusedCommandsChangeNothing();
    void historyAndAtRevision();
    void whyJson();
    void encryptionAtRest();
    void whatIf();
};

namespace {

/// What one klab run printed and returned.
struct Output {
    int exitCode = -1;
    QString out;
    QString err;
};

/// One step of a transcript: the arguments (after `--lab lab.klab`) and what klab answers.
/// `stdout` is the exact text, or `golden:NAME` for the file golden/klab/NAME.txt.
/// A non-empty `kubectlDiffers` marks the step as an expected failure with that reason.
struct Step {
    QStringList args;
    int exitCode = 0;
    QString out;
    QString err;
    QString kubectlDiffers;
};

using Transcript = QList<Step>;

const QString kLab = QStringLiteral("lab.klab");
const QString kNginx = QStringLiteral(KUBELAB_TEST_DATA "/manifests/controllers/nginx-deployment.yaml");
const QString kManifests = QStringLiteral(KUBELAB_TEST_DATA "/manifests/");
/// `kubectl get nodes,pods,...,storageclasses -A -o yaml` of a real (kind) cluster.
const QString kKindCluster = QStringLiteral(KUBELAB_TEST_DATA "/whatif/kind-cluster.yaml");

/// A lab in its own temporary directory; klab runs with that directory as working directory,
/// so file names in messages are the short ones the test passes.
class Lab {
public:
    Lab()
    {
        if (!m_dir.isValid())
            qFatal("cannot create a temporary directory");
        const QDir data(QStringLiteral(KUBELAB_TEST_DATA "/klab"));
        for (const QString& name : data.entryList(QDir::Files))
            QFile::copy(data.filePath(name), m_dir.filePath(name));
    }

    Output run(QStringList args, const QByteArray& input = {}) const
    {
        if (!args.contains(QStringLiteral("--lab")))
            args.prepend(kLab), args.prepend(QStringLiteral("--lab"));
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
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            output.err = QStringLiteral("klab did not finish within 30 s");
            return output;
        }
        output.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        output.out = QString::fromUtf8(process.readAllStandardOutput());
        output.err = QString::fromUtf8(process.readAllStandardError());
        return output;
    }

    /// Runs a step that must succeed; fails the test with klab's stderr otherwise.
    Output must(const QStringList& args) const
    {
        Output output = run(args);
        if (output.exitCode != 0)
            QTest::qFail(qPrintable(QStringLiteral("klab %1 failed: %2").arg(args.join(u' '), output.err)),
                         __FILE__, __LINE__);
        return output;
    }

    /// The revision log as JSON.
    QJsonArray history() const
    {
        return QJsonDocument::fromJson(run({QStringLiteral("history"), QStringLiteral("-o"), QStringLiteral("json")}).out.toUtf8())
            .array();
    }

    /// The lab file's bytes (the WAL checkpointed: klab has exited).
    QByteArray fileBytes() const
    {
        QByteArray all;
        for (const QString& name : {kLab, kLab + QStringLiteral("-wal")}) {
            QFile f(m_dir.filePath(name));
            if (f.open(QIODevice::ReadOnly))
                all += f.readAll();
        }
        return all;
    }

    qint64 lastRevision() const
    {
        const QJsonArray log = history();
        return log.isEmpty() ? 0 : log.last().toObject().value(QStringLiteral("revision")).toInteger();
    }

private:
    QTemporaryDir m_dir;
};

QString goldenPath(const QString& name)
{
    return QStringLiteral(KUBELAB_SOURCE_DIR "/tests/cli/golden/klab/") + name + QStringLiteral(".txt");
}

QString expectedOut(const Step& step)
{
    if (!step.out.startsWith(QStringLiteral("golden:")))
        return step.out;
    QFile file(goldenPath(step.out.mid(7)));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("<missing golden file %1>").arg(file.fileName());
    return QString::fromUtf8(file.readAll());
}

/// One text holding exit status, stdout and stderr, so a step is one comparison.
QString render(int exitCode, const QString& out, const QString& err)
{
    return QStringLiteral("exit %1\n--- stdout\n%2--- stderr\n%3").arg(exitCode).arg(out, err);
}

QStringList args(const char* line)
{
    return QString::fromUtf8(line).split(u' ', Qt::SkipEmptyParts);
}

QStringList withFile(const char* line, const QString& file)
{
    QStringList list = args(line);
    list << file;
    return list;
}

/// The issue's lab: one node and the nginx Deployment of the Kubernetes docs.
Transcript nginxLab()
{
    return {
        {args("--seed 42 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
        {withFile("apply -f", kNginx), 0, QStringLiteral("deployment.apps/nginx-deployment created\n"), {}, {}},
    };
}

} // namespace

void TestKlab::transcript_data()
{
    QTest::addColumn<Transcript>("steps");

    QTest::addRow("done when: add node, apply, get deploy, get pods -o wide, explain")
        << nginxLab() + Transcript{
               {args("get deploy"), 0, QStringLiteral("golden:get-deploy"), {}, {}},
               {args("get deployments.apps"), 0, QStringLiteral("golden:get-deploy"), {}, {}},
               {args("get pods -o wide"), 0, QStringLiteral("golden:get-pods-wide"), {}, {}},
               {args("get deploy nginx-deployment -o name"), 0,
                QStringLiteral("deployment.apps/nginx-deployment\n"), {}, {}},
               {args("get deploy nginx-deployment -o jsonpath={.spec.replicas}"), 0, QStringLiteral("3"), {}, {}},
               {args("get deploy -n kube-system"), 0, QStringLiteral("golden:get-deploy-kube-system"), {}, {}},
               {args("explain deployment.spec.strategy"), 0, QStringLiteral("golden:explain-deployment-spec-strategy"), {},
                {}},
           };

    QTest::addRow("apply twice is unchanged")
        << nginxLab() + Transcript{
               {withFile("apply -f", kNginx), 0, QStringLiteral("deployment.apps/nginx-deployment unchanged\n"), {}, {}},
           };

    QTest::addRow("errors: NotFound, unknown flag, missing file")
        << nginxLab() + Transcript{
               {args("get pods web"), 1, {}, QStringLiteral("Error from server (NotFound): pods \"web\" not found\n"), {}},
               {args("get pods --bogus"), 2, {}, QStringLiteral("error: unknown flag: --bogus\n"), {}},
               {args("apply -f x.yaml"), 1, {}, QStringLiteral("error: the path \"x.yaml\" does not exist\n"), {}},
               {args("delete deploy web"), 1, {},
                QStringLiteral("Error from server (NotFound): deployments.apps \"web\" not found\n"), {}},
           };

    QTest::addRow("selectors: --field-selector as the API server reads it")
        << nginxLab() + Transcript{
               {args("get pods --field-selector status.phase=Running,spec.nodeName=node-1"), 0,
                QStringLiteral("golden:field-selector-running-pods"), {}, {}},
               {args("get pods --field-selector status.phase!=Running"), 0, {},
                QStringLiteral("No resources found in default namespace.\n"), {}},
               {args("get nodes --field-selector spec.unschedulable=false -o name"), 0, QStringLiteral("node/node-1\n"),
                {}, {}},
               {args("get pods --field-selector spec.foo=x"), 1, {},
                QStringLiteral("Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label "
                               "selector \"\", field selector \"spec.foo=x\": field label not supported: spec.foo\n"),
                {}},
               {args("get deploy -l app=nginx --field-selector spec.replicas=3"), 1, {},
                QStringLiteral("Error from server (BadRequest): Unable to find \"apps/v1, Resource=deployments\" that "
                               "match label selector \"app=nginx\", field selector \"spec.replicas=3\": "
                               "\"spec.replicas\" is not a known field selector: only \"metadata.name\", "
                               "\"metadata.namespace\"\n"),
                {}},
           };

    QTest::addRow("delete: one request per object, the refused ones reported after")
        << nginxLab() + Transcript{
               {args("delete deploy nginx-deployment zz"), 1,
                QStringLiteral("deployment.apps \"nginx-deployment\" deleted\n"),
                QStringLiteral("Error from server (NotFound): deployments.apps \"zz\" not found\n"), {}},
               {args("get deploy"), 0, {}, QStringLiteral("No resources found in default namespace.\n"), {}},
           };

    QTest::addRow("image catalogue: a lab's own registry, refused typos, the node's cache")
        << Transcript{
               {args("--seed 42 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("apply -f image-catalog-bad.yaml"), 1, {},
                QStringLiteral("The ImageCatalog \"typos\" is invalid: \n"
                               "* images[0].sise: Unsupported field: supported fields are repository, size, user\n"
                               "* images[0].repository: Invalid value: \"registry.example.com/shop/frontend:1.0\": a "
                               "repository without a tag or digest (every tag of it is in the registry)\n"
                               "* images[0].size: Invalid value: \"lots\": quantities must match the regular expression "
                               "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n"
                               "* images[1].repository: Required value: e.g. registry.example.com/shop/frontend\n"),
                {}},
               {args("images"), 0, QStringLiteral("golden:images-built-in"), {}, {}},
               {args("run shop --image=registry.example.com/shop/frontend:2.1"), 0, QStringLiteral("pod/shop created\n"), {}, {}},
               {args("get pod shop -o jsonpath={.status.containerStatuses[0].state.waiting.reason}"), 0,
                QStringLiteral("ErrImagePull"), {}, {}},
               {args("delete pod shop"), 0, QStringLiteral("pod \"shop\" deleted\n"), {}, {}},
               {args("apply -f image-catalog.yaml"), 0, QStringLiteral("imagecatalog.kubelab.io configured\n"), {}, {}},
               {args("images --no-headers"), 0, QStringLiteral("golden:images-with-lab"), {}, {}},
               {args("run shop --image=registry.example.com/shop/frontend:2.1"), 0, QStringLiteral("pod/shop created\n"), {}, {}},
               {args("run web --image=nginx:1.27"), 0, QStringLiteral("pod/web created\n"), {}, {}},
               {args("run web2 --image=nginx:1.27"), 0, QStringLiteral("pod/web2 created\n"), {}, {}},
               {args("get pods"), 0, QStringLiteral("golden:images-get-pods"), {}, {}},
               {args("describe pod shop"), 0, QStringLiteral("golden:images-describe-shop"), {}, {}},
               {args("get events --field-selector involvedObject.name=web2 -o custom-columns=REASON:.reason,MESSAGE:.message"),
                0, QStringLiteral("golden:images-web2-events"), {}, {}},
               {args("get node node-1 -o jsonpath={.status.images}"), 0,
                QStringLiteral("[{\"names\":[\"registry.example.com/shop/frontend:2.1\"],\"sizeBytes\":125829120},"
                               "{\"names\":[\"registry.k8s.io/coredns/coredns:v1.11.3\"],\"sizeBytes\":18874368},"
                               "{\"names\":[\"docker.io/library/nginx:1.27\"],\"sizeBytes\":10485760}]"),
                {}, {}},
           };

    QTest::addRow("scheduling gates: the pod waits, SchedulingGated, until they are removed")
        << Transcript{
               {args("--seed 42 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("apply -f gated-pod.yaml"), 0, QStringLiteral("pod/gated created\n"), {}, {}},
               {args("get pod gated -o jsonpath={.status.conditions[0].reason}/{.status.conditions[0].message}"), 0,
                QStringLiteral("SchedulingGated/Scheduling is blocked due to non-empty scheduling gates"), {}, {}},
               {args("get pods"), 0, QStringLiteral("golden:gated-get-pods"), {}, {}},
               {args("why pod/gated"), 1, {},
                QStringLiteral("error: pod default/gated is SchedulingGated: the scheduler does not try it until its "
                               "scheduling gates are removed (example.com/quota-check)\n"),
                {}},
               {args("patch pod gated --type=json -p [{\"op\":\"remove\",\"path\":\"/spec/schedulingGates\"}]"), 0,
                QStringLiteral("pod/gated patched\n"), {}, {}},
               {args("get pod gated -o jsonpath={.spec.nodeName}"), 0, QStringLiteral("node-1"), {}, {}},
           };

    QTest::addRow("scheduler: preemption evicts the pod holding a ReadWriteOncePod claim")
        << Transcript{
               {args("--seed 42 add node n1"), 0, QStringLiteral("node/n1 created\n"), {}, {}},
               {args("add node n2"), 0, QStringLiteral("node/n2 created\n"), {}, {}},
               {args("apply -f rwop-claim.yaml"), 0,
                QStringLiteral("persistentvolume/pv1 created\npriorityclass.scheduling.k8s.io/high created\n"
                               "persistentvolumeclaim/data created\npod/low created\n"),
                {}, {}},
               {args("apply -f rwop-preemptor.yaml"), 0, QStringLiteral("pod/high created\n"), {}, {}},
               {args("get events --field-selector involvedObject.name=high,reason=FailedScheduling -o "
                     "jsonpath={.items[0].message}"),
                0,
                QStringLiteral("0/2 nodes are available: 2 node has pod using PersistentVolumeClaim with the same name "
                               "and ReadWriteOncePod access mode."),
                {}, {}},
               {args("get pod low"), 1, {}, QStringLiteral("Error from server (NotFound): pods \"low\" not found\n"), {}},
               {args("get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName"), 0,
                QStringLiteral("NAME   NODE\nhigh   n2\n"), {}, {}},
           };

    QTest::addRow("read on a missing lab")
        << Transcript{
               {args("--lab missing.klab get pods"), 1, {},
                QStringLiteral("error: no lab at missing.klab; create one with 'klab apply' or 'klab scenario load'\n"),
                {}},
               {args("--lab missing.klab history"), 1, {},
                QStringLiteral("error: no lab at missing.klab; create one with 'klab apply' or 'klab scenario load'\n"),
                {}},
           };

    QTest::addRow("malformed manifest")
        << nginxLab() + Transcript{
               {args("apply -f malformed.yaml"), 1, {},
                QStringLiteral("error: malformed.yaml:6:5: error converting YAML to JSON: yaml: did not find expected ',' or "
                               "']'\n"),
                {}},
           };

    QTest::addRow("multi-document apply with an invalid second document")
        << nginxLab() + Transcript{
               {args("apply -f second-invalid.yaml"), 1, {},
                QStringLiteral("The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a "
                               "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                               "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
                               "used for validation is "
                               "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n"),
                {}},
               {args("get cm first"), 1, {},
                QStringLiteral("Error from server (NotFound): configmaps \"first\" not found\n"), {}},
           };

    QTest::addRow("fresh lab: api-resources, namespaces, services")
        << Transcript{
               {args("--seed 3 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("api-resources"), 0, QStringLiteral("golden:api-resources"), {}, {}},
               {args("get ns"), 0, QStringLiteral("golden:get-ns"), {}, {}},
               {args("get svc -A"), 0, QStringLiteral("golden:get-svc-all-namespaces"), {}, {}},
               {args("get nodes"), 0, QStringLiteral("golden:get-nodes"), {}, {}},
           };

    QTest::addRow("label")
        << nginxLab() + Transcript{
               {args("label deploy nginx-deployment tier=web"), 0,
                QStringLiteral("deployment.apps/nginx-deployment labeled\n"), {}, {}},
               {args("label deploy nginx-deployment tier=db"), 1, {},
                QStringLiteral("error: 'tier' already has a value (web), and --overwrite is false\n"), {}},
               {args("label deploy nginx-deployment tier=db --overwrite"), 0,
                QStringLiteral("deployment.apps/nginx-deployment labeled\n"), {}, {}},
               {args("get deploy nginx-deployment --show-labels"), 0, QStringLiteral("golden:get-deploy-show-labels"), {},
                {}},
           };

    QTest::addRow("label without a change")
        << nginxLab() + Transcript{
               {args("label deploy nginx-deployment app=nginx"), 0,
                QStringLiteral("deployment.apps/nginx-deployment not labeled\n"), {}, {}},
           };

    QTest::addRow("label removal")
        << nginxLab() + Transcript{
               {args("label deploy nginx-deployment tier=web"), 0,
                QStringLiteral("deployment.apps/nginx-deployment labeled\n"), {}, {}},
               {args("label deploy nginx-deployment tier-"), 0,
                QStringLiteral("deployment.apps/nginx-deployment unlabeled\n"), {}, {}},
           };

    QTest::addRow("annotate")
        << nginxLab() + Transcript{
               {args("annotate deploy nginx-deployment description=web"), 0,
                QStringLiteral("deployment.apps/nginx-deployment annotated\n"), {}, {}},
               {args("annotate deploy nginx-deployment description=api"), 1, {},
                QStringLiteral("error: --overwrite is false but found the following declared annotation(s): 'description' "
                               "already has a value (web)\n"),
                {}},
               {args("annotate deploy nginx-deployment description-"), 0,
                QStringLiteral("deployment.apps/nginx-deployment annotated\n"), {}, {}},
           };

    QTest::addRow("delete")
        << nginxLab() + Transcript{
               {args("delete deploy nginx-deployment"), 0,
                QStringLiteral("deployment.apps \"nginx-deployment\" deleted\n"), {}, {}},
               {args("get deploy"), 0, {}, QStringLiteral("No resources found in default namespace.\n"), {}},
               {args("get pods"), 0, {}, QStringLiteral("No resources found in default namespace.\n"), {}},
               {args("delete deploy nginx-deployment"), 1, {},
                QStringLiteral("Error from server (NotFound): deployments.apps \"nginx-deployment\" not found\n"), {}},
               {args("delete node node-1"), 0, QStringLiteral("node \"node-1\" deleted\n"), {}, {}},
           };

    QTest::addRow("why: the decision in plain words, in English and Chinese")
        << Transcript{
               {args("--seed 1 scenario load demo"), 0, QStringLiteral("scenario demo loaded into lab.klab\n"), {}, {}},
               {args("why pod/big-job"), 0, QStringLiteral("golden:why-big-job"), {}, {}},
               {args("--lang zh_CN why pod/big-job"), 0, QStringLiteral("golden:why-big-job-zh"), {}, {}},
               {args("why pod/web-6859469896-htpn2"), 0, QStringLiteral("golden:why-web"), {}, {}},
               {args("--lang zh_CN why pod/web-6859469896-htpn2"), 0, QStringLiteral("golden:why-web-zh"), {}, {}},
               {args("--lang zh_CN story --since 67"), 0, QStringLiteral("golden:story-zh"), {}, {}},
           };

    QTest::addRow("settle 0 and advance")
        << Transcript{
               {args("--seed 5 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {withFile("--settle 0 apply -f", kNginx), 0, QStringLiteral("deployment.apps/nginx-deployment created\n"),
                {}, {}},
               {args("get deploy"), 0, QStringLiteral("golden:settle0-get-deploy"), {}, {}},
               {args("get pods"), 0, {}, QStringLiteral("No resources found in default namespace.\n"), {}},
               {args("advance 30s"), 0, QStringLiteral("golden:settle0-advance"), {}, {}},
               {args("get deploy,rs"), 0, QStringLiteral("golden:settle0-get-deploy-rs"), {}, {}},
           };

    QTest::addRow("workloads: scale, set image, rollout status and history, undo")
        << nginxLab() + Transcript{
               {args("scale deployment nginx-deployment --replicas=5"), 0,
                QStringLiteral("deployment.apps/nginx-deployment scaled\n"), {}, {}},
               {args("scale deploy/nginx-deployment"), 2, {},
                QStringLiteral("error: required flag(s) \"replicas\" not set\n"), {}},
               {args("scale deploy web --replicas=2"), 1, {},
                QStringLiteral("Error from server (NotFound): deployments.apps \"web\" not found\n"), {}},
               {args("--settle 0 set image deployment/nginx-deployment nginx=nginx:1.16.1"), 0,
                QStringLiteral("deployment.apps/nginx-deployment image updated\n"), {}, {}},
               {args("rollout status deployment/nginx-deployment"), 0, QStringLiteral("golden:rollout-status"), {}, {}},
               // The change-cause goes to the current ReplicaSet (the controller copies it).
               {args("annotate deploy nginx-deployment kubernetes.io/change-cause=nginx-1.16.1"), 0,
                QStringLiteral("deployment.apps/nginx-deployment annotated\n"), {}, {}},
               {args("rollout status deployment/nginx-deployment"), 0,
                QStringLiteral("deployment \"nginx-deployment\" successfully rolled out\n"), {}, {}},
               {args("get rs"), 0, QStringLiteral("golden:rollout-get-rs"), {}, {}},
               {args("rollout history deployment/nginx-deployment"), 0, QStringLiteral("golden:rollout-history"), {}, {}},
               {args("rollout history deployment/nginx-deployment --revision=2"), 0,
                QStringLiteral("golden:rollout-history-revision-2"), {}, {}},
               {args("rollout history deployment/nginx-deployment --revision=7"), 1, {},
                QStringLiteral("error: unable to find the specified revision\n"), {}},
               {args("set image deployment/nginx-deployment web=nginx:1.27"), 1, {},
                QStringLiteral("error: unable to find container named \"web\"\n"), {}},
               {args("rollout undo deployment/nginx-deployment --to-revision=9"), 1, {},
                QStringLiteral("error: unable to find specified revision 9 in history\n"), {}},
               {args("rollout undo deployment/nginx-deployment --to-revision=2"), 0,
                QStringLiteral("deployment.apps/nginx-deployment skipped rollback (current template already matches "
                               "revision 2)\n"),
                {}, {}},
               {args("rollout undo deployment/nginx-deployment"), 0,
                QStringLiteral("deployment.apps/nginx-deployment rolled back\n"), {}, {}},
               {args("rollout history deploy nginx-deployment"), 0, QStringLiteral("golden:rollout-history-after-undo"), {},
                {}},
           };

    QTest::addRow("workloads: pause, resume, restart, set resources, autoscale")
        << nginxLab() + Transcript{
               {args("rollout pause deployment/nginx-deployment"), 0,
                QStringLiteral("deployment.apps/nginx-deployment paused\n"), {}, {}},
               {args("rollout pause deployment/nginx-deployment"), 1, {},
                QStringLiteral("error: deployments.apps \"nginx-deployment\" is already paused\n"), {}},
               {args("set image deployment/nginx-deployment nginx=nginx:1.27"), 0,
                QStringLiteral("deployment.apps/nginx-deployment image updated\n"), {}, {}},
               {args("get rs"), 0, QStringLiteral("golden:rollout-paused-get-rs"), {}, {}},
               {args("rollout undo deployment/nginx-deployment"), 1, {},
                QStringLiteral("error: no rollout history found for deployment \"nginx-deployment\"\n"), {}},
               {args("rollout restart deployment/nginx-deployment"), 1, {},
                QStringLiteral("error: deployments.apps \"nginx-deployment\" can't restart paused deployment (run rollout "
                               "resume first)\n"),
                {}},
               {args("rollout resume deployment/nginx-deployment"), 0,
                QStringLiteral("deployment.apps/nginx-deployment resumed\n"), {}, {}},
               {args("rollout resume deployment/nginx-deployment"), 1, {},
                QStringLiteral("error: deployments.apps \"nginx-deployment\" is not paused\n"), {}},
               {args("set resources deployment nginx-deployment -c=nginx --limits=cpu=200m,memory=512Mi "
                     "--requests=cpu=100m"),
                0, QStringLiteral("deployment.apps/nginx-deployment resource requirements updated\n"), {}, {}},
               {args("set resources deployment nginx-deployment"), 2, {},
                QStringLiteral("error: you must specify an update to requests or limits (in the form of "
                               "--requests/--limits)\n"),
                {}},
               {args("rollout restart deployment/nginx-deployment"), 0,
                QStringLiteral("deployment.apps/nginx-deployment restarted\n"), {}, {}},
               {args("get deploy nginx-deployment -o yaml"), 0, QStringLiteral("golden:rollout-restarted-deploy-yaml"), {},
                {}},
               {args("autoscale deployment nginx-deployment --min=2 --max=5 --cpu-percent=80"), 0,
                QStringLiteral("horizontalpodautoscaler.autoscaling/nginx-deployment autoscaled\n"), {}, {}},
               {args("autoscale deployment nginx-deployment --max=0"), 1, {},
                QStringLiteral("error: --max=MAXPODS is required and must be at least 1, max: 0\n"), {}},
               {args("get hpa nginx-deployment -o jsonpath={.spec}"), 0,
                QStringLiteral("{\"maxReplicas\":5,\"metrics\":[{\"resource\":{\"name\":\"cpu\",\"target\":{"
                               "\"averageUtilization\":80,\"type\":\"Utilization\"}},\"type\":\"Resource\"}],"
                               "\"minReplicas\":2,\"scaleTargetRef\":{\"apiVersion\":\"apps/v1\",\"kind\":"
                               "\"Deployment\",\"name\":\"nginx-deployment\"}}"),
                {}, {}},
           };

    QTest::addRow("workloads: run, expose, create deployment, service, namespace")
        << Transcript{
               {args("--seed 9 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("run web --image=nginx:1.27 --port=80"), 0, QStringLiteral("pod/web created\n"), {}, {}},
               {args("run web2"), 2, {}, QStringLiteral("error: required flag(s) \"image\" not set\n"), {}},
               {args("run web2 --image=nginx --requests=cpu=100m"), 2, {},
                QStringLiteral("error: unknown flag: --requests\n"), {}},
               {args("expose pod web --port=8080 --target-port=80"), 0, QStringLiteral("service/web exposed\n"), {}, {}},
               {args("create deployment api --image=registry.k8s.io/hpa-example --replicas=2 --port=80"), 0,
                QStringLiteral("deployment.apps/api created\n"), {}, {}},
               {args("expose deployment api --type=NodePort --name=api-np"), 0,
                QStringLiteral("service/api-np exposed\n"), {}, {}},
               {args("create service clusterip db --tcp=5432:5432"), 0, QStringLiteral("service/db created\n"), {}, {}},
               {args("create service clusterip db2"), 1, {},
                QStringLiteral("error: at least one tcp port specifier must be provided\n"), {}},
               {args("create namespace team-a"), 0, QStringLiteral("namespace/team-a created\n"), {}, {}},
               {args("get pod web -o yaml"), 0, QStringLiteral("golden:run-pod-yaml"), {}, {}},
               {args("get deploy api -o yaml"), 0, QStringLiteral("golden:create-deployment-yaml"), {}, {}},
               {args("get svc web api-np db -o yaml"), 0, QStringLiteral("golden:expose-services-yaml"), {}, {}},
               {args("get deploy,rs,pods"), 0, QStringLiteral("golden:workloads-get"), {}, {}},
           };

    QTest::addRow("create generators: --dry-run=client -o yaml, then through the API server")
        << Transcript{
               {args("--seed 5 create namespace team-a"), 0, QStringLiteral("namespace/team-a created\n"), {}, {}},
               {args("create role pod-reader --verb=get,list,watch --resource=pods,pods/status,deployments.apps "
                     "--resource-name=web -n team-a --dry-run=client -o yaml"),
                0, QStringLiteral("golden:create-role-yaml"), {}, {}},
               {args("create clusterrole metrics --verb=get --non-resource-url=/metrics,/healthz/* --dry-run=client -o yaml"),
                0, QStringLiteral("golden:create-clusterrole-yaml"), {}, {}},
               {args("create configmap pod-spec --from-file=small-pod.yaml --from-literal=mode=debug --dry-run=client -o yaml"),
                0, QStringLiteral("golden:create-configmap-yaml"), {}, {}},
               {args("create secret docker-registry regcred --docker-server=registry.example.com --docker-username=dev "
                     "--docker-password=s3cret --docker-email=dev@example.com --dry-run=client -o yaml"),
                0, QStringLiteral("golden:create-secret-docker-registry-yaml"), {}, {}},
               {args("create ingress web --class=nginx --rule=shop.example.com/=web:80,tls=shop-tls "
                     "--rule=shop.example.com/api*=api:http --dry-run=client -o yaml"),
                0, QStringLiteral("golden:create-ingress-yaml"), {}, {}},
               {args("create job hello --image=busybox:1.36 --dry-run=client -o yaml -- echo hello"), 0,
                QStringLiteral("golden:create-job-yaml"), {}, {}},
               {args("create pdb web --selector=app=web --min-available=50% --dry-run=client -o yaml"), 0,
                QStringLiteral("golden:create-pdb-yaml"), {}, {}},
               {args("create serviceaccount deployer -n team-a"), 0, QStringLiteral("serviceaccount/deployer created\n"),
                {}, {}},
               {args("create role pod-reader --verb=get,list,watch --resource=pods -n team-a"), 0,
                QStringLiteral("role.rbac.authorization.k8s.io/pod-reader created\n"), {}, {}},
               {args("create rolebinding deployer-reads --role=pod-reader --serviceaccount=team-a:deployer -n team-a"), 0,
                QStringLiteral("rolebinding.rbac.authorization.k8s.io/deployer-reads created\n"), {}, {}},
               {args("auth can-i list pods -n team-a --as system:serviceaccount:team-a:deployer"), 0,
                QStringLiteral("yes\n"), {}, {}},
               {args("get rolebinding deployer-reads -n team-a -o yaml"), 0,
                QStringLiteral("golden:create-rolebinding-get-yaml"), {}, {}},
               {args("create priorityclass batch-low --value=-10 --preemption-policy=Never --description=batch"), 0,
                QStringLiteral("priorityclass.scheduling.k8s.io/batch-low created\n"), {}, {}},
               {args("get priorityclass batch-low -o jsonpath={.value}/{.preemptionPolicy}/{.globalDefault}"), 0,
                QStringLiteral("-10/Never/"), {}, {}},
           };

    QTest::addRow("workloads: crash loop, logs, top")
        << Transcript{
               {args("--seed 9 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("apply -f crashloop.yaml"), 0, QStringLiteral("pod/web created\n"), {}, {}},
               {args("get pods"), 0, QStringLiteral("golden:crashloop-get-pods"), {}, {}},
               {args("logs web"), 0, QStringLiteral("starting\n"), {}, {}},
               {args("logs web --previous"), 1, {},
                QStringLiteral("Error from server (BadRequest): previous terminated container \"app\" in pod \"web\" not found\n"),
                {}},
               {args("advance 1m"), 0, QStringLiteral("golden:crashloop-advance"), {}, {}},
               {args("get pods"), 0, QStringLiteral("golden:crashloop-get-pods-1m"), {}, {}},
               {args("logs web -p"), 0, QStringLiteral("starting\ncrashing\n"), {}, {}},
               {args("apply -f two-containers.yaml"), 0, QStringLiteral("pod/pair created\n"), {}, {}},
               {args("logs pair"), 0, {}, QStringLiteral("Defaulted container \"web\" out of: web, sidecar\n"), {}},
               {args("logs pair -c sidecar"), 0, QStringLiteral("sidecar up\n"), {}, {}},
               {args("logs pair -c db"), 1, {}, QStringLiteral("error: container db is not valid for pod pair\n"), {}},
               {args("top pod"), 0, QStringLiteral("golden:top-pod"), {}, {}},
               {args("top pod --containers"), 0, QStringLiteral("golden:top-pod-containers"), {}, {}},
               {args("top node"), 0, QStringLiteral("golden:top-node"), {}, {}},
               {args("apply -f hungry.yaml"), 0, QStringLiteral("pod/hungry created\n"), {}, {}},
               {args("top pod --no-headers"), 0, QStringLiteral("hungry   30m    300Mi   \npair     121m   64Mi    \n"), {}, {}},
               {args("top pod --sort-by=cpu --no-headers"), 0, QStringLiteral("pair     121m   64Mi    \nhungry   30m    300Mi   \n"), {}, {}},
               {args("top pod --sort-by memory --no-headers"), 0, QStringLiteral("hungry   30m    300Mi   \npair     121m   64Mi    \n"), {}, {}},
               {args("top pod --sort-by=name"), 1, {}, QStringLiteral("error: --sort-by accepts only cpu or memory\n"), {}},
               {args("top pod pair -l app=x"), 1, {}, QStringLiteral("error: only one of NAME or --selector can be provided\n"), {}},
           };

    // kubectl get -w prints each change as time passes; klab watches --settle of virtual time,
    // all of it: a crash loop's restarts come only with time, and a settle would stop at once.
    QTest::addRow("workloads: get -w prints a crash loop's restarts")
        << Transcript{
               {args("--seed 9 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("apply -f crashloop.yaml"), 0, QStringLiteral("pod/web created\n"), {}, {}},
               // A --settle that is not a duration is refused before anything runs or prints.
               {args("get pods -w --settle soon"), 2, {},
                QStringLiteral("error: invalid argument \"soon\" for \"--settle\" flag: time: invalid duration \"soon\"\n"), {}},
               {args("label pod web tier=web --settle soon"), 2, {},
                QStringLiteral("error: invalid argument \"soon\" for \"--settle\" flag: time: invalid duration \"soon\"\n"), {}},
               {args("get pods -w --settle 1m"), 0, QStringLiteral("golden:crashloop-get-pods-watch"), {}, {}},
               {args("get pods"), 0, QStringLiteral("golden:crashloop-get-pods-after-watch"), {}, {}},
           };

    QTest::addRow("horizontal pod autoscaler")
        << Transcript{
               {args("--seed 9 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("apply -f php-apache.yaml"), 0,
                QStringLiteral("deployment.apps/php-apache created\nhorizontalpodautoscaler.autoscaling/php-apache created\n"),
                {}, {}},
               {args("advance 30s"), 0, QStringLiteral("golden:hpa-advance"), {}, {}},
               {args("get hpa"), 0, QStringLiteral("golden:hpa-get"), {}, {}},
               {args("get deploy php-apache -o jsonpath={.spec.replicas}"), 0, QStringLiteral("4"), {}, {}},
               {args("describe hpa php-apache"), 0, QStringLiteral("golden:hpa-describe"), {}, {}},
           };

    QTest::addRow("horizontal pod autoscaler: a load shared by the serving pods")
        << Transcript{
               {args("--seed 9 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("apply -f shared-load.yaml"), 0,
                QStringLiteral("deployment.apps/shop created\nhorizontalpodautoscaler.autoscaling/shop created\n"), {}, {}},
               // 300m on one pod is 150 % of its request: three pods of 100m meet the 50 % target.
               {args("advance 2m"), 0, QStringLiteral("golden:hpa-shared-load-advance"), {}, {}},
               {args("get deploy shop -o jsonpath={.spec.replicas}"), 0, QStringLiteral("3"), {}, {}},
               {args("get hpa shop -o jsonpath={.status.currentMetrics[0].resource.current.averageUtilization}"), 0,
                QStringLiteral("50"), {}, {}},
               {args("top pod -l app=shop --no-headers"), 0, QStringLiteral("golden:top-pod-shared-load"), {}, {}},
           };

    QTest::addRow("what-if: import a real cluster, export it, refuse bad input")
        << Transcript{
               {withFile("--seed 5 import", kKindCluster), 0, QStringLiteral("golden:whatif-import"), {}, {}},
               {args("get nodes"), 0, QStringLiteral("golden:whatif-get-nodes"), {}, {}},
               {args("get pods -A -o wide"), 0, QStringLiteral("golden:whatif-get-pods"), {}, {}},
               {args("export -A"), 0, QStringLiteral("golden:whatif-export"), {}, {}},
               {args("export -n shop -o json"), 0, QStringLiteral("golden:whatif-export-shop-json"), {}, {}},
               {args("export -o yaml"), 0, QStringLiteral("golden:whatif-export-default"), {}, {}},
               {args("export -o table"), 2, {},
                QStringLiteral("error: unable to match a printer suitable for the output format \"table\", allowed "
                               "formats are: json,yaml\n"), {}},
               {args("import import-malformed.yaml"), 1, {},
                QStringLiteral("error: import-malformed.yaml:10:1: error converting YAML to JSON: yaml: block sequence "
                               "entries are not allowed in this context\n"), {}},
               {args("import"), 2, {}, QStringLiteral("error: usage: klab import FILE\n"), {}},
               {args("diff nowhere.klab"), 1, {}, QStringLiteral("error: no lab at nowhere.klab\n"), {}},
           };

    QTest::addRow("networking: endpoint slices, kube-proxy rules, exec")
        << nginxLab() + Transcript{
               {args("--seed 42 add node node-2"), 0, QStringLiteral("node/node-2 created\n"), {}, {}},
               {args("apply -f network.yaml"), 0, QStringLiteral("service/web created\npod/busybox created\n"), {}, {}},
               {args("get endpointslices"), 0, QStringLiteral("golden:network-get-endpointslices"), {}, {}},
               {args("proxy-mode"), 0, QStringLiteral("iptables\n"), {}, {}},
               {args("proxy rules --node node-1"), 0, QStringLiteral("golden:network-proxy-rules-iptables"), {}, {}},
               {args("exec busybox -- nslookup kubernetes.default"), 0, QStringLiteral("golden:network-nslookup"), {}, {}},
               {args("exec busybox -- nslookup web"), 0, QStringLiteral("golden:network-nslookup-web"), {}, {}},
               {args("exec busybox -- wget -qO- web"), 0, QStringLiteral("golden:network-wget"), {}, {}},
               {args("exec busybox -- cat /etc/resolv.conf"), 0,
                QStringLiteral("search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n"
                               "options ndots:5\n"),
                {}, {}},
               {args("exec busybox -- hostname"), 0, QStringLiteral("busybox\n"), {}, {}},
               {args("exec busybox -- env"), 0, QStringLiteral("golden:network-env"), {}, {}},
               {args("exec busybox -- curl -s http://web/"), 0, QStringLiteral("golden:network-wget"), {}, {}},
               {args("exec busybox -- curl http://nope/"), 6, {},
                QStringLiteral("curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n"), {}},
               {args("exec busybox -- nslookup nope"), 1,
                QStringLiteral("Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"),
                QStringLiteral("nslookup: can't resolve 'nope'\ncommand terminated with exit code 1\n"), {}},
               {args("exec busybox -c nope -- hostname"), 1, {},
                QStringLiteral("Error from server (BadRequest): container nope is not valid for pod busybox\n"), {}},
               {args("exec nope -- hostname"), 1, {}, QStringLiteral("Error from server (NotFound): pods \"nope\" not found\n"), {}},
               {args("exec busybox"), 1, {}, QStringLiteral("error: you must specify at least one command for the container\n"), {}},
               {args("proxy-mode ipvs"), 0, QStringLiteral("kube-proxy mode set to ipvs\n"), {}, {}},
               {args("proxy-mode"), 0, QStringLiteral("ipvs\n"), {}, {}},
               {args("proxy rules --node node-1"), 0, QStringLiteral("golden:network-proxy-rules-ipvs"), {}, {}},
               {args("proxy-mode nftables"), 2, {},
                QStringLiteral("error: invalid proxy mode \"nftables\": must be iptables or ipvs\n"), {}},
               {args("proxy rules --node node-9"), 1, {}, QStringLiteral("Error from server (NotFound): nodes \"node-9\" not found\n"), {}},
           };

    QTest::addRow("scenarios")
        << Transcript{
               {args("scenario list"), 0, QStringLiteral("golden:scenario-list"), {}, {}},
               {args("--seed 1 scenario load demo"), 0, QStringLiteral("scenario demo loaded into lab.klab\n"), {}, {}},
               {args("get nodes"), 0, QStringLiteral("golden:demo-get-nodes"), {}, {}},
               {args("get pods -o wide"), 0, QStringLiteral("golden:demo-get-pods-wide"), {}, {}},
               {args("get pv,pvc"), 0, QStringLiteral("golden:demo-get-pv-pvc"), {}, {}},
           };

    const Step node1 = {args("--seed 9 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}};
    const Step localPath = {withFile("apply -f", kManifests + "storage/local-path-storageclass.yaml"), 0,
                            QStringLiteral("storageclass.storage.k8s.io/local-path created\n"), {}, {}};
    QTest::addRow("storage: static volume and claim, Retain")
        << Transcript{
               node1,
               {withFile("apply -f", kManifests + "storage/task-pv-volume.yaml"), 0,
                QStringLiteral("persistentvolume/task-pv-volume created\n"), {}, {}},
               {withFile("apply -f", kManifests + "storage/task-pv-claim.yaml"), 0,
                QStringLiteral("persistentvolumeclaim/task-pv-claim created\n"), {}, {}},
               {args("get pv,pvc"), 0, QStringLiteral("golden:storage-static-get-pv-pvc"), {}, {}},
               {args("delete pvc task-pv-claim"), 0, QStringLiteral("persistentvolumeclaim \"task-pv-claim\" deleted\n"),
                {}, {}},
               {args("get pv"), 0, QStringLiteral("golden:storage-static-released"), {}, {}},
           };
    QTest::addRow("storage: a dynamic claim waits for its first consumer")
        << Transcript{
               node1,
               localPath,
               {withFile("apply -f", kManifests + "storage/dynamic-claim.yaml"), 0,
                QStringLiteral("persistentvolumeclaim/dynamic-claim created\n"), {}, {}},
               {args("get sc,pvc"), 0, QStringLiteral("golden:storage-dynamic-pending"), {}, {}},
               {args("describe pvc dynamic-claim"), 0, QStringLiteral("golden:storage-dynamic-describe-pending"), {}, {}},
           };
    QTest::addRow("statefulset: ordered scale up and down, claims kept")
        << Transcript{
               node1,
               localPath,
               {withFile("apply -f", kManifests + "controllers/web-statefulset.yaml"), 0,
                QStringLiteral("service/nginx created\nstatefulset.apps/web created\n"), {}, {}},
               {args("get sts,pods,pvc"), 0, QStringLiteral("golden:statefulset-get"), {}, {}},
               {QStringList{QStringLiteral("patch"), QStringLiteral("sts"), QStringLiteral("web"), QStringLiteral("-p"),
                            QStringLiteral(R"({"spec":{"replicas":1}})")},
                0, QStringLiteral("statefulset.apps/web patched\n"), {}, {}},
               {args("get sts,pods,pvc"), 0, QStringLiteral("golden:statefulset-scaled-down"), {}, {}},
               {args("get events"), 0, QStringLiteral("golden:statefulset-events"), {}, {}},
           };
    QTest::addRow("job: pods and the completions column")
        << Transcript{
               node1,
               {withFile("apply -f", kManifests + "controllers/pi-job.yaml"), 0, QStringLiteral("job.batch/pi created\n"),
                {}, {}},
               {args("get jobs"), 0, QStringLiteral("golden:job-get"), {}, {}},
               {args("get pods --show-labels"), 0, QStringLiteral("golden:job-get-pods"), {}, {}},
           };

    // Node life: a stopped node goes NotReady after the 40 s grace period; its pods are
    // evicted 300 s after the unreachable taint (DefaultTolerationSeconds) and recreated elsewhere.
    const Transcript twoNodes = {
        {args("--seed 42 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
        {args("add node node-2"), 0, QStringLiteral("node/node-2 created\n"), {}, {}},
        {withFile("apply -f", kNginx), 0, QStringLiteral("deployment.apps/nginx-deployment created\n"), {}, {}},
    };
    QTest::addRow("node stop and start")
        << twoNodes + Transcript{
               {args("node stop node-1"), 0, QStringLiteral("node/node-1 stopped\n"), {}, {}},
               {args("node stop node-1"), 1, {}, QStringLiteral("error: node \"node-1\" is already stopped\n"), {}},
               {args("node stop node-9"), 1, {}, QStringLiteral("Error from server (NotFound): nodes \"node-9\" not found\n"), {}},
               {args("advance 45s"), 0, QStringLiteral("golden:node-stop-advance-45s"), {}, {}},
               {args("get nodes"), 0, QStringLiteral("golden:node-stop-get-nodes"), {}, {}},
               {args("advance 5m"), 0, QStringLiteral("golden:node-stop-advance-5m"), {}, {}},
               {args("advance 30s"), 0, QStringLiteral("golden:node-stop-advance-30s"), {}, {}},
               {args("get pods -o wide"), 0, QStringLiteral("golden:node-stop-get-pods-wide"), {}, {}},
               {args("node start node-1"), 0, QStringLiteral("node/node-1 started\n"), {}, {}},
               {args("get nodes"), 0, QStringLiteral("golden:node-start-get-nodes"), {}, {}},
               {args("get pods -o wide"), 0, QStringLiteral("golden:node-start-get-pods-wide"), {}, {}},
           };

    QTest::addRow("taint, cordon, uncordon")
        << twoNodes + Transcript{
               {args("taint node node-1 dedicated=db:NoSchedule"), 0, QStringLiteral("node/node-1 tainted\n"), {}, {}},
               {args("taint node node-1 dedicated=web:NoSchedule"), 1, {},
                QStringLiteral("error: node node-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n"), {}},
               {args("taint nodes node-1 dedicated=web:NoSchedule --overwrite"), 0, QStringLiteral("node/node-1 modified\n"), {}, {}},
               {args("taint node node-1 dedicated:NoSchedule-"), 0, QStringLiteral("node/node-1 untainted\n"), {}, {}},
               {args("taint node node-1 dedicated-"), 1, {}, QStringLiteral("error: taint \"dedicated\" not found\n"), {}},
               {args("taint node node-1 dedicated=db:Bogus"), 2, {},
                QStringLiteral("error: invalid taint effect: Bogus, unsupported taint effect\n"), {}},
               {args("taint pods web dedicated=db:NoSchedule"), 1, {},
                QStringLiteral("error: invalid resource type pods, only [\"nodes\" \"no\" \"node\"] are supported\n"), {}},
               {args("taint node node-9 dedicated=db:NoSchedule"), 1, {},
                QStringLiteral("Error from server (NotFound): nodes \"node-9\" not found\n"), {}},
               {args("cordon node-1"), 0, QStringLiteral("node/node-1 cordoned\n"), {}, {}},
               {args("cordon node-1"), 0, QStringLiteral("node/node-1 already cordoned\n"), {}, {}},
               {args("get nodes"), 0, QStringLiteral("golden:cordon-get-nodes"), {}, {}},
               {args("uncordon node-1"), 0, QStringLiteral("node/node-1 uncordoned\n"), {}, {}},
               {args("uncordon node-1"), 0, QStringLiteral("node/node-1 already uncordoned\n"), {}, {}},
               {args("cordon node-9"), 1, {}, QStringLiteral("Error from server (NotFound): nodes \"node-9\" not found\n"), {}},
           };

    QTest::addRow("NoExecute taint evicts")
        << twoNodes + Transcript{
               {args("taint node node-1 dedicated=db:NoExecute"), 0, QStringLiteral("node/node-1 tainted\n"), {}, {}},
               {args("get pods -o wide"), 0, QStringLiteral("golden:noexecute-get-pods-wide"), {}, {}},
           };

    QTest::addRow("drain")
        << twoNodes + Transcript{
               {args("apply -f node-agent-daemonset.yaml"), 0, QStringLiteral("daemonset.apps/node-agent created\n"), {}, {}},
               {args("get ds -n kube-system"), 0, QStringLiteral("golden:drain-get-ds"), {}, {}},
               {args("drain node-1"), 1, QStringLiteral("node/node-1 cordoned\n"), QStringLiteral("error: unable to drain node \"node-1\" due to error: cannot delete DaemonSet-managed Pods (use "
                               "--ignore-daemonsets to ignore): kube-system/node-agent-n7cx8, continuing command...\n"
                               "There are pending nodes to be drained:\n node-1\n"
                               "error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): "
                               "kube-system/node-agent-n7cx8\n"), {}},
               {args("get nodes"), 0, QStringLiteral("golden:drain-get-nodes"), {}, {}},
               {args("drain node-1 --ignore-daemonsets"), 0, QStringLiteral("golden:drain-ignore-daemonsets"),
                QStringLiteral("Warning: ignoring DaemonSet-managed Pods: kube-system/node-agent-n7cx8\n"), {}},
               {args("get pods -o wide"), 0, QStringLiteral("golden:drain-get-pods-wide"), {}, {}},
           };

    QTest::addRow("drain blocked by a PodDisruptionBudget")
        << twoNodes + Transcript{
               {args("apply -f nginx-pdb.yaml"), 0, QStringLiteral("poddisruptionbudget.policy/nginx-pdb created\n"), {}, {}},
               {args("get pdb"), 0, QStringLiteral("golden:pdb-get-pdb"), {}, {}},
               {args("drain node-1 --timeout 10s"), 1, QStringLiteral("golden:pdb-drain"), QStringLiteral("error when evicting pods/\"nginx-deployment-56679cffcb-n6f4l\" -n \"default\" (will retry after 5s): Cannot evict "
                               "pod as it would violate the pod's disruption budget.\n"
                               "error when evicting pods/\"nginx-deployment-56679cffcb-n6f4l\" -n \"default\" (will retry after 5s): Cannot evict "
                               "pod as it would violate the pod's disruption budget.\n"
                               "error when evicting pods/\"nginx-deployment-56679cffcb-n6f4l\" -n \"default\" (will retry after 5s): Cannot evict "
                               "pod as it would violate the pod's disruption budget.\n"
                               "error: unable to drain node \"node-1\" due to error: error when evicting "
                               "pods/\"nginx-deployment-56679cffcb-n6f4l\" -n \"default\": global timeout reached: 10s, "
                               "continuing command...\nThere are pending nodes to be drained:\n node-1\n"
                               "error: error when evicting pods/\"nginx-deployment-56679cffcb-n6f4l\" -n \"default\": "
                               "global timeout reached: 10s\n"), {}},
           };

    // Scheduling by hand (CKA's manual scheduling): a pod for a scheduler that does not run
    // stays Pending until a Binding names its node.
    QTest::addRow("scheduling: a Binding made by hand")
        << Transcript{
               {args("--seed 3 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("add node node-2"), 0, QStringLiteral("node/node-2 created\n"), {}, {}},
               {args("create -f manual-pod.yaml"), 0, QStringLiteral("pod/manual created\n"), {}, {}},
               {args("get pod manual -o jsonpath={.spec.nodeName}/{.status.phase}"), 0, QStringLiteral("/Pending"), {}, {}},
               {args("create -f binding.yaml --dry-run=server"), 0,
                QStringLiteral("status/<unknown> created (server dry run)\n"), {}, {}},
               {args("get pod manual -o jsonpath={.spec.nodeName}/{.status.phase}"), 0, QStringLiteral("/Pending"), {}, {}},
               {args("create -f binding.yaml"), 0, QStringLiteral("status/<unknown> created\n"), {}, {}},
               {args("get pod manual -o jsonpath={.spec.nodeName}/{.status.phase}/{.status.conditions[?(@.type==\"PodScheduled\")].status}"),
                0, QStringLiteral("node-2/Running/True"), {}, {}},
               {args("create -f binding.yaml"), 1, {},
                QStringLiteral("Error from server (Conflict): error when creating \"binding.yaml\": Operation cannot be "
                               "fulfilled on pods/binding \"manual\": pod manual is already assigned to node \"node-2\"\n"), {}},
           };

    // Growing a claim (allowVolumeExpansion): the volume grows at once, the claim when a pod
    // mounts it; shrinking, and growing a claim whose class does not allow it, are refused.
    QTest::addRow("storage: growing a claim")
        << Transcript{
               {args("--seed 5 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("apply -f expandable.yaml"), 0,
                QStringLiteral("storageclass.storage.k8s.io/fast created\npersistentvolumeclaim/logs created\n"), {}, {}},
               {args(R"(patch pvc logs -p {"spec":{"resources":{"requests":{"storage":"4Gi"}}}})"), 0,
                QStringLiteral("persistentvolumeclaim/logs patched\n"), {}, {}},
               {args("get pvc logs -o jsonpath={.status.capacity.storage}/{.status.conditions[0].type}"), 0,
                QStringLiteral("1Gi/FileSystemResizePending"), {}, {}},
               {args("get pv -o jsonpath={.items[0].spec.capacity.storage}"), 0, QStringLiteral("4Gi"), {}, {}},
               {args(R"(patch pvc logs -p {"spec":{"resources":{"requests":{"storage":"2Gi"}}}})"), 1, {},
                QStringLiteral("The PersistentVolumeClaim \"logs\" is invalid: spec.resources.requests.storage: "
                               "Forbidden: field can not be less than previous value\n"), {}},
               {args("apply -f logs-writer.yaml"), 0, QStringLiteral("pod/writer created\n"), {}, {}},
               {args("get pvc logs -o jsonpath={.status.capacity.storage}/{.status.conditions}"), 0,
                QStringLiteral("4Gi/"), {}, {}},
               {args("apply -f recycled-volume.yaml"), 0,
                QStringLiteral("persistentvolume/old created\npersistentvolumeclaim/old-data created\n"),
                QStringLiteral("Warning: spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. "
                               "Instead, the recommended approach is to use dynamic provisioning.\n"), {}},
               {args(R"(patch pvc old-data -p {"spec":{"resources":{"requests":{"storage":"2Gi"}}}})"), 1, {},
                QStringLiteral("Error from server (Forbidden): persistentvolumeclaims \"old-data\" is forbidden: only "
                               "dynamically provisioned pvc can be resized and the storageclass that provisions the "
                               "pvc must support resize\n"), {}},
           };

    QTest::addRow("admission: LimitRanger, ResourceQuota, PodSecurity, runAsNonRoot")
        << Transcript{
               {args("--seed 42 add node node-1"), 0, QStringLiteral("node/node-1 created\n"), {}, {}},
               {args("apply -f limits.yaml"), 0, QStringLiteral("limitrange/limits created\n"), {}, {}},
               {args("apply -f small-pod.yaml"), 1, {},
                QStringLiteral("Error from server (Forbidden): error when creating \"small-pod.yaml\": pods \"small\" is "
                               "forbidden: minimum cpu usage per Container is 100m, but request is 50m\n"), {}},
               {args("run web --image=nginx"), 0, QStringLiteral("pod/web created\n"), {}, {}},
               {args("get pod web -o jsonpath={.metadata.annotations}"), 0,
                QStringLiteral("{\"kubernetes.io/limit-ranger\":\"LimitRanger plugin set: cpu request for container web; cpu "
                               "limit for container web\"}"), {}, {}},
               {args("create quota q --hard=pods=2,requests.cpu=1"), 0, QStringLiteral("resourcequota/q created\n"), {}, {}},
               {args("get quota"), 0, QStringLiteral("golden:admission-get-quota"), {}, {}},
               {args("run web2 --image=nginx"), 0, QStringLiteral("pod/web2 created\n"), {}, {}},
               {args("run web3 --image=nginx"), 1, {},
                QStringLiteral("Error from server (Forbidden): pods \"web3\" is forbidden: exceeded quota: q, requested: "
                               "pods=1, used: pods=2, limited: pods=2\n"), {}},
               {args("describe quota q"), 0, QStringLiteral("golden:admission-describe-quota"), {}, {}},
               {args("create namespace secure"), 0, QStringLiteral("namespace/secure created\n"), {}, {}},
               {args("label ns secure pod-security.kubernetes.io/enforce=restricted"), 0,
                QStringLiteral("namespace/secure labeled\n"), {}, {}},
               {args("run web --image=nginx -n secure"), 1, {},
                QStringLiteral("Error from server (Forbidden): pods \"web\" is forbidden: violates PodSecurity "
                               "\"restricted:latest\": allowPrivilegeEscalation != false (container \"web\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"web\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"web\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container \"web\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")\n"), {}},
               {args("create deployment web --image=nginx -n secure"), 0, QStringLiteral("deployment.apps/web created\n"),
                QStringLiteral("Warning: would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"nginx\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"nginx\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"nginx\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container \"nginx\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")\n"), {}},
               {args("get events -n secure"), 0, QStringLiteral("golden:admission-events-secure"), {}, {}},
               {args("create namespace apps"), 0, QStringLiteral("namespace/apps created\n"), {}, {}},
               {args("apply -f nonroot-pod.yaml -n apps"), 0, QStringLiteral("pod/nonroot created\n"), {}, {}},
               {args("get pods -n apps"), 0, QStringLiteral("golden:admission-nonroot-get-pods"), {}, {}},
               {args("describe pod nonroot -n apps"), 0, QStringLiteral("golden:admission-nonroot-describe"), {}, {}},
           };

    const QString forbiddenListPods = QStringLiteral(
        "Error from server (Forbidden): pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group "
        "\"\" in the namespace \"prod\"\n");
    QTest::addRow("security: users, contexts, RBAC, can-i, Forbidden, etcd keys")
        << Transcript{
               {args("--seed 42 create namespace prod"), 0, QStringLiteral("namespace/prod created\n"), {}, {}},
               {args("auth whoami"), 0, QStringLiteral("golden:auth-whoami"), {}, {}},
               {args("config get-contexts"), 0, QStringLiteral("golden:config-get-contexts"), {}, {}},
               {args("auth can-i * *"), 0, QStringLiteral("yes\n"), {}, {}},
               {args("auth can-i list pods -n prod --as alice"), 1, QStringLiteral("no\n"), {}, {}},
               {args("get pods -n prod --as alice"), 1, {}, forbiddenListPods, {}},
               {args("run web --image=nginx -n prod --as alice"), 1, {},
                QStringLiteral("Error from server (Forbidden): pods is forbidden: User \"alice\" cannot create resource "
                               "\"pods\" in API group \"\" in the namespace \"prod\"\n"), {}},
               {args("delete namespace prod --as alice"), 1, {},
                QStringLiteral("Error from server (Forbidden): namespaces \"prod\" is forbidden: User \"alice\" cannot "
                               "delete resource \"namespaces\" in API group \"\" at the cluster scope\n"),
                {}},
               {args("auth can-i get nodes --as alice"), 1, QStringLiteral("no\n"),
                QStringLiteral("Warning: resource 'nodes' is not namespace scoped\n"), {}},
               {args("auth can-i get /healthz --as alice"), 0, QStringLiteral("yes\n"), {}, {}},
               {args("auth can-i fly widgets --as alice"), 1, QStringLiteral("no\n"),
                QStringLiteral("Warning: the server doesn't have a resource type 'widgets'\nWarning: verb 'fly' is not a known verb\n"), {}},
               {args("auth can-i --list -n prod --as alice"), 0, QStringLiteral("golden:auth-can-i-list-alice"), {}, {}},
               {args("auth can-i --list"), 0, QStringLiteral("golden:auth-can-i-list-admin"), {}, {}},
               {withFile("apply -f", kManifests + QStringLiteral("rbac/alice-edit-prod.yaml")), 0,
                QStringLiteral("rolebinding.rbac.authorization.k8s.io/alice-edit created\n"), {}, {}},
               {args("auth can-i create deployments -n prod --as alice"), 0, QStringLiteral("yes\n"), {}, {}},
               {args("auth can-i create roles -n prod --as alice"), 1, QStringLiteral("no\n"), {}, {}},
               {args("auth can-i get secrets -n default --as alice"), 1, QStringLiteral("no\n"), {}, {}},
               {args("auth can-i get pods -n prod --as system:serviceaccount:prod:default"), 1, QStringLiteral("no\n"), {}, {}},
               {args("get pods -n prod --as alice"), 0, {}, QStringLiteral("No resources found in prod namespace.\n"), {}},
               {args("auth whoami --as system:serviceaccount:prod:builder"), 0, QStringLiteral("golden:auth-whoami-sa"), {}, {}},
               {args("config set-credentials alice --group developers"), 0, QStringLiteral("User \"alice\" set.\n"), {}, {}},
               {args("config set-context alice --user alice --namespace prod"), 0,
                QStringLiteral("Context \"alice\" created.\n"), {}, {}},
               {args("config use-context alice"), 0, QStringLiteral("Switched to context \"alice\".\n"), {}, {}},
               {args("config get-contexts"), 0, QStringLiteral("golden:config-get-contexts-alice"), {}, {}},
               {args("auth whoami"), 0, QStringLiteral("golden:auth-whoami-alice"), {}, {}},
               {args("get deploy -n default"), 1, {},
                QStringLiteral("Error from server (Forbidden): deployments.apps is forbidden: User \"alice\" cannot list "
                               "resource \"deployments\" in API group \"apps\" in the namespace \"default\"\n"), {}},
               {args("get pods --as bob"), 1, {},
                QStringLiteral("Error from server (Forbidden): users \"bob\" is forbidden: User \"alice\" cannot "
                               "impersonate resource \"users\" in API group \"\" at the cluster scope\n"), {}},
               {args("get pods --token nope"), 1, {},
                QStringLiteral("error: You must be logged in to the server (Unauthorized)\n"), {}},
               {args("config use-context nowhere"), 1, {},
                QStringLiteral("error: no context exists with the name: \"nowhere\"\n"), {}},
               {args("config use-context kubernetes-admin@kubernetes"), 0,
                QStringLiteral("Switched to context \"kubernetes-admin@kubernetes\".\n"), {}, {}},
               {args("etcd ls /registry/clusterrolebindings/"), 0, QStringLiteral("golden:etcd-ls-clusterrolebindings"), {}, {}},
               {args("etcd ls /registry/rolebindings"), 0,
                QStringLiteral("/registry/rolebindings/prod/alice-edit\n"), {}, {}},
               {args("etcd get /registry/rolebindings/prod/alice-edit"), 0, QStringLiteral("golden:etcd-get-rolebinding"), {}, {}},
               {args("etcd get /registry/pods/default/nothing"), 0, {}, {}, {}},
               {args("etcd ls /registry/services/"), 0, QStringLiteral("/registry/services/endpoints/default/kubernetes\n"
                   "/registry/services/endpoints/kube-system/kube-dns\n/registry/services/specs/default/kubernetes\n"
                   "/registry/services/specs/kube-system/kube-dns\n"), {}, {}},
           };
}

void TestKlab::transcript()
{
    QFETCH(Transcript, steps);
    const Lab lab;
    const bool update = qEnvironmentVariableIsSet("KUBELAB_UPDATE_GOLDEN");
    for (const Step& step : steps) {
        const Output output = lab.run(step.args);
        const QString what = QStringLiteral("klab ") + step.args.join(u' ');
        if (update && step.out.startsWith(QStringLiteral("golden:")) && step.kubectlDiffers.isEmpty()) {
            QFile file(goldenPath(step.out.mid(7)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(output.out.toUtf8());
        }
        if (!step.kubectlDiffers.isEmpty())
            QEXPECT_FAIL("", qPrintable(step.kubectlDiffers), Continue);
        QVERIFY2(render(output.exitCode, output.out, output.err) == render(step.exitCode, expectedOut(step), step.err),
                 qPrintable(what + QStringLiteral("\nactual:\n") + render(output.exitCode, output.out, output.err)
                            + QStringLiteral("\nexpected:\n") + render(step.exitCode, expectedOut(step), step.err)));
    }
}

void TestKlab::describeLines_data()
{
    QTest::addColumn<Transcript>("setup");
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("kubectlDiffers");

    const Transcript nginx = nginxLab();
    const QStringList deployment = args("describe deployment nginx-deployment");
    QTest::addRow("deployment: Replicas") << nginx << deployment
        << QStringLiteral("Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n")
        << QString();
    QTest::addRow("deployment: StrategyType") << nginx << deployment
        << QStringLiteral("StrategyType:           RollingUpdate\n") << QString();
    QTest::addRow("deployment: RollingUpdateStrategy") << nginx << deployment
        << QStringLiteral("RollingUpdateStrategy:  25% max unavailable, 25% max surge\n") << QString();
    QTest::addRow("deployment: Events header") << nginx << deployment
        << QStringLiteral("Events:\n  Type    Reason             Age   From                   Message\n") << QString();
    QTest::addRow("deployment: ScalingReplicaSet") << nginx << deployment
        << QStringLiteral("  Normal  ScalingReplicaSet  4s    deployment-controller  Scaled up replica set "
                          "nginx-deployment-56679cffcb to 3\n")
        << QString();
    QTest::addRow("deployment: NewReplicaSet") << nginx << deployment
        << QStringLiteral("NewReplicaSet:   nginx-deployment-56679cffcb (3/3 replicas created)\n") << QString();
    QTest::addRow("deployment: revision annotation") << nginx << deployment
        << QStringLiteral("Annotations:            deployment.kubernetes.io/revision: 1\n") << QString();

    const Transcript demo{
        {args("--seed 1 scenario load demo"), 0, {}, {}, {}},
    };
    const QStringList bigJob = args("describe pod big-job");
    QTest::addRow("big-job: Status Pending") << demo << bigJob << QStringLiteral("Status:           Pending\n") << QString();
    QTest::addRow("big-job: FailedScheduling") << demo << bigJob
        << QStringLiteral("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: batch}, 2 Insufficient "
                          "cpu.")
        << QString();
    QTest::addRow("big-job: preemption") << demo << bigJob
        << QStringLiteral(" preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No "
                          "preemption victims found for incoming pod..\n")
        << QString();
}

void TestKlab::describeLines()
{
    QFETCH(Transcript, setup);
    QFETCH(QStringList, command);
    QFETCH(QString, line);
    QFETCH(QString, kubectlDiffers);
    const Lab lab;
    for (const Step& step : setup)
        lab.must(step.args);
    const Output output = lab.run(command);
    QCOMPARE(output.exitCode, 0);
    QCOMPARE(output.err, QString());
    if (!kubectlDiffers.isEmpty())
        QEXPECT_FAIL("", qPrintable(kubectlDiffers), Continue);
    QVERIFY2(output.out.contains(line), qPrintable(output.out));
}

namespace {

/// Top-level keys and, for every mapping in a YAML text as kubectl prints it (two-space block
/// indentation, list items as `- `), the first pair of sibling keys out of order.
QString unsortedKeys(const QString& yaml)
{
    QList<QPair<int, QString>> stack; // Indentation and last key seen at that level.
    for (const QString& raw : yaml.split(u'\n')) {
        if (raw.trimmed().isEmpty())
            continue;
        int indent = 0;
        while (indent < raw.size() && raw[indent] == u' ')
            ++indent;
        QString rest = raw.mid(indent);
        bool listItem = false;
        while (rest.startsWith(QStringLiteral("- "))) {
            indent += 2;
            rest = rest.mid(2);
            listItem = true;
        }
        const qsizetype colon = rest.indexOf(QStringLiteral(":"));
        if (colon <= 0 || rest.startsWith(u'"') || rest.startsWith(u'{'))
            continue;
        if (colon + 1 < rest.size() && rest[colon + 1] != u' ')
            continue;
        const QString key = rest.left(colon);
        while (!stack.isEmpty() && (stack.last().first > indent || (listItem && stack.last().first == indent)))
            stack.removeLast();
        if (!stack.isEmpty() && stack.last().first == indent) {
            if (stack.last().second > key)
                return stack.last().second + QStringLiteral(" before ") + key;
            stack.last().second = key;
        } else {
            stack.append({indent, key});
        }
    }
    return {};
}

} // namespace

void TestKlab::deploymentYaml()
{
    const Lab lab;
    for (const Step& step : nginxLab())
        lab.must(step.args);
    const Output output = lab.run(args("get deploy nginx-deployment -o yaml"));
    QCOMPARE(output.exitCode, 0);
    QCOMPARE(output.err, QString());

    QStringList topLevel;
    for (const QString& line : output.out.split(u'\n'))
        if (!line.isEmpty() && !line.startsWith(u' ') && !line.startsWith(u'-'))
            topLevel << line.section(u':', 0, 0);
    QCOMPARE(topLevel, QStringList({"apiVersion", "kind", "metadata", "spec", "status"}));
    QVERIFY(output.out.startsWith(QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n")));
    QCOMPARE(unsortedKeys(output.out), QString());

    for (const char* line : {"  name: nginx-deployment\n", "  namespace: default\n", "  generation: 1\n",
                             "  replicas: 3\n", "      maxSurge: 25%\n", "      maxUnavailable: 25%\n",
                             "    type: RollingUpdate\n", "  availableReplicas: 3\n", "  readyReplicas: 3\n",
                             "  updatedReplicas: 3\n", "  observedGeneration: 1\n", "        imagePullPolicy: IfNotPresent\n",
                             "  progressDeadlineSeconds: 600\n", "  revisionHistoryLimit: 10\n"})
        QVERIFY2(output.out.contains(QString::fromUtf8(line)), line);

    QVERIFY(output.out.contains(QStringLiteral("    deployment.kubernetes.io/revision: \"1\"\n")));

    // kubectl stores the applied object as json.Marshal writes it: sorted keys, empty annotations.
    QVERIFY(output.out.contains(QStringLiteral(
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"nginx\"},"
        "\"name\":\"nginx-deployment\",\"namespace\":\"default\"},\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":"
        "{\"app\":\"nginx\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{"
        "\"image\":\"nginx:1.14.2\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80}]}]}}}}\n")));

    // The same object as JSON has the same shape.
    const Output json = lab.run(args("get deploy nginx-deployment -o json"));
    QCOMPARE(json.exitCode, 0);
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(object.keys(), QStringList({"apiVersion", "kind", "metadata", "spec", "status"}));
    QCOMPARE(object.value("status").toObject().value("readyReplicas").toInt(), 3);
}

void TestKlab::refusedCommandsChangeNothing_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<int>("exitCode");

    QTest::addRow("malformed manifest") << args("apply -f malformed.yaml") << 1;
    QTest::addRow("second document invalid") << args("apply -f second-invalid.yaml") << 1;
    QTest::addRow("missing file") << args("apply -f x.yaml") << 1;
    QTest::addRow("label without --overwrite") << args("label deploy nginx-deployment app=web") << 1;
    QTest::addRow("delete of a missing object") << args("delete pod web") << 1;
    QTest::addRow("unknown flag") << args("apply --bogus -f second-invalid.yaml") << 2;
    QTest::addRow("forbidden delete") << args("delete deploy nginx-deployment --as alice") << 1;
    QTest::addRow("forbidden scale") << args("scale deploy nginx-deployment --replicas 1 --as alice") << 1;
    QTest::addRow("unknown token") << args("delete deploy nginx-deployment --token nope") << 1;
    QTest::addRow("import of malformed YAML") << args("import import-malformed.yaml") << 1;
    QTest::addRow("import with an invalid object") << args("import import-invalid.yaml") << 1;
    QTest::addRow("import of a missing file") << args("import x.yaml") << 1;
    QTest::addRow("fork onto an existing file") << args("fork lab.klab") << 1;
    QTest::addRow("diff with a missing lab") << args("diff x.klab") << 1;
}

void TestKlab::refusedCommandsChangeNothing()
{
    QFETCH(QStringList, command);
    QFETCH(int, exitCode);
    const Lab lab;
    for (const Step& step : nginxLab())
        lab.must(step.args);
    const QJsonArray before = lab.history();
    QVERIFY(!before.isEmpty());
    const QString pods = lab.run(args("get pods -o wide")).out;
    const Output output = lab.run(command);
    QCOMPARE(output.exitCode, exitCode);
    QVERIFY(output.err.startsWith(QStringLiteral("error: ")) || output.err.startsWith(QStringLiteral("Error from server"))
            || output.err.startsWith(QStringLiteral("The ConfigMap")));
    QCOMPARE(lab.history(), before);
    QCOMPARE(lab.run(args("get pods -o wide")).out, pods);
}

void TestKlab::historyAndAtRevision()
{
    const Lab lab;
    lab.must(args("--seed 9 add node node-1"));
    lab.must(withFile("--settle 0 apply -f", kNginx));
    const qint64 applied = lab.lastRevision();
    QVERIFY(applied > 0);
    const QJsonObject create = lab.history().last().toObject();
    QCOMPARE(create.value("verb").toString(), QStringLiteral("create"));
    QCOMPARE(create.value("kind").toString(), QStringLiteral("Deployment"));
    QCOMPARE(create.value("namespace").toString(), QStringLiteral("default"));
    QCOMPARE(create.value("name").toString(), QStringLiteral("nginx-deployment"));
    QCOMPARE(create.value("actor").toString(), QStringLiteral("kubernetes-admin"));

    lab.must(args("advance 30s"));
    QVERIFY(lab.lastRevision() > applied);

    // Now the ReplicaSet and its pods exist; at the revision of the apply they did not.
    QCOMPARE(lab.run(args("get pods --no-headers")).out.count(u'\n'), 3);
    const QString at = QString::number(applied);
    Output past = lab.run(args("get pods --at-revision") << at);
    QCOMPARE(past.exitCode, 0);
    QCOMPARE(past.out, QString());
    QCOMPARE(past.err, QStringLiteral("No resources found in default namespace.\n"));
    past = lab.run(args("get deploy --no-headers --at-revision") << at);
    QCOMPARE(past.exitCode, 0);
    QVERIFY2(past.out.simplified().startsWith(QStringLiteral("nginx-deployment 0/3 0 0 ")), qPrintable(past.out));
    const qint64 revisions = lab.history().size();
    QCOMPARE(lab.history().size(), revisions); // Reads of the past write nothing.

    // history --since lists the revisions after the given one; the user's label is one of them.
    const qint64 beforeLabel = lab.lastRevision();
    lab.must(args("--settle 0 label deploy nginx-deployment tier=web"));
    const Output since = lab.run(args("history --since") << QString::number(beforeLabel));
    QCOMPARE(since.exitCode, 0);
    const QStringList lines = since.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0].simplified(), QStringLiteral("REVISION TIME VERB KIND NAMESPACE NAME ACTOR"));
    QCOMPARE(lines[1].simplified().section(u' ', 2),
             QStringLiteral("update Deployment default nginx-deployment kubernetes-admin"));
    QCOMPARE(lines[1].section(u' ', 0, 0), QString::number(beforeLabel + 1));
}

void TestKlab::whyJson()
{
    const Lab lab;
    lab.must(args("--seed 1 scenario load demo"));
    const Output output = lab.run(args("why pod/big-job -o json"));
    QCOMPARE(output.exitCode, 0);
    QJsonParseError error;
    const QJsonObject why = QJsonDocument::fromJson(output.out.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(why.keys(), QStringList({"message", "nodes", "pod", "result", "schedulerName", "selectedNode"}));
    QCOMPARE(why.value("pod").toString(), QStringLiteral("default/big-job"));
    QCOMPARE(why.value("schedulerName").toString(), QStringLiteral("default-scheduler"));
    QCOMPARE(why.value("result").toString(), QStringLiteral("Unschedulable"));
    QCOMPARE(why.value("selectedNode").toString(), QString());
    QVERIFY(why.value("message").toString().startsWith(QStringLiteral(
        "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: batch}, 2 Insufficient cpu.")));

    const QJsonArray nodes = why.value("nodes").toArray();
    QCOMPARE(nodes.size(), 3);
    QStringList verdicts;
    for (const QJsonValue& value : nodes) {
        const QJsonObject node = value.toObject();
        QVERIFY(node.contains("name") && node.contains("feasible") && node.contains("filters") && node.contains("scores"));
        QCOMPARE(node.value("feasible").toBool(), false);
        QCOMPARE(node.value("scores").toArray().size(), 0);
        const QJsonArray filters = node.value("filters").toArray();
        QCOMPARE(filters.size(), 1);
        const QJsonObject filter = filters.first().toObject();
        QCOMPARE(filter.keys(), QStringList({"code", "plugin", "reasons"}));
        verdicts << node.value("name").toString() + u' ' + filter.value("plugin").toString() + u' '
                        + filter.value("code").toString() + u' '
                        + filter.value("reasons").toArray().first().toString();
    }
    verdicts.sort();
    QCOMPARE(verdicts, QStringList({
                           "node-1 NodeResourcesFit Unschedulable Insufficient cpu",
                           "node-2 NodeResourcesFit Unschedulable Insufficient cpu",
                           "node-3 TaintToleration UnschedulableAndUnresolvable node(s) had untolerated taint "
                           "{dedicated: batch}",
                       }));
}

void TestKlab::whatIf()
{
    // Import a real cluster, fork it, drain a node in the fork, compare; export round trip.
    const Lab lab;
    lab.must(QStringList{QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("import"), kKindCluster});
    const Output forked = lab.must(args("fork fork.klab"));
    QVERIFY2(forked.out.startsWith(QStringLiteral("lab forked to /")) &&
                 forked.out.contains(QStringLiteral("/fork.klab (from lab.klab at revision ")),
             qPrintable(forked.out));
    const Output again = lab.run(args("fork fork.klab"));
    QCOMPARE(render(again.exitCode, again.out, again.err),
             render(1, {}, QStringLiteral("error: fork.klab already exists; klab fork writes a new lab\n")));
    // The fork has the parent's history and objects.
    QCOMPARE(lab.run(args("--lab fork.klab get pods -A -o wide")).out, lab.run(args("get pods -A -o wide")).out);
    QCOMPARE(lab.run(args("--lab fork.klab history")).out, lab.run(args("history")).out);

    lab.must(args("--lab fork.klab drain shop-worker --ignore-daemonsets --delete-emptydir-data"));
    const bool update = qEnvironmentVariableIsSet("KUBELAB_UPDATE_GOLDEN");
    const Output diff = lab.must(args("diff fork.klab"));
    if (update) {
        QFile file(goldenPath(QStringLiteral("whatif-diff")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(diff.out.toUtf8());
    }
    QCOMPARE(diff.out, expectedOut(Step{{}, 0, QStringLiteral("golden:whatif-diff"), {}, {}}));
    // The same comparison for tools: every pod that ran on the drained node moved off it.
    const QJsonObject json = QJsonDocument::fromJson(lab.must(args("diff fork.klab -o json")).out.toUtf8()).object();
    const QJsonArray moved = json.value(QStringLiteral("pods")).toObject().value(QStringLiteral("moved")).toArray();
    QVERIFY(!moved.isEmpty());
    for (const QJsonValue& m : moved) {
        QCOMPARE(m.toObject().value(QStringLiteral("from")).toObject().value(QStringLiteral("node")).toString(),
                 QStringLiteral("shop-worker"));
        QVERIFY(m.toObject().value(QStringLiteral("to")).toObject().value(QStringLiteral("node")).toString() !=
                QStringLiteral("shop-worker"));
    }
    // Compared the other way round, the same pods move back.
    const QJsonObject back = QJsonDocument::fromJson(lab.must(args("--lab fork.klab diff lab.klab -o json")).out.toUtf8()).object();
    QCOMPARE(back.value(QStringLiteral("pods")).toObject().value(QStringLiteral("moved")).toArray().size(), moved.size());

    // Round trip: import -> export -> import gives the same cluster.
    QCOMPARE(lab.must(args("export -A --nodes --file first.yaml")).out, QStringLiteral("exported 17 objects to first.yaml\n"));
    lab.must(args("--lab copy.klab --seed 5 import first.yaml"));
    lab.must(args("--lab copy.klab export -A --nodes --file second.yaml"));
    QCOMPARE(lab.must(args("--lab copy.klab export -A --nodes")).out, lab.must(args("export -A --nodes")).out);
    const QJsonObject same = QJsonDocument::fromJson(lab.must(args("diff copy.klab -o json")).out.toUtf8()).object();
    const QJsonObject pods = same.value(QStringLiteral("pods")).toObject();
    for (const char* key : {"moved", "onlyInBase", "onlyInOther"})
        QVERIFY2(pods.value(QLatin1String(key)).toArray().isEmpty(), key);
    QCOMPARE(same.value(QStringLiteral("nodes")).toArray().size(), 3);
    for (const QJsonValue& n : same.value(QStringLiteral("nodes")).toArray())
        QCOMPARE(n.toObject().value(QStringLiteral("base")), n.toObject().value(QStringLiteral("other")));
}

QTEST_APPLESS_MAIN(TestKlab)
#include "tst_klab.moc"

void TestKlab::encryptionAtRest()
{
    const Lab lab;
    auto secret = [](const char* name, const char* password) {
        return QByteArray("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ") + name +
               "\ntype: Opaque\nstringData:\n  password: " + password + "\n";
    };
    QCOMPARE(lab.run(args("apply -f -"), secret("before", "hunter2")).out, QStringLiteral("secret/before created\n"));
    // Unencrypted: the value (base64 of hunter2) is in the file, and etcd shows it.
    QVERIFY(lab.fileBytes().contains("aHVudGVyMg=="));
    QVERIFY(lab.run(args("etcd get /registry/secrets/default/before")).out.contains(QStringLiteral("aHVudGVyMg==")));

    const QByteArray config = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n"
                              "- resources: [secrets]\n  providers:\n  - aescbc:\n      keys:\n      - name: key1\n"
                              "        secret: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n  - identity: {}\n";
    Output applied = lab.run(args("apply -f -"), config);
    QCOMPARE(render(applied.exitCode, applied.out, applied.err),
             render(0, QStringLiteral("encryptionconfiguration.apiserver.config.k8s.io configured\n"), {}));

    // Written after: sealed in the file and in etcd, plain through the API.
    QCOMPARE(lab.run(args("apply -f -"), secret("after", "s3cr3t")).out, QStringLiteral("secret/after created\n"));
    QVERIFY(!lab.fileBytes().contains("czNjcjN0"));
    const Output raw = lab.run(args("etcd get /registry/secrets/default/after"));
    QVERIFY2(raw.out.startsWith(QStringLiteral("/registry/secrets/default/after\nk8s:enc:aescbc:v1:key1:")), qPrintable(raw.out));
    QVERIFY(!raw.out.contains(QStringLiteral("czNjcjN0")));
    QCOMPARE(lab.run(args("get secret after -o jsonpath={.data.password}")).out, QStringLiteral("czNjcjN0"));
    // Stored before: plain until written again; an unchanged replace rewrites it (stale).
    QVERIFY(lab.run(args("etcd get /registry/secrets/default/before")).out.contains(QStringLiteral("aHVudGVyMg==")));
    const Output all = lab.must(args("get secret before -o json"));
    lab.run(args("replace -f -"), all.out.toUtf8());
    QVERIFY(lab.run(args("etcd get /registry/secrets/default/before")).out.contains(QStringLiteral("k8s:enc:aescbc:v1:key1:")));
    QCOMPARE(lab.run(args("get secret before -o jsonpath={.data.password}")).out, QStringLiteral("aHVudGVyMg=="));

    // A configuration without key1 could not read them: refused, nothing changes.
    const qint64 revisions = lab.lastRevision();
    QByteArray withoutKey1 = config;
    withoutKey1.replace("name: key1", "name: key2");
    withoutKey1.replace("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "AAECAwQFBgcICQoLDA0ODw==");
    const Output refused = lab.run(args("apply -f -"), withoutKey1);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("the configuration cannot decrypt secrets default/")), qPrintable(refused.err));
    const Output invalid = lab.run(args("apply -f -"), QByteArray(config).replace("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "c2hvcnQ="));
    QCOMPARE(invalid.exitCode, 1);
    QVERIFY2(invalid.err.contains(QStringLiteral("secret is not of the expected length, got 5, expected one of [16 24 32]")),
             qPrintable(invalid.err));
    QCOMPARE(lab.lastRevision(), revisions);
    QCOMPARE(lab.run(args("get secret after -o jsonpath={.data.password}")).out, QStringLiteral("czNjcjN0"));
}
