// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubelab::core::server {

/// One HTTP/1.1 request as the API server reads it. Header names are lower case.
struct HttpRequest {
    std::string method;
    std::string target;  ///< as sent: `/api/v1/pods?limit=500`
    std::string path;    ///< percent-decoded path without the query
    std::multimap<std::string, std::string> query;
    std::map<std::string, std::string> headers;
    std::string body;
    /// Set by the server, not parsed: the request came over TLS, and the subject (CN, O) of
    /// the client certificate the handshake verified, if the client presented one.
    bool secure = false;
    std::optional<std::string> certificateUser;
    std::vector<std::string> certificateGroups;

    [[nodiscard]] std::string header(const std::string& name) const;
    [[nodiscard]] std::optional<std::string> param(const std::string& name) const;
    /// HTTP/1.1 keeps the connection unless the client says `Connection: close`.
    [[nodiscard]] bool keepAlive() const;
};

/// Reads requests from a connection's bytes. Bodies come with a Content-Length (what
/// kubectl sends) or chunked; a body larger than the limit is refused with 413 as
/// kube-apiserver refuses it (its limit is 3 MiB), a header block larger than 1 MiB with 431.
class HttpParser final {
public:
    static constexpr std::size_t kMaxHeaderBytes = 1024 * 1024;

    explicit HttpParser(std::size_t maxBodyBytes) : m_maxBody(maxBodyBytes) {}

    enum class State { Incomplete, Complete, Failed };
    /// Tries to take one request off the front of `buffer` (consumed bytes are erased).
    State parse(std::string& buffer, HttpRequest& request);
    /// After Failed: the HTTP status to answer with (400, 413, 431) and why.
    [[nodiscard]] int errorStatus() const { return m_errorStatus; }
    [[nodiscard]] const std::string& errorMessage() const { return m_errorMessage; }

private:
    State failWith(int status, std::string message);

    std::size_t m_maxBody;
    int m_errorStatus = 400;
    std::string m_errorMessage;
};

/// Percent-decoding of a URL component (`+` stays `+` in paths, is a space in queries).
[[nodiscard]] std::string percentDecode(std::string_view text, bool plusIsSpace);
/// `200 OK`, `404 Not Found`, ...
[[nodiscard]] std::string_view reasonPhrase(int status);
/// Header lines a response adds to the usual ones (`Etag`, `Vary`), in order.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;
/// A whole response with Content-Length.
[[nodiscard]] std::string httpResponse(int status, std::string_view contentType, std::string_view body,
                                       bool keepAlive, const HttpHeaders& extra = {});
/// The head of a chunked response (watch streams, `logs -f`).
[[nodiscard]] std::string httpChunkedHead(int status, std::string_view contentType);
/// One chunk of a chunked body; an empty `data` is the last chunk.
[[nodiscard]] std::string httpChunk(std::string_view data);

} // namespace kubelab::core::server
