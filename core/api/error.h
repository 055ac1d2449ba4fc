// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::core {

/// Where an error was found: a file position (1-based line and column, 0 when unknown)
/// and/or a field path such as `spec.containers[0].image`.
struct Location {
    std::string file;
    int line = 0;
    int column = 0;
    std::string field;

    [[nodiscard]] bool hasPosition() const { return line > 0; }
};

/// One catalogue of error codes. Server-side codes carry the Kubernetes `reason` that
/// kubectl prints as `Error from server (<Reason>): <message>`; client-side codes print
/// as `error: <message>`.
enum class ErrorCode {
    // Server side (Kubernetes Status reasons).
    NotFound,        ///< 404 NotFound
    AlreadyExists,   ///< 409 AlreadyExists
    Conflict,        ///< 409 Conflict (stale resourceVersion)
    Invalid,         ///< 422 Invalid (validation)
    BadRequest,      ///< 400 BadRequest
    Forbidden,       ///< 403 Forbidden (RBAC, admission)
    Unauthorized,    ///< 401 Unauthorized
    MethodNotAllowed,///< 405
    InternalError,   ///< 500
    // Client side.
    Parse,           ///< malformed manifest or input (with file:line:column)
    Io,              ///< file missing or unreadable
    Lab,             ///< not a lab, lab from a newer schema, lab missing
    Usage,           ///< bad command line (exit status 2)
    Client,          ///< any other client-side refusal, printed as `error: ...`
};

/// The Kubernetes `reason` for server-side codes ("NotFound", "Forbidden", ...), empty for
/// client-side ones.
/// utilerrors.NewAggregate(...).Error(): one message as it is, several deduplicated and
/// joined as `[a, b]`.
[[nodiscard]] std::string aggregateErrors(const std::vector<std::string>& messages);

[[nodiscard]] std::string_view reasonOf(ErrorCode code);
/// The HTTP status the API server answers with for this code (0 for client-side codes).
[[nodiscard]] int httpStatusOf(ErrorCode code);
[[nodiscard]] bool isServerError(ErrorCode code);

/// An error as a value: a code from the catalogue, the English message (Kubernetes'
/// wording where Kubernetes has one) and where it was found.
struct Error {
    ErrorCode code = ErrorCode::InternalError;
    std::string message;
    Location location;
    /// For Invalid: the object's kind and name and the field errors
    /// (`spec.containers[0].image: Required value`), as Kubernetes' StatusDetails.
    std::string kind;
    std::string name;
    std::vector<std::string> causes;

    /// What kubectl prints for it: `Error from server (NotFound): pods "x" not found`,
    /// `error: x.yaml:12:5: ...`, `The Pod "x" is invalid: spec.containers[0].image: Required value`.
    [[nodiscard]] std::string toString() const;
};

[[nodiscard]] Error makeError(ErrorCode code, std::string message, Location location = {});

template <typename T>
using Result = std::expected<T, Error>;

/// Result of an operation that has no value.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message, Location location = {})
{
    return std::unexpected(makeError(code, std::move(message), std::move(location)));
}

inline std::unexpected<Error> fail(Error error)
{
    return std::unexpected(std::move(error));
}

} // namespace kubelab::core
