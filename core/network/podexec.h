// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/network/serviceenv.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::net {

/// What a simulated command printed and returned inside a container.
struct ExecResult {
    std::string out;
    std::string err;
    int exitCode = 0;
};

/// The commands `klab exec` simulates inside a running container.
[[nodiscard]] const std::vector<std::string>& simulatedCommands();

/// Runs `argv` in `container` of `pod` as the lab simulates it: `nslookup NAME` (busybox
/// 1.28's output), `curl [-s] [-v] [-k] [-H H] [--connect-timeout N] [-m N] URL`,
/// `wget [-q] [-O FILE] [-T N] URL`, `cat /etc/resolv.conf|/etc/hosts`, `hostname`,
/// `env`/`printenv`, the files of the container's volumes (`cat FILE`, `ls DIR`, `echo TEXT
/// [>|>> FILE]`, `touch FILE`; see podfiles.h), and `sh -c "one of these"`. Replies come from the simulated
/// network: DNS through ClusterDns, connections through kube-proxy's rules and
/// NetworkPolicy (traceConnection). nginx images answer with nginx's pages; other images
/// with a line that says the reply is simulated. Unknown commands get exit code 127.
[[nodiscard]] ExecResult execInPod(Engine& engine, const Json& pod, const std::string& container,
                                   const std::vector<std::string>& argv);

/// Whether the container (app, init or ephemeral) of the pod is running now.
[[nodiscard]] bool containerRunning(const Json& pod, const std::string& container);

/// Where `exec` may run, checked as the API server and the kubelet check it before the
/// command starts: the container is one of the pod's (`container C is not valid for pod P`,
/// BadRequest), the pod has a node (`pod P does not have a host assigned`, BadRequest), and
/// the container runs (`container not found ("C")`, NotFound: the kubelet's plain answer,
/// which kubectl prints after "unable to upgrade connection: ").
[[nodiscard]] Status checkExecTarget(const Json& pod, const std::string& container);

/// The value of a pod field as the downward API gives it (`metadata.name`,
/// `metadata.labels['app']`, `status.podIP`, ...); "" for fields it does not know.
[[nodiscard]] std::string podFieldValue(const Json& pod, const std::string& fieldPath);

/// The container's environment as the kubelet builds it (makeEnvironmentVariables): PATH
/// and HOSTNAME, then env/envFrom with valueFrom (fieldRef, resourceFieldRef,
/// configMapKeyRef, secretKeyRef) resolved and `$(VAR)` expanded, then the Service
/// variables not already set, then HOME. The runtime's order is not the lab's.
[[nodiscard]] EnvList containerEnvironment(const Engine& engine, const Json& pod, const std::string& container);

} // namespace kubelab::core::net
