// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/cli/cli.h"

// What every `klab create <generator>` shares (kubectl's pkg/cmd/create and
// pkg/cmd/util.GetDryRunStrategy): the --dry-run strategy, the suffix the writing verbs print
// with it, and the last step that sends the generated object to the API server and prints it.

namespace kubelab::cli {

/// kubectl's --dry-run strategies.
enum class DryRun { None, Client, Server };

/// Reads --dry-run: `none`, `client`, `server` (the deprecated booleans mean client and
/// none); any other value is kubectl's `Invalid dry-run value (x). ...` usage error.
[[nodiscard]] core::Result<DryRun> dryRunStrategy(const Context& ctx);

/// What a writing verb prints after `<type>/<name> <operation>`: ` (dry run)` for
/// --dry-run=client, ` (server dry run)` for --dry-run=server, else nothing
/// (cmdutil.PrintFlagsWithDryRunStrategy).
[[nodiscard]] std::string dryRunSuffix(const Context& ctx);

/// Go's strings.Split: the parts between every `sep` (one empty part for an empty text).
[[nodiscard]] std::vector<std::string> splitOn(std::string_view s, char sep);

/// kubectl's Complete of a generator: --dry-run and -o (yaml, json, name, jsonpath=,
/// jsonpath-as-json=) are checked before the generator's own flags.
[[nodiscard]] core::Status checkCreateFlags(const Context& ctx);

/// The last step of a generator. `object` is the object as kubectl builds it, with the
/// namespace of the command line for a namespaced kind. With --dry-run=client it is printed
/// as kubectl prints its Go value (`creationTimestamp: null`, an empty `status`, and no
/// namespace unless -n was given); otherwise it goes through the API server's create path
/// (authentication, RBAC, admission, defaulting, validation; not stored with
/// --dry-run=server) and the server's answer is printed: `-o yaml|json|name|jsonpath=...`, or
/// `<type>/<name> created`, with ` (dry run)` or ` (server dry run)`. A server refusal is
/// printed as kubectl prints it, after `failurePrefix` when there is one
/// (`failed to create ingress: `). Returns the exit status.
int createGenerated(Context& ctx, core::Json object, std::string_view failurePrefix = {});

} // namespace kubelab::cli
