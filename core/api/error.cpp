// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/error.h"

#include <algorithm>

namespace kubelab::core {

std::string aggregateErrors(const std::vector<std::string>& messages)
{
    std::vector<std::string> unique;
    for (const std::string& m : messages)
        if (std::ranges::find(unique, m) == unique.end())
            unique.push_back(m);
    if (unique.size() == 1)
        return unique.front();
    std::string out = "[";
    for (std::size_t i = 0; i < unique.size(); ++i)
        out += (i > 0 ? ", " : "") + unique[i];
    return out + "]";
}

std::string_view reasonOf(ErrorCode code)
{
    switch (code) {
    case ErrorCode::NotFound: return "NotFound";
    case ErrorCode::AlreadyExists: return "AlreadyExists";
    case ErrorCode::Conflict: return "Conflict";
    case ErrorCode::Invalid: return "Invalid";
    case ErrorCode::BadRequest: return "BadRequest";
    case ErrorCode::Forbidden: return "Forbidden";
    case ErrorCode::Unauthorized: return "Unauthorized";
    case ErrorCode::MethodNotAllowed: return "MethodNotAllowed";
    case ErrorCode::InternalError: return "InternalError";
    case ErrorCode::Parse:
    case ErrorCode::Io:
    case ErrorCode::Lab:
    case ErrorCode::Usage:
    case ErrorCode::Client: return "";
    }
    return "";
}

int httpStatusOf(ErrorCode code)
{
    switch (code) {
    case ErrorCode::NotFound: return 404;
    case ErrorCode::AlreadyExists: return 409;
    case ErrorCode::Conflict: return 409;
    case ErrorCode::Invalid: return 422;
    case ErrorCode::BadRequest: return 400;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::Unauthorized: return 401;
    case ErrorCode::MethodNotAllowed: return 405;
    case ErrorCode::InternalError: return 500;
    case ErrorCode::Parse:
    case ErrorCode::Io:
    case ErrorCode::Lab:
    case ErrorCode::Usage:
    case ErrorCode::Client: return 0;
    }
    return 0;
}

bool isServerError(ErrorCode code)
{
    return httpStatusOf(code) != 0;
}

std::string Error::toString() const
{
    if (code == ErrorCode::Invalid && (!kind.empty() || !name.empty())) {
        // kubectl's cmdutil.checkErr for Invalid errors, with MultilineError.
        std::string s = "The " + kind + " \"" + name + "\" is invalid: ";
        if (causes.size() == 1)
            return s + causes.front();
        if (causes.empty())
            return s + message;
        std::string out = s + "\n";
        for (std::size_t i = 0; i < causes.size(); ++i)
            out += "* " + causes[i] + (i + 1 < causes.size() ? "\n" : "");
        return out;
    }
    if (code == ErrorCode::Unauthorized) // kubectl's StandardErrorMessage
        return "error: You must be logged in to the server (" + message + ")";
    if (isServerError(code))
        return "Error from server (" + std::string(reasonOf(code)) + "): " + message;
    std::string out = "error: ";
    if (!location.file.empty()) {
        out += location.file;
        if (location.hasPosition())
            out += ":" + std::to_string(location.line) + ":" + std::to_string(location.column);
        out += ": ";
    } else if (location.hasPosition()) {
        out += "line " + std::to_string(location.line) + ", column " + std::to_string(location.column) + ": ";
    }
    out += message;
    return out;
}

Error makeError(ErrorCode code, std::string message, Location location)
{
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.location = std::move(location);
    return e;
}

} // namespace kubelab::core
