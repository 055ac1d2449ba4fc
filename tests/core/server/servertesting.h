// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A lab served on a free loopback port in a thread of its own, and a raw HTTP client.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/server/server.h"
#include "core/sim/engine.h"

namespace servertesting {

namespace core = kubelab::core;

/// The engine belongs to the server thread while it runs; the test reads it after stop().
class ServedLab {
public:
    explicit ServedLab(double speed = 0, std::size_t maxBody = 3 * 1024 * 1024)
    {
        core::Engine::Options options;
        options.createIfMissing = true;
        options.seed = 1;
        engine = std::move(*core::Engine::open(options));
        core::server::ServerOptions so;
        so.port = 0;
        so.speed = speed;
        so.maxBodyBytes = maxBody;
        server = std::make_unique<core::server::ApiHttpServer>(*engine, so);
        if (server->listen())
            port = server->port();
    }
    void start()
    {
        thread = std::thread([this] { server->run(stopFlag); });
    }
    void stop()
    {
        stopFlag = true;
        if (thread.joinable())
            thread.join();
    }
    ~ServedLab() { stop(); }

    std::unique_ptr<core::Engine> engine;
    std::unique_ptr<core::server::ApiHttpServer> server;
    int port = 0;
    std::atomic<bool> stopFlag{false};
    std::thread thread;
};

inline const char* kAdminToken = "kubelab-certificate.kubernetes-admin";

struct Reply {
    int status = 0;
    std::string headers;
    std::string body;
    core::Json json() const { return core::Json::parse(body, nullptr, false); }
};

inline int connectTo(int port)
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

inline void sendAll(int fd, const std::string& data)
{
    std::size_t off = 0;
    while (off < data.size()) {
        ssize_t w = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        off += static_cast<std::size_t>(w);
    }
}

inline std::string requestText(const std::string& method, const std::string& path, const std::string& body,
                               const std::string& extraHeaders, bool close)
{
    std::string r = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n";
    r += extraHeaders;
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
        r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (close)
        r += "Connection: close\r\n";
    return r + "\r\n" + body;
}

/// One request on its own connection (Connection: close), read to the end.
inline Reply request(int port, const std::string& method, const std::string& path, const std::string& body = {},
                     std::string headers = {}, bool authenticated = true)
{
    if (authenticated)
        headers += std::string("Authorization: Bearer ") + kAdminToken + "\r\n";
    Reply reply;
    int fd = connectTo(port);
    if (fd < 0)
        return reply;
    sendAll(fd, requestText(method, path, body, headers, true));
    std::string data;
    char buf[65536];
    while (true) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10000) <= 0)
            break;
        ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r <= 0)
            break;
        data.append(buf, static_cast<std::size_t>(r));
    }
    ::close(fd);
    auto headEnd = data.find("\r\n\r\n");
    if (headEnd == std::string::npos || data.size() < 12)
        return reply;
    reply.status = std::stoi(data.substr(9, 3));
    reply.headers = data.substr(0, headEnd);
    reply.body = data.substr(headEnd + 4);
    return reply;
}

/// Reads a chunked watch stream until `events` lines arrived or `timeoutMs` passed.
inline std::vector<core::Json> readWatch(int fd, std::size_t events, int timeoutMs)
{
    std::vector<core::Json> out;
    std::string data;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    char buf[65536];
    while (out.size() < events && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0)
            continue;
        ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r <= 0)
            break;
        data.append(buf, static_cast<std::size_t>(r));
        // Lines of JSON inside the chunks: scan for complete `{"type":...}\n` lines.
        out.clear();
        std::size_t pos = 0;
        while ((pos = data.find("{\"type\"", pos)) != std::string::npos) {
            auto end = data.find('\n', pos);
            if (end == std::string::npos)
                break;
            core::Json j = core::Json::parse(data.substr(pos, end - pos), nullptr, false);
            if (!j.is_discarded())
                out.push_back(std::move(j));
            pos = end;
        }
    }
    return out;
}

} // namespace servertesting
