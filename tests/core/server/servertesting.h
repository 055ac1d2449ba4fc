// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A lab served on a free loopback port in a thread of its own, and a raw HTTP(S) client.

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/server/certificates.h"
#include "core/server/server.h"
#include "core/sim/engine.h"

namespace servertesting {

namespace core = kubelab::core;

/// The engine belongs to the server thread while it runs; the test reads it after stop().
class ServedLab {
public:
    enum class Transport { Http, Https };

    explicit ServedLab(double speed = 0, std::size_t maxBody = 3 * 1024 * 1024, Transport transport = Transport::Http,
                       core::server::ServerOptions so = {})
    {
        core::Engine::Options options;
        options.createIfMissing = true;
        options.seed = 1;
        engine = std::move(*core::Engine::open(options));
        so.port = 0;
        so.speed = speed;
        so.maxBodyBytes = maxBody;
        if (transport == Transport::Https) {
            ca = *core::server::labCertificateAuthority(*engine);
            so.tls = core::server::ServerOptions::Tls{*core::server::issueServingCertificate(ca, "127.0.0.1"),
                                                      ca.certificate};
        }
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
    core::server::KeyPair ca; ///< the lab's CA (HTTPS)
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

/// A TLS client connection: the server's certificate verified with `caPem` for `host`
/// (an IP address or a DNS name), optionally presenting a client certificate.
class TlsClient {
public:
    TlsClient(int port, const std::string& caPem, const std::string& host,
              const std::optional<core::server::KeyPair>& clientCertificate = std::nullopt)
    {
        m_ctx = SSL_CTX_new(TLS_client_method());
        BIO* bio = BIO_new_mem_buf(caPem.data(), static_cast<int>(caPem.size()));
        X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
        if (ca)
            X509_STORE_add_cert(SSL_CTX_get_cert_store(m_ctx), ca);
        X509_free(ca);
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
        if (clientCertificate) {
            BIO* c = BIO_new_mem_buf(clientCertificate->certificate.data(), static_cast<int>(clientCertificate->certificate.size()));
            X509* cert = PEM_read_bio_X509(c, nullptr, nullptr, nullptr);
            BIO_free(c);
            BIO* k = BIO_new_mem_buf(clientCertificate->key.data(), static_cast<int>(clientCertificate->key.size()));
            EVP_PKEY* key = PEM_read_bio_PrivateKey(k, nullptr, nullptr, nullptr);
            BIO_free(k);
            SSL_CTX_use_certificate(m_ctx, cert);
            SSL_CTX_use_PrivateKey(m_ctx, key);
            X509_free(cert);
            EVP_PKEY_free(key);
        }
        m_fd = connectTo(port);
        if (m_fd < 0)
            return;
        m_ssl = SSL_new(m_ctx);
        X509_VERIFY_PARAM* param = SSL_get0_param(m_ssl);
        in_addr ip{};
        if (::inet_pton(AF_INET, host.c_str(), &ip) == 1)
            X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
        else
            X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
        SSL_set_fd(m_ssl, m_fd);
        timeval tv{10, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        m_connected = SSL_connect(m_ssl) == 1;
        m_verify = SSL_get_verify_result(m_ssl);
    }
    ~TlsClient()
    {
        if (m_ssl)
            SSL_free(m_ssl);
        if (m_fd >= 0)
            ::close(m_fd);
        SSL_CTX_free(m_ctx);
    }
    TlsClient(const TlsClient&) = delete;
    TlsClient& operator=(const TlsClient&) = delete;

    /// The handshake succeeded (and the server's certificate verified).
    [[nodiscard]] bool connected() const { return m_connected; }
    [[nodiscard]] long verifyResult() const { return m_verify; }
    void send(const std::string& data)
    {
        if (m_connected)
            SSL_write(m_ssl, data.data(), static_cast<int>(data.size()));
    }
    /// Reads until the server closes, `until` appears, or 10 s pass without data.
    std::string read(const std::string& until = {})
    {
        std::string data;
        char buf[16384];
        while (m_connected && (until.empty() || data.find(until) == std::string::npos)) {
            int n = SSL_read(m_ssl, buf, sizeof buf);
            if (n <= 0)
                break;
            data.append(buf, static_cast<std::size_t>(n));
        }
        return data;
    }

private:
    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
    int m_fd = -1;
    bool m_connected = false;
    long m_verify = -1;
};

inline Reply parseReply(const std::string& data)
{
    Reply reply;
    auto headEnd = data.find("\r\n\r\n");
    if (headEnd == std::string::npos || data.size() < 12)
        return reply;
    reply.status = std::stoi(data.substr(9, 3));
    reply.headers = data.substr(0, headEnd);
    reply.body = data.substr(headEnd + 4);
    return reply;
}

/// One request over TLS on its own connection (Connection: close), read to the end.
inline Reply tlsRequest(int port, const std::string& caPem, const std::string& method, const std::string& path,
                        const std::string& headers = {},
                        const std::optional<core::server::KeyPair>& clientCertificate = std::nullopt,
                        const std::string& body = {})
{
    TlsClient client(port, caPem, "127.0.0.1", clientCertificate);
    if (!client.connected())
        return Reply{};
    client.send(requestText(method, path, body, headers, true));
    return parseReply(client.read());
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
