// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The Job controller (pkg/controller/job/job_controller.go) with the
/// ttl-after-finished controller beside it: runs `parallelism` pods at a time until
/// `completions` succeed (NonIndexed), or until each index 0..completions-1 has succeeded
/// once (Indexed: pods `<job>-<index>-<5>`, the completion index as annotation, label and
/// `JOB_COMPLETION_INDEX`); counts finished pods through the
/// `batch.kubernetes.io/job-tracking` finalizer; re-creates failed pods after 10 s, 20 s,
/// 40 s ... (at most 10 min, upstream's MaxJobPodFailureBackOff); fails the Job past
/// `backoffLimit` or `activeDeadlineSeconds` (FailureTarget, then Failed); reports
/// SuccessCriteriaMet and Complete; deletes a finished Job after `ttlSecondsAfterFinished`.
class JobController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "job-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

    /// `sync(key)`: one reconciliation of the Job `key`.
    void sync(const ObjectKey& key);

private:
    void releaseOrphan(const Json& pod);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
};

/// The delay before a failed Job's next pod (upstream getRemainingTime's backoff):
/// 10 s × 2^(failures−1), at most 10 min; 0 without failures.
[[nodiscard]] std::int64_t jobPodFailureBackoffSeconds(std::int64_t failuresSinceLastSuccess);

/// Upstream's completedIndexes text: sorted indexes with runs compressed, `1,3-5,7`.
[[nodiscard]] std::string formatIndexes(const std::vector<std::int64_t>& indexes);

} // namespace kubelab::core
