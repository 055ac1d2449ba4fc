// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/object.h"
#include "core/scheduler/status.h"

namespace kubelab::scheduler {

/// The scheduler's account of one attempt, node by node: what `klab why` prints. Only
/// nodes the cycle looked at appear (percentageOfNodesToScore may stop early). Plugin
/// names are the static names of `plugins/names.h`.
struct Decision {
    struct FilterVerdict {
        std::string_view plugin;
        Code code = Code::Unschedulable;
        std::vector<std::string> reasons;
    };
    struct PluginScore {
        std::string_view plugin;
        std::int64_t rawScore = 0;
        std::int64_t score = 0; ///< after NormalizeScore
        std::int64_t weight = 1;
    };
    struct NodeRecord {
        std::string name;
        bool feasible = false;
        std::vector<FilterVerdict> filters; ///< plugins that did not return Success
        std::vector<PluginScore> scores;
        std::optional<std::int64_t> totalScore; ///< set when the node was scored
    };

    std::string pod;           ///< `namespace/name`
    std::string schedulerName;
    std::string result;        ///< `Scheduled` or `Unschedulable` (`Error` for internal errors)
    std::string selectedNode;
    std::string message;       ///< the FitError text when unschedulable
    std::vector<NodeRecord> nodes;

    /// The `klab why -o json` document (cli.md).
    [[nodiscard]] core::Json toJson() const;
};

} // namespace kubelab::scheduler
