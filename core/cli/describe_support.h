// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared pieces of the describers (k8s.io/kubectl/pkg/describe): the prefix writer over
// kubectl's tabwriter, the label, annotation, taint and toleration blocks, the Events
// section, and the kind -> describer table. Internal to core/cli.

#include <string>
#include <string_view>
#include <vector>

#include "core/cli/printers_support.h"
#include "core/store/store.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::cli::detail {

/// kubectl's PrefixWriter writing into `tabwriter.NewWriter(buf, 0, 8, 2, ' ', 0)`: each
/// `write` starts with two spaces per level; `flush` aligns what was written so far on
/// its own, as the tabwriter's Flush does.
class DescribeWriter final {
public:
    void write(int level, std::string_view text);
    /// `WriteLine`: the text and a newline, without indentation.
    void line(std::string_view text = {});
    void flush();
    /// The aligned text (flushes).
    [[nodiscard]] std::string finish();
    /// What was written since the last flush, tabs as written (a PrefixWriter over a plain
    /// buffer, as `rollout history --revision` prints a pod template).
    [[nodiscard]] const std::string& unaligned() const { return m_pending; }

private:
    std::string m_pending;
    std::string m_out;
};

using DescribeFunction = void (*)(const core::Engine& engine, const Json& object, DescribeWriter& w);

struct KindDescriber {
    std::string_view kind;
    DescribeFunction describe;
};

/// The describer for a kind; null for kinds kubectl describes with its generic describer.
[[nodiscard]] const KindDescriber* describerFor(std::string_view kind);

// Describers, defined in describe_pods.cpp, describe_workloads.cpp, describe_core.cpp
// and describe_storage.cpp.
void describePod(const core::Engine&, const Json&, DescribeWriter&);
void describeDeployment(const core::Engine&, const Json&, DescribeWriter&);
void describeReplicaSet(const core::Engine&, const Json&, DescribeWriter&);
void describeDaemonSet(const core::Engine&, const Json&, DescribeWriter&);
void describeStatefulSet(const core::Engine&, const Json&, DescribeWriter&);
void describeJob(const core::Engine&, const Json&, DescribeWriter&);
void describeCronJob(const core::Engine&, const Json&, DescribeWriter&);
void describeHorizontalPodAutoscaler(const core::Engine&, const Json&, DescribeWriter&);
void describePodDisruptionBudget(const core::Engine&, const Json&, DescribeWriter&);
void describeNode(const core::Engine&, const Json&, DescribeWriter&);
void describeNamespace(const core::Engine&, const Json&, DescribeWriter&);
void describeService(const core::Engine&, const Json&, DescribeWriter&);
void describeEndpoints(const core::Engine&, const Json&, DescribeWriter&);
void describeConfigMap(const core::Engine&, const Json&, DescribeWriter&);
void describeSecret(const core::Engine&, const Json&, DescribeWriter&);
void describeServiceAccount(const core::Engine&, const Json&, DescribeWriter&);
void describeRoleBinding(const core::Engine&, const Json&, DescribeWriter&);
void describePriorityClass(const core::Engine&, const Json&, DescribeWriter&);
void describeLimitRange(const core::Engine&, const Json&, DescribeWriter&);
void describeResourceQuota(const core::Engine&, const Json&, DescribeWriter&);
void describePersistentVolume(const core::Engine&, const Json&, DescribeWriter&);
void describePersistentVolumeClaim(const core::Engine&, const Json&, DescribeWriter&);
void describeStorageClass(const core::Engine&, const Json&, DescribeWriter&);
void describeGeneric(const core::Engine&, const Json&, DescribeWriter&);

// --- Blocks shared by the describers ------------------------------------------------------

/// `Labels:  a=b` then one aligned line per further label, `<none>` when empty.
void printLabelsMultiline(DescribeWriter& w, std::string_view title, const Json& labels,
                          std::string_view initialIndent = {});
/// `Annotations:  k: v`, the last-applied-configuration annotation skipped, long or
/// multi-line values folded as kubectl does.
void printAnnotationsMultiline(DescribeWriter& w, std::string_view title, const Json& annotations);
void printTaintsMultiline(DescribeWriter& w, std::string_view title, const Json& taints);
void printTolerationsMultiline(DescribeWriter& w, std::string_view title, const Json& tolerations);
/// `Kind/name` of the controller owner reference, empty when none.
[[nodiscard]] std::string controllerOf(const Json& object);
/// A resource list sorted by name as `name:\tquantity` lines at `level`.
void printResourceList(DescribeWriter& w, int level, const Json& list);
/// `True`/`False` as kubectl's printBool.
[[nodiscard]] std::string printBool(bool value);
/// A value or `<none>` when empty.
[[nodiscard]] std::string orNone(std::string value);

/// Events about an object, as kubectl's searchEvents: same name and namespace, same kind
/// (except for pods, searched without kind), same uid when both carry one. Nodes match
/// either their uid or their name as uid, as kubelet and controllers report them.
[[nodiscard]] std::vector<core::ObjectPtr> eventsFor(const core::Engine& engine, const Json& object);
/// The `Events:` section: `<none>`, or the table sorted by last timestamp with
/// `3m (x4 over 10m)` for repeats.
void describeEvents(const core::Engine& engine, std::vector<core::ObjectPtr> events, DescribeWriter& w);
/// `describeEvents(engine, eventsFor(engine, object), w)`.
void describeEventsOf(const core::Engine& engine, const Json& object, DescribeWriter& w);

/// The Pod Template block of controllers (kubectl's DescribePodTemplate).
void describePodTemplate(const Json* templ, DescribeWriter& w);


/// Counts of the controller's pods by phase (kubectl's getPodStatusForController):
/// running, waiting, succeeded, failed.
struct PodPhaseCounts {
    int running = 0;
    int waiting = 0;
    int succeeded = 0;
    int failed = 0;
};
[[nodiscard]] PodPhaseCounts podPhasesOf(const core::Engine& engine, const Json& controller);

} // namespace kubelab::cli::detail
