// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/http.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/api/encoding.h"
#include "core/api/names.h"

namespace kubelab::core::server {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

/// Decodes a chunked body at the front of `data`: the body and the bytes used, or
/// nullopt while incomplete; `bad` is set for a malformed chunk size.
std::optional<std::pair<std::string, std::size_t>> dechunk(std::string_view data, std::size_t limit, bool& bad,
                                                           bool& tooLarge)
{
    std::string body;
    std::size_t pos = 0;
    while (true) {
        auto eol = data.find("\r\n", pos);
        if (eol == std::string_view::npos)
            return std::nullopt;
        std::string_view sizeText = data.substr(pos, eol - pos);
        sizeText = sizeText.substr(0, sizeText.find(';'));
        std::size_t size = 0;
        auto [p, ec] = std::from_chars(sizeText.data(), sizeText.data() + sizeText.size(), size, 16);
        if (ec != std::errc() || p != sizeText.data() + sizeText.size()) {
            bad = true;
            return std::nullopt;
        }
        if (body.size() + size > limit) {
            tooLarge = true;
            return std::nullopt;
        }
        pos = eol + 2;
        if (size == 0) {
            // Trailers, then an empty line.
            while (true) {
                auto end = data.find("\r\n", pos);
                if (end == std::string_view::npos)
                    return std::nullopt;
                bool empty = end == pos;
                pos = end + 2;
                if (empty)
                    return std::make_pair(std::move(body), pos);
            }
        }
        if (data.size() < pos + size + 2)
            return std::nullopt;
        body.append(data.substr(pos, size));
        pos += size + 2;
    }
}

} // namespace

std::string HttpRequest::header(const std::string& name) const
{
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> HttpRequest::param(const std::string& name) const
{
    auto it = query.find(name);
    if (it == query.end())
        return std::nullopt;
    return it->second;
}

bool HttpRequest::keepAlive() const
{
    return core::asciiLower(header("connection")) != "close";
}

HttpParser::State HttpParser::failWith(int status, std::string message)
{
    m_errorStatus = status;
    m_errorMessage = std::move(message);
    return State::Failed;
}

HttpParser::State HttpParser::parse(std::string& buffer, HttpRequest& request)
{
    auto headEnd = buffer.find("\r\n\r\n");
    if (headEnd == std::string::npos) {
        if (buffer.size() > kMaxHeaderBytes)
            return failWith(431, "Request Header Fields Too Large");
        return State::Incomplete;
    }
    std::string_view head(buffer.data(), headEnd);
    auto lineEnd = head.find("\r\n");
    std::string_view requestLine = head.substr(0, lineEnd);
    auto sp1 = requestLine.find(' ');
    auto sp2 = requestLine.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1)
        return failWith(400, "malformed request line");
    HttpRequest r;
    r.method = std::string(requestLine.substr(0, sp1));
    r.target = std::string(requestLine.substr(sp1 + 1, sp2 - sp1 - 1));
    std::string_view version = requestLine.substr(sp2 + 1);
    if (!version.starts_with("HTTP/1."))
        return failWith(400, "unsupported HTTP version");
    if (r.target.empty() || r.target.front() != '/')
        return failWith(400, "malformed request target");
    std::string_view target = r.target;
    auto q = target.find('?');
    r.path = percentDecode(target.substr(0, q), false);
    if (q != std::string_view::npos) {
        std::string_view rest = target.substr(q + 1);
        while (!rest.empty()) {
            auto amp = rest.find('&');
            std::string_view pair = rest.substr(0, amp);
            auto eq = pair.find('=');
            std::string key = percentDecode(pair.substr(0, eq), true);
            std::string value = eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1), true);
            if (!key.empty())
                r.query.emplace(std::move(key), std::move(value));
            if (amp == std::string_view::npos)
                break;
            rest.remove_prefix(amp + 1);
        }
    }
    std::string_view fields = lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);
    while (!fields.empty()) {
        auto end = fields.find("\r\n");
        std::string_view line = fields.substr(0, end);
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return failWith(400, "malformed header line");
        // Repeated fields (`Impersonate-Group`) join with commas, as HTTP allows.
        std::string& value = r.headers[core::asciiLower(trim(line.substr(0, colon)))];
        value += (value.empty() ? "" : ",") + std::string(trim(line.substr(colon + 1)));
        if (end == std::string_view::npos)
            break;
        fields.remove_prefix(end + 2);
    }
    const std::size_t bodyStart = headEnd + 4;
    if (core::asciiLower(r.header("transfer-encoding")).find("chunked") != std::string::npos) {
        bool bad = false;
        bool tooLarge = false;
        auto body = dechunk(std::string_view(buffer).substr(bodyStart), m_maxBody, bad, tooLarge);
        if (tooLarge)
            return failWith(413, "Request entity too large: limit is " + std::to_string(m_maxBody));
        if (bad)
            return failWith(400, "malformed chunked encoding");
        if (!body)
            return State::Incomplete;
        r.body = std::move(body->first);
        buffer.erase(0, bodyStart + body->second);
    } else {
        std::size_t length = 0;
        if (std::string text = r.header("content-length"); !text.empty()) {
            auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
            if (ec != std::errc() || p != text.data() + text.size())
                return failWith(400, "malformed Content-Length");
        }
        // Refused before reading it, as the API server's MaxBytesReader does.
        if (length > m_maxBody)
            return failWith(413, "Request entity too large: limit is " + std::to_string(m_maxBody));
        if (buffer.size() < bodyStart + length)
            return State::Incomplete;
        r.body = buffer.substr(bodyStart, length);
        buffer.erase(0, bodyStart + length);
    }
    request = std::move(r);
    return State::Complete;
}

std::string percentDecode(std::string_view text, bool plusIsSpace)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            int hi = hexDigitValue(text[i + 1]);
            int lo = hexDigitValue(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += (plusIsSpace && c == '+') ? ' ' : c;
    }
    return out;
}

std::string_view reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

std::string httpResponse(int status, std::string_view contentType, std::string_view body, bool keepAlive,
                         const HttpHeaders& extra)
{
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reasonPhrase(status)) + "\r\n";
    out += "Content-Type: " + std::string(contentType) + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += "Cache-Control: no-cache, private\r\n";
    for (const auto& [name, value] : extra)
        out += name + ": " + value + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += body;
    return out;
}

std::string httpChunkedHead(int status, std::string_view contentType)
{
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reasonPhrase(status)) + "\r\n";
    out += "Content-Type: " + std::string(contentType) + "\r\n";
    out += "Transfer-Encoding: chunked\r\nCache-Control: no-cache, private\r\n\r\n";
    return out;
}

std::string httpChunk(std::string_view data)
{
    char size[32];
    auto [end, ec] = std::to_chars(size, size + sizeof size, data.size(), 16);
    (void)ec;
    std::string out(size, end);
    out += "\r\n";
    out += data;
    out += "\r\n";
    return out;
}

} // namespace kubelab::core::server
