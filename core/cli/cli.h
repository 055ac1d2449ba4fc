// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/language.h"
#include "core/api/resources.h"
#include "core/cli/invocation.h"
#include "core/sim/engine.h"

namespace kubelab::cli {

/// Everything a command handler needs: the open lab, the parsed line and the streams.
struct Context {
    core::Engine& engine;
    const Invocation& inv;
    std::ostream& out;
    std::ostream& err;
    std::istream& in;
    core::RequestContext request;
    core::Language language = core::Language::English;
    std::string ns = "default";   ///< -n, else the current context's namespace
    bool nsExplicit = false;      ///< -n was given
    /// Words after the command path (`get pods web` -> {"pods", "web"}).
    std::vector<std::string> args;
    /// A write command that failed for some of its objects keeps what it did to the others
    /// (kubectl sends one request per object): set, a failing write is committed all the same.
    bool keepPartial = false;

    /// Prints an error as kubectl does and returns its exit status (1, or 2 for usage).
    int fail(const core::Error& error) const;
    int usage(const std::string& message) const;
};

/// `--settle`: how long the control plane may run after a write (and how long `get -w`
/// watches), 5m when not given; a value that is not a duration is a usage error.
[[nodiscard]] core::Result<core::Duration> settleDuration(const Context& ctx);

using Handler = int (*)(Context&);

/// How a command uses the lab: reads never advance time; writes settle afterwards and
/// commit; `Own` commands open (or create) labs themselves.
enum class Access { Read, Write, Own };

/// One row of the command table: the words that name it (`get`, `rollout status`,
/// `add node`), its handler, and its help.
struct Command {
    std::string_view path;
    Access access;
    Handler handler;
    std::string_view usage;
    std::string_view summary;
};

/// Every klab command, in help order. The `klab` reference is generated from it.
[[nodiscard]] std::span<const Command> commandTable();

/// Finds the command named by the first words; `consumed` tells how many words it used.
[[nodiscard]] const Command* findCommand(const std::vector<std::string>& words, std::size_t& consumed);

/// `klab help [COMMAND]`: the command list, or one command's usage.
void printHelp(std::ostream& out, const Command* command);

/// Where `klab` runs: the environment it reads (`KLAB_LAB`, `LANG`).
struct Environment {
    std::string labPath;  ///< KLAB_LAB
    std::string locale;   ///< LC_ALL / LC_MESSAGES / LANG
};

/// `klab`'s main: parses the line, opens the lab (creating it for a write), runs the
/// command, settles the cluster after a write and commits; a refused command leaves the
/// lab unchanged. Returns the exit status (0, 1 error, 2 usage).
int runKlab(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, std::istream& in,
            const Environment& environment);

/// Runs one command line against an engine that is already open (the GUI console).
/// Writes settle for `--settle` (default 5m) and are committed.
int runOnEngine(core::Engine& engine, const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                std::istream& in, core::Language language);

// Handlers, grouped by file (commands_*.cpp).
int cmdApply(Context&);
int cmdCreate(Context&);
int cmdReplace(Context&);
int cmdPatch(Context&);
int cmdDelete(Context&);
int cmdLabel(Context&);
int cmdAnnotate(Context&);
int cmdScale(Context&);
int cmdSetImage(Context&);
int cmdSetResources(Context&);
int cmdRolloutStatus(Context&);
int cmdRolloutHistory(Context&);
int cmdRolloutPause(Context&);
int cmdRolloutResume(Context&);
int cmdRolloutUndo(Context&);
int cmdRolloutRestart(Context&);
int cmdAutoscale(Context&);
int cmdRun(Context&);
int cmdExpose(Context&);
int cmdCreateDeployment(Context&);
int cmdCreateService(Context&);
int cmdCreateNamespace(Context&);
int cmdCreateQuota(Context&);
int cmdGet(Context&);
int cmdDescribe(Context&);
int cmdApiResources(Context&);
int cmdExplain(Context&);
int cmdClusterInfo(Context&);
int cmdAddNode(Context&);
int cmdAdvance(Context&);
int cmdHistory(Context&);
int cmdScenario(Context&);
int cmdWhy(Context&);
int cmdStory(Context&);
int cmdVersion(Context&);
int cmdServe(Context&);
/// The lines a container of a pod has written so far (`kubectl logs`, the pods/log
/// subresource), or the API server's refusal (`... is waiting to start: ContainerCreating`).
[[nodiscard]] core::Result<std::vector<std::string>> containerLogLines(const core::Engine& engine, const core::Json& pod,
                                                                       const std::string& container, bool previous);
int cmdHelp(Context&);
int cmdLogs(Context&);
int cmdTop(Context&);
int cmdExec(Context&);
int cmdProxyMode(Context&);
int cmdProxyRules(Context&);

/// Resolves a resource name as typed, or prints kubectl's
/// `error: the server doesn't have a resource type "x"` and returns null.
const core::ResourceInfo* resolveResource(Context& ctx, std::string_view typed);
/// `deployment.apps/web` (the name printer).
[[nodiscard]] std::string qualifiedName(const core::ResourceInfo& resource, std::string_view name);
/// Reads every `-f` source (files, directories, `-`) into documents; errors carry file:line:column.
[[nodiscard]] core::Result<std::vector<core::Json>> readManifests(Context& ctx);
/// kubectl's -o yaml / -o json for one object or a List; keys sorted as kubectl prints them.
[[nodiscard]] std::string formatObjects(const std::vector<core::ObjectPtr>& objects, std::string_view format,
                                        bool forceList);

} // namespace kubelab::cli
