// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/api/error.h"
#include "core/server/certificates.h"

struct ssl_st;
struct ssl_ctx_st;
struct bio_st;

namespace kubelab::core::server {

/// The API server's TLS configuration (kube-apiserver's --tls-cert-file/--tls-private-key-file
/// and --client-ca-file): TLS 1.2 or later with the serving certificate; a client may present
/// a certificate, which must chain to the client CA (a bad one fails the handshake, as Go's
/// `VerifyClientCertIfGiven`); without one the client authenticates with a token.
class TlsContext final {
public:
    [[nodiscard]] static Result<std::shared_ptr<TlsContext>> create(const KeyPair& serving,
                                                                     const std::string& clientCaPem);
    ~TlsContext();
    TlsContext(const TlsContext&) = delete;
    TlsContext& operator=(const TlsContext&) = delete;

private:
    friend class TlsSession;
    TlsContext() = default;
    ssl_ctx_st* m_ctx = nullptr;
};

/// One connection's TLS over memory buffers: the socket code moves the bytes, the session
/// turns records into the HTTP bytes and back. Used by one thread at a time.
class TlsSession final {
public:
    explicit TlsSession(const TlsContext& context);
    ~TlsSession();
    TlsSession(const TlsSession&) = delete;
    TlsSession& operator=(const TlsSession&) = delete;

    /// Takes bytes read from the socket and appends what they decrypt to `plain`. False
    /// once the handshake failed, the peer sent close_notify, or a record was bad.
    [[nodiscard]] bool receive(std::string_view wire, std::string& plain);
    /// Encrypts `plain` once the handshake is done (it is kept until then) and clears it.
    void send(std::string& plain);
    /// Appends the bytes waiting for the socket (handshake, records, alerts) to `wire`.
    void drainTo(std::string& wire);
    /// Sends close_notify (drain afterwards).
    void shutdown();
    [[nodiscard]] bool established() const;
    /// The verified client certificate's subject, once the handshake is done; none when
    /// the client presented no certificate.
    [[nodiscard]] const std::optional<CertificateSubject>& peer() const { return m_peer; }

private:
    ssl_st* m_ssl = nullptr;
    bio_st* m_in = nullptr;  ///< owned by m_ssl
    bio_st* m_out = nullptr; ///< owned by m_ssl
    std::optional<CertificateSubject> m_peer;
    bool m_peerRead = false;
};

} // namespace kubelab::core::server
