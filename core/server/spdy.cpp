// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/spdy.h"

#include <zlib.h>

#include <algorithm>
#include <array>

namespace kubelab::core::server {

namespace {

} // namespace

/// Header names, each after its length as a 32-bit big-endian number, then common values
/// as they are.
const std::string& spdyHeaderDictionary()
{
    static const std::string dictionary = [] {
        std::string d;
        for (std::string_view word :
             {"options", "head", "post", "put", "delete", "trace", "accept", "accept-charset", "accept-encoding",
              "accept-language", "accept-ranges", "age", "allow", "authorization", "cache-control", "connection",
              "content-base", "content-encoding", "content-language", "content-length", "content-location",
              "content-md5", "content-range", "content-type", "date", "etag", "expect", "expires", "from", "host",
              "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "last-modified",
              "location", "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization", "range", "referer",
              "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "vary", "via",
              "warning", "www-authenticate", "method", "get", "status", "200 OK", "version", "HTTP/1.1", "url",
              "public", "set-cookie", "keep-alive", "origin"}) {
            const auto n = static_cast<std::uint32_t>(word.size());
            d += {char(n >> 24), char(n >> 16 & 0xff), char(n >> 8 & 0xff), char(n & 0xff)};
            d += word;
        }
        d += "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
             "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request"
             "401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented"
             "503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, "
             "Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,application/xml,"
             "application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdch"
             "charset=utf-8charset=iso-8859-1,utf-,*,enq=0.";
        return d;
    }();
    return dictionary;
}

namespace {

constexpr std::uint16_t kVersion = 3;
constexpr std::size_t kMaxDataLength = (1u << 24) - 1;
/// Header blocks larger than this are refused (a client's are a few dozen bytes).
constexpr std::size_t kMaxHeaderBlock = 64 * 1024;

std::uint32_t be32(std::string_view s, std::size_t at)
{
    return std::uint32_t(std::uint8_t(s[at])) << 24 | std::uint32_t(std::uint8_t(s[at + 1])) << 16 |
           std::uint32_t(std::uint8_t(s[at + 2])) << 8 | std::uint32_t(std::uint8_t(s[at + 3]));
}

void put32(std::string& out, std::uint32_t v)
{
    out += {char(v >> 24), char(v >> 16 & 0xff), char(v >> 8 & 0xff), char(v & 0xff)};
}

/// A control frame's head: control bit, version, type, flags, length.
std::string controlHead(std::uint16_t type, std::uint8_t flags, std::size_t length)
{
    std::string out;
    put32(out, 0x80000000u | std::uint32_t(kVersion) << 16 | type);
    put32(out, std::uint32_t(flags) << 24 | std::uint32_t(length));
    return out;
}

Error protocolError(std::string what)
{
    return makeError(ErrorCode::BadRequest, "SPDY protocol error: " + std::move(what));
}

} // namespace

struct SpdyFramer::Zlib {
    z_stream inflater{};
    z_stream deflater{};
    Zlib()
    {
        (void)inflateInit(&inflater);
        (void)deflateInit(&deflater, Z_DEFAULT_COMPRESSION);
    }
    ~Zlib()
    {
        inflateEnd(&inflater);
        deflateEnd(&deflater);
    }
    Zlib(const Zlib&) = delete;
    Zlib& operator=(const Zlib&) = delete;
};

SpdyFramer::SpdyFramer() : m_zlib(std::make_unique<Zlib>()) {}

SpdyFramer::~SpdyFramer() = default;

Result<std::vector<SpdyFrame>> SpdyFramer::read(std::string& in)
{
    std::vector<SpdyFrame> frames;
    std::size_t at = 0;
    while (in.size() - at >= 8) {
        const std::uint32_t first = be32(in, at);
        const std::uint32_t second = be32(in, at + 4);
        const std::size_t length = second & 0xffffff;
        if (in.size() - at - 8 < length)
            break;
        const std::string_view body(in.data() + at + 8, length);
        SpdyFrame frame;
        frame.flags = std::uint8_t(second >> 24);
        at += 8 + length;
        if (!(first & 0x80000000u)) {
            frame.type = SpdyFrame::Type::Data;
            frame.stream = first & 0x7fffffff;
            frame.data = body;
            frames.push_back(std::move(frame));
            continue;
        }
        if ((first >> 16 & 0x7fff) != kVersion)
            return fail(protocolError("version " + std::to_string(first >> 16 & 0x7fff) + " (3 expected)"));
        const std::uint16_t type = first & 0xffff;
        std::size_t headerAt = 0; // where a header block starts in the body
        switch (type) {
        case 1: frame.type = SpdyFrame::Type::SynStream; headerAt = 10; break;
        case 2: frame.type = SpdyFrame::Type::SynReply; headerAt = 4; break;
        case 3: frame.type = SpdyFrame::Type::RstStream; break;
        case 4: frame.type = SpdyFrame::Type::Settings; break;
        case 6: frame.type = SpdyFrame::Type::Ping; break;
        case 7: frame.type = SpdyFrame::Type::GoAway; break;
        case 8: frame.type = SpdyFrame::Type::Headers; headerAt = 4; break;
        case 9: frame.type = SpdyFrame::Type::WindowUpdate; break;
        default: return fail(protocolError("unknown control frame type " + std::to_string(type)));
        }
        if (frame.type != SpdyFrame::Type::Settings) {
            if (body.size() < 4)
                return fail(protocolError("control frame too short"));
            frame.stream = be32(body, 0) & 0x7fffffff;
        }
        if (headerAt != 0) {
            if (body.size() < headerAt)
                return fail(protocolError("control frame too short"));
            // The header block continues the connection's zlib stream.
            z_stream& z = m_zlib->inflater;
            std::string block;
            std::array<unsigned char, 4096> buffer{};
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data() + headerAt));
            z.avail_in = static_cast<uInt>(body.size() - headerAt);
            for (;;) {
                z.next_out = buffer.data();
                z.avail_out = buffer.size();
                int rc = inflate(&z, Z_SYNC_FLUSH);
                if (rc == Z_NEED_DICT) {
                    const std::string& dictionary = spdyHeaderDictionary();
                    if (inflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dictionary.data()),
                                             static_cast<uInt>(dictionary.size())) != Z_OK)
                        return fail(protocolError("the header block does not use the SPDY/3 dictionary"));
                    continue;
                }
                if (rc != Z_OK && rc != Z_BUF_ERROR)
                    return fail(protocolError("bad header block"));
                block.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - z.avail_out);
                if (block.size() > kMaxHeaderBlock)
                    return fail(protocolError("header block too large"));
                if (z.avail_out != 0)
                    break; // all of it read and written out
            }
            // Number of pairs, then each name and value after its 32-bit length.
            if (block.size() < 4)
                return fail(protocolError("header block too short"));
            std::uint32_t pairs = be32(block, 0);
            std::size_t p = 4;
            for (std::uint32_t i = 0; i < pairs; ++i) {
                std::string field[2];
                for (std::string& f : field) {
                    if (block.size() - p < 4)
                        return fail(protocolError("header block too short"));
                    const std::uint32_t n = be32(block, p);
                    p += 4;
                    if (block.size() - p < n)
                        return fail(protocolError("header block too short"));
                    f = block.substr(p, n);
                    p += n;
                }
                frame.headers[field[0]] = field[1];
            }
        } else if (frame.type == SpdyFrame::Type::RstStream || frame.type == SpdyFrame::Type::GoAway) {
            if (body.size() >= 8)
                frame.data = body.substr(4, 4); // the status code
        }
        frames.push_back(std::move(frame));
    }
    in.erase(0, at);
    return frames;
}

