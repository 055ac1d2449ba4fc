// SPDY/3.1 framing, as the Kubernetes clients speak it for `kubectl exec`
// (k8s.io/apimachinery/pkg/util/httpstream/spdy over github.com/moby/spdystream).
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"

namespace kubelab::core::server {

/// One frame read off the connection (the frame types of the SPDY/3 draft, section 2.6).
struct SpdyFrame {
    enum class Type { Data, SynStream, SynReply, RstStream, Settings, Ping, GoAway, Headers, WindowUpdate };
    Type type = Type::Data;
    std::uint32_t stream = 0; ///< the stream id (the ping id for Ping)
    std::uint8_t flags = 0;   ///< FLAG_FIN = 0x01 on Data, SynStream, SynReply
    std::map<std::string, std::string> headers; ///< SynStream / SynReply / Headers, names lower case
    std::string data;                           ///< Data
};

/// The SPDY/3 header dictionary (draft 3, section 2.6.10.1) the client's header blocks start from.
[[nodiscard]] const std::string& spdyHeaderDictionary();

/// Reads and writes SPDY/3.1 frames for one connection. Header blocks are zlib streams
/// (one per direction for the whole connection); the client's starts from the SPDY/3
/// dictionary. Only what the remote-command clients use is written: SYN_REPLY, DATA, PING,
/// GOAWAY.
class SpdyFramer final {
public:
    static constexpr std::uint8_t kFlagFin = 0x01;

    SpdyFramer();
    ~SpdyFramer();
    SpdyFramer(const SpdyFramer&) = delete;
    SpdyFramer& operator=(const SpdyFramer&) = delete;

    /// Takes the complete frames off the front of `in` (a partial frame stays). Fails on
    /// bytes that are not SPDY/3 frames, as the connection then cannot go on.
    [[nodiscard]] Result<std::vector<SpdyFrame>> read(std::string& in);

    [[nodiscard]] std::string synReply(std::uint32_t stream);
    /// DATA frames with `bytes` (split at the largest frame), the last with FLAG_FIN when `fin`.
    [[nodiscard]] static std::string data(std::uint32_t stream, std::string_view bytes, bool fin);
    [[nodiscard]] static std::string ping(std::uint32_t id);
    [[nodiscard]] static std::string goAway(std::uint32_t lastStream);

private:
    struct Zlib;
    std::unique_ptr<Zlib> m_zlib;
};

} // namespace kubelab::core::server
