// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::scheduler {

/// A plugin's verdict, as upstream's `framework.Code`.
enum class Code : std::uint8_t {
    Success,
    /// An internal error: the pod is retried, preemption is not tried.
    Error,
    /// Does not fit now; preemption or a cluster change may help.
    Unschedulable,
    /// Does not fit and preemption cannot help (taints, affinity, node name...).
    UnschedulableAndUnresolvable,
    /// Permit only: the pod waits.
    Wait,
    /// PreFilter / PreScore only: the plugin has nothing to do for this pod.
    Skip,
};

/// `Success`, `Error`, `Unschedulable`, `UnschedulableAndUnresolvable`, `Wait`, `Skip`.
[[nodiscard]] std::string_view codeName(Code code);

/// The result of a plugin call: a code, the reasons (each a complete sentence fragment as
/// upstream words it, e.g. `Insufficient cpu`) and the plugin that produced it. A default
/// Status is Success and allocates nothing, so returning `{}` on the hot path is free.
class Status final {
public:
    Status() = default;
    explicit Status(Code code) : m_code(code) { }
    Status(Code code, std::string reason) : m_code(code) { m_reasons.push_back(std::move(reason)); }
    Status(Code code, std::vector<std::string> reasons) : m_code(code), m_reasons(std::move(reasons)) { }

    [[nodiscard]] static Status error(std::string message) { return Status(Code::Error, std::move(message)); }

    [[nodiscard]] Code code() const { return m_code; }
    [[nodiscard]] bool isSuccess() const { return m_code == Code::Success; }
    [[nodiscard]] bool isSkip() const { return m_code == Code::Skip; }
    [[nodiscard]] bool isWait() const { return m_code == Code::Wait; }
    [[nodiscard]] bool isError() const { return m_code == Code::Error; }
    /// Unschedulable or UnschedulableAndUnresolvable.
    [[nodiscard]] bool isRejected() const
    {
        return m_code == Code::Unschedulable || m_code == Code::UnschedulableAndUnresolvable;
    }

    [[nodiscard]] const std::vector<std::string>& reasons() const { return m_reasons; }
    /// The reasons joined by ", " (upstream `Status.Message`).
    [[nodiscard]] std::string message() const;

    /// The plugin that returned this status (empty until the framework records it).
    [[nodiscard]] std::string_view plugin() const { return m_plugin; }
    /// `name` must outlive the status (plugin names are static strings).
    Status& setPlugin(std::string_view name)
    {
        m_plugin = name;
        return *this;
    }

    bool operator==(const Status& other) const
    {
        return m_code == other.m_code && m_reasons == other.m_reasons;
    }

private:
    Code m_code = Code::Success;
    std::vector<std::string> m_reasons;
    std::string_view m_plugin;
};

} // namespace kubelab::scheduler
