// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/serving.h"
#include "core/cli/cli.h"
#include "core/cli/generate.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/auth/users.h"
#include "core/controllers/labconfiguration.h"
#include "core/auth/warnings.h"
#include "core/manifest/manifest.h"

namespace kubelab::cli {

using namespace kubelab::core;

// The lesson verbs (commands_lesson.cpp).
int cmdLessonList(Context&);
int cmdLessonStart(Context&);
int cmdLessonStatus(Context&);
int cmdLessonCheck(Context&);
int cmdLessonHint(Context&);
int cmdLessonNext(Context&);
int cmdLessonValidate(Context&);

namespace {

int cmdLesson(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("unknown lesson command \"" + ctx.args.front() +
                         "\"; use list, start, status, check, hint, next or validate");
    return ctx.usage("usage: klab lesson list|start NAME|status|check|hint|next|validate FILE");
}

} // namespace

// The node verbs (commands_node.cpp).
int cmdNodePower(Context&);
int cmdImages(Context&);
int cmdTaint(Context&);
int cmdCordon(Context&);
int cmdUncordon(Context&);
int cmdDrain(Context&);
// Authentication, RBAC and the store (commands_auth.cpp).
int cmdAuthCanI(Context&);
int cmdAuthWhoami(Context&);
int cmdConfigGetContexts(Context&);
int cmdConfigCurrentContext(Context&);
int cmdConfigUseContext(Context&);
int cmdConfigSetCredentials(Context&);
int cmdConfigSetContext(Context&);
int cmdCreateToken(Context&);
int cmdEtcdLs(Context&);
int cmdEtcdGet(Context&);
// What-if labs and real clusters (commands_whatif.cpp).
int cmdFork(Context&);
int cmdDiff(Context&);
int cmdImport(Context&);
int cmdExport(Context&);
// kubectl create's other generators (commands_create.cpp).
int cmdCreateRole(Context&);
int cmdCreateClusterRole(Context&);
int cmdCreateRoleBinding(Context&);
int cmdCreateClusterRoleBinding(Context&);
int cmdCreateConfigMap(Context&);
int cmdCreateSecretGeneric(Context&);
int cmdCreateSecretTls(Context&);
int cmdCreateSecretDockerRegistry(Context&);
int cmdCreateServiceAccount(Context&);
int cmdCreatePriorityClass(Context&);
int cmdCreateJob(Context&);
int cmdCreateCronJob(Context&);
int cmdCreateIngress(Context&);
int cmdCreatePodDisruptionBudget(Context&);

namespace {

/// `create secret` without its kind, as kubectl's parent command answers it.
int cmdCreateSecret(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("unknown command \"" + ctx.args.front() + "\" for \"klab create secret\"");
    return ctx.usage("usage: klab create secret generic|tls|docker-registry NAME [flags]");
}

} // namespace

namespace {

// clang-format off
const std::vector<Command>& table()
{
    static const std::vector<Command> commands = {
        {"apply", Access::Write, cmdApply, "apply -f FILENAME", "Apply a configuration to a resource by file name or stdin"},
        {"create", Access::Write, cmdCreate, "create -f FILENAME", "Create a resource from a file or from stdin"},
        {"replace", Access::Write, cmdReplace, "replace -f FILENAME", "Replace a resource by file name or stdin"},
        {"patch", Access::Write, cmdPatch, "patch KIND NAME -p PATCH [--type merge|json|strategic]", "Update fields of a resource"},
        {"delete", Access::Write, cmdDelete, "delete (KIND NAME... | -f FILENAME | KIND -l SELECTOR | KIND --field-selector SELECTOR | KIND --all)", "Delete resources"},
        {"label", Access::Write, cmdLabel, "label KIND NAME KEY=VALUE... [KEY-] [--overwrite]", "Update the labels on a resource"},
        {"annotate", Access::Write, cmdAnnotate, "annotate KIND NAME KEY=VALUE... [KEY-] [--overwrite]", "Update the annotations on a resource"},
        {"scale", Access::Write, cmdScale, "scale (KIND NAME | KIND/NAME) --replicas=COUNT [--current-replicas=COUNT]", "Set a new size for a deployment, replica set, or stateful set"},
        {"set image", Access::Write, cmdSetImage, "set image (KIND NAME | KIND/NAME) CONTAINER_NAME=CONTAINER_IMAGE...", "Update the image of a pod template"},
        {"set resources", Access::Write, cmdSetResources, "set resources (KIND NAME | KIND/NAME) [-c CONTAINER] [--limits=cpu=200m,memory=512Mi] [--requests=...]", "Update resource requests/limits on objects with pod templates"},
        {"rollout status", Access::Write, cmdRolloutStatus, "rollout status (KIND NAME | KIND/NAME) [--revision=N] [--timeout=DURATION] [--watch=false]", "Show the status of the rollout (runs the lab's clock until it finishes)"},
        {"rollout history", Access::Read, cmdRolloutHistory, "rollout history (KIND NAME | KIND/NAME) [--revision=N]", "View rollout history"},
        {"rollout pause", Access::Write, cmdRolloutPause, "rollout pause (KIND NAME | KIND/NAME)", "Mark the provided resource as paused"},
        {"rollout resume", Access::Write, cmdRolloutResume, "rollout resume (KIND NAME | KIND/NAME)", "Resume a paused resource"},
        {"rollout undo", Access::Write, cmdRolloutUndo, "rollout undo (KIND NAME | KIND/NAME) [--to-revision=N]", "Undo a previous rollout"},
        {"rollout restart", Access::Write, cmdRolloutRestart, "rollout restart (KIND NAME | KIND/NAME)", "Restart a resource"},
        {"autoscale", Access::Write, cmdAutoscale, "autoscale (KIND NAME | KIND/NAME) --max=MAXPODS [--min=MINPODS] [--cpu-percent=CPU] [--name=NAME]", "Auto-scale a deployment, replica set, stateful set, or replication controller"},
        {"run", Access::Write, cmdRun, "run NAME --image=IMAGE [--port=PORT] [--labels=k=v,...] [--env=k=v] [--restart=Always|OnFailure|Never] [--command] [-- COMMAND [ARGS...]]", "Run a particular image on the cluster"},
        {"expose", Access::Write, cmdExpose, "expose (KIND NAME | KIND/NAME) [--port=PORT] [--target-port=PORT] [--protocol=TCP|UDP|SCTP] [--type=TYPE] [--name=NAME] [--selector=k=v]", "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service"},
        {"create deployment", Access::Write, cmdCreateDeployment, "create deployment NAME --image=IMAGE... [--replicas=N] [--port=PORT] [-- COMMAND [ARGS...]]", "Create a deployment with the specified name"},
        {"create service", Access::Write, cmdCreateService, "create service clusterip|nodeport|loadbalancer|externalname NAME [--tcp=port:targetPort...] [--clusterip=IP] [--node-port=N] [--external-name=NAME]", "Create a service"},
        {"create namespace", Access::Write, cmdCreateNamespace, "create namespace NAME", "Create a namespace with the specified name"},
        {"create quota", Access::Write, cmdCreateQuota, "create quota NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2]", "Create a quota with the specified name"},
        {"create role", Access::Write, cmdCreateRole, "create role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none]", "Create a role with single rule"},
        {"create clusterrole", Access::Write, cmdCreateClusterRole, "create clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--non-resource-url=/path] [--aggregation-rule=key=value] [--dry-run=server|client|none]", "Create a cluster role"},
        {"create rolebinding", Access::Write, cmdCreateRoleBinding, "create rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]", "Create a role binding for a particular role or cluster role"},
        {"create clusterrolebinding", Access::Write, cmdCreateClusterRoleBinding, "create clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]", "Create a cluster role binding for a particular cluster role"},
        {"create configmap", Access::Write, cmdCreateConfigMap, "create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--from-env-file=source] [--append-hash] [--dry-run=server|client|none]", "Create a config map from a local file, directory or literal value"},
        {"create secret", Access::Read, cmdCreateSecret, "create secret generic|tls|docker-registry NAME [flags]", "Create a secret using a specified subcommand"},
        {"create secret generic", Access::Write, cmdCreateSecretGeneric, "create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--from-env-file=source] [--append-hash] [--dry-run=server|client|none]", "Create a secret from a local file, directory, or literal value"},
        {"create secret tls", Access::Write, cmdCreateSecretTls, "create secret tls NAME --cert=path/to/cert/file --key=path/to/key/file [--append-hash] [--dry-run=server|client|none]", "Create a TLS secret (the lab checks the PEM blocks, not that the key matches the certificate)"},
        {"create secret docker-registry", Access::Write, cmdCreateSecretDockerRegistry, "create secret docker-registry NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--from-file=[key=]source] [--append-hash] [--dry-run=server|client|none]", "Create a secret for use with a Docker registry"},
        {"create serviceaccount", Access::Write, cmdCreateServiceAccount, "create serviceaccount NAME [--dry-run=server|client|none]", "Create a service account with the specified name"},
        {"create priorityclass", Access::Write, cmdCreatePriorityClass, "create priorityclass NAME --value=VALUE --global-default=BOOL [--preemption-policy=PreemptLowerPriority|Never] [--description=TEXT] [--dry-run=server|client|none]", "Create a priority class with the specified name"},
        {"create job", Access::Write, cmdCreateJob, "create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...]", "Create a job with the specified name"},
        {"create cronjob", Access::Write, cmdCreateCronJob, "create cronjob NAME --image=image --schedule='0/5 * * * ?' [--restart=OnFailure|Never] -- [COMMAND] [args...]", "Create a cron job with the specified name"},
        {"create ingress", Access::Write, cmdCreateIngress, "create ingress NAME --rule=host/path=service:port[,tls[=secret]] [--class=CLASS] [--default-backend=service:port] [--annotation=key=value]", "Create an ingress with the specified name"},
        {"create poddisruptionbudget", Access::Write, cmdCreatePodDisruptionBudget, "create poddisruptionbudget NAME --selector=SELECTOR --min-available=N|--max-unavailable=N [--dry-run=server|client|none]", "Create a pod disruption budget with the specified name"},
        {"get", Access::Read, cmdGet, "get KIND[,KIND] [NAME...] [-o wide|yaml|json|name|jsonpath=...] [-l SELECTOR] [--field-selector SELECTOR] [--show-labels] [-w]", "Display one or many resources"},
        {"describe", Access::Read, cmdDescribe, "describe KIND [NAME]", "Show details of a specific resource or group of resources"},
        {"explain", Access::Read, cmdExplain, "explain RESOURCE[.FIELD...] [--recursive]", "Get documentation for a resource"},
        {"api-resources", Access::Read, cmdApiResources, "api-resources [--namespaced=true|false] [-o name|wide]", "Print the supported API resources"},
        {"logs", Access::Read, cmdLogs, "logs POD [-c CONTAINER] [-p] [-f] [--tail N]", "Print the logs for a container in a pod"},
        {"top", Access::Read, cmdTop, "top node [NAME] [--sort-by=cpu|memory] | top pod [NAME] [--containers] [-A] [--sort-by=cpu|memory]", "Display resource (CPU/memory) usage"},
        {"auth can-i", Access::Read, cmdAuthCanI, "auth can-i VERB (TYPE | TYPE/NAME | NONRESOURCEURL) [NAME] [-n NS] [-A] [--subresource=S] [-q] | auth can-i --list [-n NS] [--no-headers]", "Check whether an action is allowed"},
        {"auth whoami", Access::Read, cmdAuthWhoami, "auth whoami [-o json|yaml]", "Check self subject attributes"},
        {"config get-contexts", Access::Read, cmdConfigGetContexts, "config get-contexts [NAME] [-o name] [--no-headers]", "Describe one or many contexts"},
        {"config current-context", Access::Read, cmdConfigCurrentContext, "config current-context", "Display the current-context"},
        {"config use-context", Access::Write, cmdConfigUseContext, "config use-context CONTEXT_NAME", "Set the current-context in the lab's kubeconfig"},
        {"config set-credentials", Access::Write, cmdConfigSetCredentials, "config set-credentials NAME [--token=TOKEN] [--group=GROUP]...", "Set a user entry in the lab's kubeconfig (lab-specific: without --token the lab's CA issues a client certificate with CN=NAME and O=each --group; with --token the API server's static token file learns the token and its groups)"},
        {"config set-context", Access::Write, cmdConfigSetContext, "config set-context NAME [--user=USER] [--namespace=NS]", "Set a context entry in the lab's kubeconfig"},
        {"create token", Access::Read, cmdCreateToken, "create token SERVICE_ACCOUNT_NAME [-n NS]", "Request a service account token (use it with --token)"},
        {"etcd ls", Access::Read, cmdEtcdLs, "etcd ls [PREFIX]", "List the keys of the lab's store as etcd keys (/registry/pods/default/web)"},
        {"etcd get", Access::Read, cmdEtcdGet, "etcd get KEY", "Print a key and its value as stored: JSON (a real API server stores protobuf), or the ciphertext with its k8s:enc: prefix once an EncryptionConfiguration covers the kind"},
        {"cluster-info", Access::Read, cmdClusterInfo, "cluster-info [dump]", "Display cluster information"},
        {"add node", Access::Write, cmdAddNode, "add node NAME [--cpu 4] [--memory 8Gi] [--pods 110] [--label k=v]... [--taint k=v:Effect]... [--zone Z]", "Add a simulated node to the lab"},
        {"taint", Access::Write, cmdTaint, "taint node NAME KEY[=VALUE]:EFFECT... | KEY[:EFFECT]- [--overwrite]", "Update the taints on one or more nodes"},
        {"cordon", Access::Write, cmdCordon, "cordon NODE", "Mark node as unschedulable"},
        {"uncordon", Access::Write, cmdUncordon, "uncordon NODE", "Mark node as schedulable"},
        {"drain", Access::Write, cmdDrain, "drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force] [--grace-period=N] [--timeout=5m]", "Drain node in preparation for maintenance (klab stops waiting after --timeout, 5m by default)"},
        {"node", Access::Write, cmdNodePower, "node stop|start NAME", "Power a simulated node off (its kubelet stops heartbeating) or on"},
        {"images", Access::Read, cmdImages, "images [--no-headers]", "List the repositories the lab's registries hold, with their sizes: built in, or added by applying an ImageCatalog (apiVersion kubelab.io/v1alpha1); any other image fails to pull"},
        {"fork", Access::Read, cmdFork, "fork NEW", "Copy the lab (history included) to a new lab file for a what-if; the copy records its parent"},
        {"diff", Access::Write, cmdDiff, "diff OTHER [-o json] [--settle DURATION]", "Compare the lab with another (a fork) once both settle: pods that moved, pods only in one, pending pods, node utilisation, objects added, removed and changed"},
        {"import", Access::Write, cmdImport, "import FILE", "Rebuild a real cluster in the lab from the output of kubectl get nodes,pods,deployments,replicasets,daemonsets,statefulsets,services,pv,pvc,storageclasses -A -o yaml"},
        {"export", Access::Read, cmdExport, "export [-n NS | -A] [-o yaml|json] [--file F] [--nodes]", "Write clean manifests of what was made in the lab (no status, no server-set fields, nothing a controller owns) in apply order, for kubectl apply on a real cluster; --nodes adds the Nodes for klab import"},
        {"advance", Access::Write, cmdAdvance, "advance DURATION", "Move the lab's virtual clock forward"},
        {"scenario", Access::Write, cmdScenario, "scenario list | scenario load NAME", "List the built-in labs, or load one into the lab"},
        {"lesson", Access::Read, cmdLesson, "lesson list|start|status|check|hint|next|validate", "Guided lessons: start one, follow its steps, check your work"},
        {"lesson list", Access::Read, cmdLessonList, "lesson list [-o name] [--no-headers]", "List the built-in lessons"},
        {"lesson start", Access::Write, cmdLessonStart, "lesson start NAME|FILE|DIR", "Start a lesson: load its lab and show its first step"},
        {"lesson status", Access::Read, cmdLessonStatus, "lesson status [--lang en|zh_CN]", "Show the lesson's progress and the current step"},
        {"lesson check", Access::Read, cmdLessonCheck, "lesson check [--lang en|zh_CN]", "Check the current step against the cluster (exit 1 when a check fails)"},
        {"lesson hint", Access::Write, cmdLessonHint, "lesson hint [--lang en|zh_CN]", "Show the next hint for the current step"},
        {"lesson next", Access::Write, cmdLessonNext, "lesson next [--lang en|zh_CN]", "Go on to the next step once the current one's checks pass"},
        {"lesson validate", Access::Read, cmdLessonValidate, "lesson validate FILE|DIR", "Check an instructor's lesson file and report the first problem"},
        {"exec", Access::Write, cmdExec, "exec POD [-c CONTAINER] -- COMMAND [args...]", "Execute a command in a container (nslookup, curl, wget, hostname, env; cat, ls, echo > FILE in its volumes)"},
        {"proxy-mode", Access::Write, cmdProxyMode, "proxy-mode [iptables|ipvs]", "Print or set kube-proxy's mode"},
        {"proxy rules", Access::Read, cmdProxyRules, "proxy rules [--node NAME]", "Print the rules kube-proxy programs on each node"},
        {"why", Access::Read, cmdWhy, "why pod/NAME [-o json]", "Explain the scheduler's last decision about a pod"},
        {"history", Access::Read, cmdHistory, "history [--since REV] [-o json]", "Show the lab's revision log"},
        {"story", Access::Read, cmdStory, "story [--since SEQ] [-o json] [--lang en|zh_CN]", "Show what the control plane did, and why"},
        {"serve", Access::Write, cmdServe, "serve [--address 127.0.0.1] [--port 6443] [--kubeconfig FILE] [--speed 1] [--allow-remote] [--plain-http]", "Serve the lab's API server over HTTPS (a certificate from the lab's CA; --plain-http for HTTP) so the real kubectl can use the lab (writes a kubeconfig that trusts the CA)"},
        {"version", Access::Read, cmdVersion, "version", "Print the client and server version information"},
        {"help", Access::Own, cmdHelp, "help [COMMAND]", "Help about any command"},
    };
    return commands;
}
// clang-format on

/// kubectl's aliases of create's subcommands (`create cm`, `create sa`, `create pdb`).
std::string_view createAlias(std::string_view word)
{
    static const std::pair<std::string_view, std::string_view> kAliases[] = {
        {"deploy", "deployment"},    {"svc", "service"},        {"ns", "namespace"},
        {"resourcequota", "quota"},  {"cm", "configmap"},       {"sa", "serviceaccount"},
        {"pc", "priorityclass"},     {"ing", "ingress"},        {"pdb", "poddisruptionbudget"},
        {"cj", "cronjob"},
    };
    for (const auto& [alias, name] : kAliases)
        if (word == alias)
            return name;
    return {};
}

int runCommand(const Command& command, Context& ctx, std::size_t consumed)
{
    ctx.args.assign(ctx.inv.words.begin() + static_cast<std::ptrdiff_t>(consumed), ctx.inv.words.end());
    return command.handler(ctx);
}

/// Who runs the command: the kubeconfig's user (or --context, --token), then --as.
/// The `config` verbs edit the kubeconfig and talk to no API server.
int setupContext(Context& ctx, const Command& command)
{
    const bool local = command.path.starts_with("config ");
    const Kubeconfig config = Kubeconfig::load(ctx.engine);
    const LabContext* current = config.context(ctx.inv.value("context").value_or(config.currentContext));
    if (current && !current->ns.empty())
        ctx.ns = current->ns;
    if (auto ns = ctx.inv.value("namespace")) {
        ctx.ns = *ns;
        ctx.nsExplicit = true;
    }
    if (!local) {
        auto who = authenticate(ctx.engine, config, ctx.inv.value("context"), ctx.inv.value("token"));
        if (!who) {
            if (who.error().code == ErrorCode::Unauthorized)
                ctx.engine.requests().unauthenticated(command.path, who.error());
            return ctx.fail(who.error());
        }
        ctx.request = *who;
        if (!ctx.inv.has("as") && ctx.inv.has("as-group"))
            return ctx.fail(makeError(ErrorCode::Client, "requesting uid, groups or user-extra for " + ctx.request.user +
                                                             " without impersonating a user"));
        if (auto as = ctx.inv.value("as")) {
            auto impersonated = impersonate(ctx.engine, ctx.request, *as, ctx.inv.values("as-group"));
            if (!impersonated)
                return ctx.fail(impersonated.error());
            ctx.request = *impersonated;
        }
    }
    if (auto dry = ctx.inv.value("dry-run"); dry && *dry != "none" && *dry != "false")
        ctx.request.dryRun = true;
    return 0;
}

} // namespace

void printHelp(std::ostream& out, const Command* command)
{
    if (command) {
        out << command->summary << ".\n\nUsage:\n  klab " << command->usage << "\n";
        return;
    }
    out << "klab drives a KubeLab lab with kubectl's verbs.\n\nCommands:\n";
    std::size_t width = 0;
    for (const Command& k : commandTable())
        width = std::max(width, k.path.size());
    for (const Command& k : commandTable())
        out << "  " << k.path << std::string(width + 3 - k.path.size(), ' ') << k.summary << "\n";
    out << "\nGlobal flags: --lab PATH, --settle DURATION, -n NAMESPACE, -A, -o FORMAT, -l SELECTOR, --as USER,\n"
           "--as-group GROUP, --context NAME, --token TOKEN, --lang en|zh_CN, --at-revision REV.\n"
           "Use \"klab help COMMAND\" or \"klab COMMAND --help\" for more about a command.\n";
}

std::span<const Command> commandTable()
{
    return table();
}

const Command* findCommand(const std::vector<std::string>& words, std::size_t& consumed)
{
    const Command* best = nullptr;
    std::size_t bestLen = 0;
    for (const Command& c : table()) {
        auto parts = splitOn(c.path, ' ');
        if (parts.size() > words.size())
            continue;
        bool match = true;
        for (std::size_t i = 0; i < parts.size(); ++i)
            if (parts[i] != words[i] && !(i == 1 && words[0] == "create" && createAlias(words[1]) == parts[1]))
                match = false;
        if (match && parts.size() > bestLen) {
            best = &c;
            bestLen = parts.size();
        }
    }
    consumed = bestLen;
    return best;
}

Result<Duration> settleDuration(const Context& ctx)
{
    if (auto s = ctx.inv.value("settle")) {
        auto d = parseDuration(*s);
        if (!d)
            return core::fail(ErrorCode::Usage, "invalid argument \"" + *s + "\" for \"--settle\" flag: " + d.error().message);
        return *d;
    }
    return 5 * kMinute;
}

int Context::fail(const core::Error& error) const
{
    err << error.toString() << "\n";
    return error.code == ErrorCode::Usage ? 2 : 1;
}

int Context::usage(const std::string& message) const
{
    err << "error: " << message << "\n";
    return 2;
}

const ResourceInfo* resolveResource(Context& ctx, std::string_view typed)
{
    const ResourceInfo* r = findResource(typed);
    if (!r) {
        ctx.err << "error: the server doesn't have a resource type \"" << typed << "\"\n";
        return nullptr;
    }
    return r;
}

std::string qualifiedName(const ResourceInfo& resource, std::string_view name)
{
    return resource.qualifiedSingular() + "/" + std::string(name);
}

std::string formatObjects(const std::vector<ObjectPtr>& objects, std::string_view format, bool forceList)
{
    Json doc;
    if (objects.size() == 1 && !forceList) {
        doc = *objects.front();
    } else {
        doc = Json::object();
        doc["apiVersion"] = "v1";
        doc["items"] = Json::array();
        for (const ObjectPtr& o : objects)
            doc["items"].push_back(*o);
        doc["kind"] = "List";
        doc["metadata"] = Json{{"resourceVersion", ""}};
    }
    Json sorted = sortedKeys(doc);
    return format == "json" ? toJson(sorted) : toYaml(sorted);
}

Result<std::vector<Json>> readManifests(Context& ctx)
{
    std::vector<Json> out;
    auto sources = ctx.inv.values("filename");
    if (sources.empty())
        return core::fail(ErrorCode::Usage, "must specify one of -f and -k");
    for (const std::string& source : sources) {
        std::vector<std::pair<std::string, std::string>> texts; // name, content
        if (source == "-") {
            std::stringstream ss;
            ss << ctx.in.rdbuf();
            texts.emplace_back("STDIN", ss.str());
        } else {
            std::error_code ec;
            if (!std::filesystem::exists(source, ec))
                return core::fail(ErrorCode::Io, "the path \"" + source + "\" does not exist");
            std::vector<std::string> files;
            if (std::filesystem::is_directory(source, ec)) {
                auto add = [&](const std::filesystem::path& p) {
                    auto ext = p.extension().string();
                    if (ext == ".yaml" || ext == ".yml" || ext == ".json")
                        files.push_back(p.string());
                };
                if (ctx.inv.boolean("recursive")) {
                    for (const auto& e : std::filesystem::recursive_directory_iterator(source, ec))
                        if (e.is_regular_file())
                            add(e.path());
                } else {
                    for (const auto& e : std::filesystem::directory_iterator(source, ec))
                        if (e.is_regular_file())
                            add(e.path());
                }
                std::sort(files.begin(), files.end());
            } else {
                files.push_back(source);
            }
            for (const std::string& f : files) {
                std::ifstream in(f, std::ios::binary);
                if (!in)
                    return core::fail(ErrorCode::Io, "unable to read \"" + f + "\"");
                std::stringstream ss;
                ss << in.rdbuf();
                texts.emplace_back(f, ss.str());
            }
        }
        for (auto& [name, text] : texts) {
            auto docs = decodeManifests(text, name);
            if (!docs)
                return core::fail(docs.error());
            for (Document& d : *docs) {
                if (core::isLabConfiguration(d.object)) {
                    out.push_back(std::move(d.object));
                    continue;
                }
                // The namespace of the object against -n, as kubectl checks it.
                std::string objNs = namespaceOf(d.object);
                const ResourceInfo* r = findResourceByApiVersionKind(d.object.value("apiVersion", ""), kindOf(d.object));
                if (!r)
                    return core::fail(ErrorCode::Client,
                                      "resource mapping not found for name: \"" + nameOf(d.object) + "\" namespace: \"" +
                                          objNs + "\" from \"" + name + "\": no matches for kind \"" + kindOf(d.object) +
                                          "\" in version \"" + d.object.value("apiVersion", "") +
                                          "\"\nensure CRDs are installed first");
                if (r->namespaced) {
                    if (!objNs.empty() && ctx.nsExplicit && objNs != ctx.ns)
                        return core::fail(ErrorCode::Client,
                                          "the namespace from the provided object \"" + objNs +
                                              "\" does not match the namespace \"" + ctx.ns +
                                              "\". You must pass '--namespace=" + objNs +
                                              "' to perform this operation.");
                    if (objNs.empty())
                        d.object["metadata"]["namespace"] = ctx.ns;
                }
                out.push_back(std::move(d.object));
            }
        }
    }
    if (out.empty())
        return core::fail(ErrorCode::Client, "no objects passed to apply");
    return out;
}

namespace {

int runOnEngineUnguarded(Engine& engine, const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                         std::istream& in, Language language)
{
    auto inv = parseArguments(args);
    if (!inv) {
        err << "error: " << inv.error().message << "\n";
        return 2;
    }
    std::size_t consumed = 0;
    const Command* command = findCommand(inv->words, consumed);
    if (!command) {
        if (inv->words.empty())
            err << "error: no command given; try 'help'\n";
        else
            err << "error: unknown command \"" << inv->words.front() << "\" for \"klab\"\n";
        return 2;
    }
    Context ctx{engine, *inv, out, err, in, RequestContext{}, language, "default", false, {}, false};
    if (auto lang = inv->value("lang"))
        ctx.language = languageFromLocale(*lang);
    // A bad flag is refused before the command runs, as kubectl refuses one.
    const auto settleFor = settleDuration(ctx);
    if (!settleFor)
        return ctx.fail(settleFor.error());
    int rc = setupContext(ctx, *command);
    (void)core::takeWarnings(engine);
    if (rc == 0)
        rc = runCommand(*command, ctx, consumed);
    // The API server's warnings, on stderr as kubectl prints them.
    for (const std::string& warning : core::takeWarnings(engine))
        err << "Warning: " << warning << "\n";
    bool watching = command->handler == cmdGet && inv->boolean("watch") && !engine.readOnly();
    if (watching && rc == 0) {
        if (auto c = engine.commit(); !c) {
            err << c.error().toString() << "\n";
            return 1;
        }
    }
    if (command->access == Access::Write) {
        if ((rc != 0 && !ctx.keepPartial) || ctx.request.dryRun) {
            engine.rollback();
            return rc;
        }
        // exec and proxy-mode move no clock: they keep only the random state and the setting.
        if (*settleFor > 0 && command->handler != cmdAdvance && command->handler != cmdExec && command->handler != cmdServe &&
            command->handler != cmdProxyMode && command->handler != cmdLessonHint && command->handler != cmdLessonNext &&
            !command->path.starts_with("config "))
            engine.settle(*settleFor);
        if (auto c = engine.commit(); !c) {
            err << c.error().toString() << "\n";
            return 1;
        }
    }
    return rc;
}

} // namespace

int runOnEngine(Engine& engine, const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                std::istream& in, Language language)
{
    // A fault of the simulator is one clear line, and the lab stays as it was committed.
    try {
        return runOnEngineUnguarded(engine, args, out, err, in, language);
    } catch (const std::exception& e) {
        engine.rollback();
        err << "error: internal error in the simulator, nothing was changed: " << e.what() << "\n";
        return 1;
    }
}

int runKlab(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, std::istream& in,
            const Environment& environment)
{
    auto inv = parseArguments(args);
    if (!inv) {
        err << "error: " << inv.error().message << "\n";
        return 2;
    }
    std::size_t consumed = 0;
    const Command* command = findCommand(inv->words, consumed);
    if (!command || inv->boolean("help")) {
        if (!command && !inv->words.empty()) {
            err << "error: unknown command \"" << inv->words.front() << "\" for \"klab\"\n";
            return 2;
        }
        printHelp(out, command);
        return command ? 0 : 2;
    }
    std::string path = inv->value("lab").value_or(environment.labPath.empty() ? "./lab.klab" : environment.labPath);
    Engine::Options options;
    options.path = path;
    // `diff` settles the lab it compares but never makes one.
    options.createIfMissing = command->access == Access::Write && command->handler != cmdDiff;
    // `get -w` watches the control plane work, so it runs the components.
    options.startComponents = command->access == Access::Write || (command->handler == cmdGet && inv->boolean("watch"));
    if (auto seed = inv->value("seed")) {
        try {
            options.seed = std::stoull(*seed);
        } catch (...) {
            err << "error: invalid argument \"" << *seed << "\" for \"--seed\" flag\n";
            return 2;
        }
    }
    if (auto rev = inv->value("at-revision")) {
        if (command->access != Access::Read) {
            err << "error: --at-revision shows the past and works only with reads\n";
            return 2;
        }
        try {
            options.atRevision = std::stoll(*rev);
        } catch (...) {
            err << "error: invalid argument \"" << *rev << "\" for \"--at-revision\" flag\n";
            return 2;
        }
    }
    // Help and listing the built-in labs need no lab.
    if (command->handler == cmdHelp ||
        (command->handler == cmdScenario && (consumed >= inv->words.size() || inv->words[consumed] == "list"))) {
        options.path.clear();
        options.startComponents = false;
    }
    // Listing and validating lessons need no lab.
    if (command->handler == cmdLessonList || command->handler == cmdLessonValidate || command->handler == cmdLesson ||
        command->handler == cmdCreateSecret) {
        options.path.clear();
        options.startComponents = false;
    }
    auto engine = Engine::open(options);
    if (!engine) {
        err << engine.error().toString() << "\n";
        return 1;
    }
    // While `klab serve` runs, its engine holds the lab in memory: a write from another
    // process would be lost or clash with the server's next commit.
    if (command->access == Access::Write && command->handler != cmdServe) {
        if (auto pid = core::server::servingProcess(**engine)) {
            err << "error: the lab is being served by klab serve (process " << *pid
                << "); change it through the server (kubectl) or stop the server first\n";
            return 1;
        }
    }
    Language language = languageFromLocale(environment.locale);
    return runOnEngine(**engine, args, out, err, in, language);
}

} // namespace kubelab::cli
