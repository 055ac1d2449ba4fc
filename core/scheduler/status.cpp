// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/status.h"

namespace kubelab::scheduler {

std::string_view codeName(Code code)
{
    switch (code) {
    case Code::Success: return "Success";
    case Code::Error: return "Error";
    case Code::Unschedulable: return "Unschedulable";
    case Code::UnschedulableAndUnresolvable: return "UnschedulableAndUnresolvable";
    case Code::Wait: return "Wait";
    case Code::Skip: return "Skip";
    }
    return "";
}

std::string Status::message() const
{
    std::string out;
    for (const std::string& reason : m_reasons) {
        if (!out.empty())
            out += ", ";
        out += reason;
    }
    return out;
}

} // namespace kubelab::scheduler