std::string SpdyFramer::synReply(std::uint32_t stream)
{
    // An empty header block (no pairs), compressed on the connection's zlib stream.
    std::string block;
    put32(block, 0);
    z_stream& z = m_zlib->deflater;
    std::array<unsigned char, 256> buffer{};
    z.next_in = reinterpret_cast<Bytef*>(block.data());
    z.avail_in = static_cast<uInt>(block.size());
    std::string compressed;
    do {
        z.next_out = buffer.data();
        z.avail_out = buffer.size();
        (void)deflate(&z, Z_SYNC_FLUSH);
        compressed.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - z.avail_out);
    } while (z.avail_out == 0);
    std::string out = controlHead(2, 0, 4 + compressed.size());
    put32(out, stream & 0x7fffffff);
    return out + compressed;
}

std::string SpdyFramer::data(std::uint32_t stream, std::string_view bytes, bool fin)
{
    std::string out;
    do {
        const std::size_t n = std::min(bytes.size(), kMaxDataLength);
        const bool last = n == bytes.size();
        put32(out, stream & 0x7fffffff);
        put32(out, std::uint32_t(last && fin ? kFlagFin : 0) << 24 | std::uint32_t(n));
        out += bytes.substr(0, n);
        bytes.remove_prefix(n);
    } while (!bytes.empty());
    return out;
}

std::string SpdyFramer::ping(std::uint32_t id)
{
    std::string out = controlHead(6, 0, 4);
    put32(out, id);
    return out;
}

std::string SpdyFramer::goAway(std::uint32_t lastStream)
{
    std::string out = controlHead(7, 0, 8);
    put32(out, lastStream & 0x7fffffff);
    put32(out, 0); // OK
    return out;
}

} // namespace kubelab::core::server
