// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <span>
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
        std::size_t scoreOffset = 0;        ///< this node's entries in `scores`
        std::size_t scoreCount = 0;
        std::optional<std::int64_t> totalScore; ///< set when the node was scored
    };

    std::string pod;           ///< `namespace/name`
    std::string schedulerName;
    std::string result;        ///< `Scheduled` or `Unschedulable` (`Error` for internal errors)
    std::string selectedNode;
    std::string message;       ///< the FitError text when unschedulable
    std::vector<NodeRecord> nodes;
    /// Every score entry of the cycle, node after node (one allocation per cycle).
    std::vector<PluginScore> scores;

    /// A node's score entries, in the profile's Score plugin order.
    [[nodiscard]] std::span<const PluginScore> scoresOf(const NodeRecord& node) const
    {
        return std::span<const PluginScore>(scores).subspan(node.scoreOffset, node.scoreCount);
    }

    /// The `klab why -o json` document (cli.md).
    [[nodiscard]] core::Json toJson() const;
    /// The form the lab keeps (one per pod, for `klab why` and the window): compact JSON
    /// written directly, with each plugin name and filter reason once in a table, each
    /// distinct node row (fits, filter verdicts, scores, total: `[1,[],[0,62,62,1,100,100],162]`)
    /// once in a table, and each node as its name and row number (`"node-1",0`). Nodes alike
    /// share a row, so a big cluster of like nodes costs little more than the names; a big
    /// cluster's decisions are most of what a lab file holds. `expand` gives back the document
    /// (of this form, of the earlier one with a row per node, or the document itself).
    [[nodiscard]] std::string storedText() const;
    /// The `klab why -o json` document of a stored decision (a lab written before the
    /// compact form stored the document itself); a discarded Json for damaged text.
    [[nodiscard]] static core::Json expand(std::string_view stored);
};

} // namespace kubelab::scheduler
