// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <climits>

namespace kubelab::core::server {

namespace {

using TlsBioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

Error tlsError(const std::string& what)
{
    return makeError(ErrorCode::InternalError, "unable to " + what + " for the lab's API server (OpenSSL)");
}

} // namespace

Result<std::shared_ptr<TlsContext>> TlsContext::create(const KeyPair& serving, const std::string& clientCaPem)
{
    std::shared_ptr<TlsContext> out(new TlsContext());
    out->m_ctx = SSL_CTX_new(TLS_server_method());
    if (!out->m_ctx)
        return fail(tlsError("set up TLS"));
    SSL_CTX* ctx = out->m_ctx;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);

    TlsBioPtr certificateBio(BIO_new_mem_buf(serving.certificate.data(), static_cast<int>(serving.certificate.size())),
                             &BIO_free);
    X509* certificate = certificateBio ? PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr) : nullptr;
    TlsBioPtr keyBio(BIO_new_mem_buf(serving.key.data(), static_cast<int>(serving.key.size())), &BIO_free);
    EVP_PKEY* key = keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr) : nullptr;
    const bool loaded = certificate && key && SSL_CTX_use_certificate(ctx, certificate) == 1 &&
                        SSL_CTX_use_PrivateKey(ctx, key) == 1 && SSL_CTX_check_private_key(ctx) == 1;
    X509_free(certificate);
    EVP_PKEY_free(key);
    if (!loaded)
        return fail(tlsError("load the serving certificate"));

    if (!clientCaPem.empty()) {
        TlsBioPtr caBio(BIO_new_mem_buf(clientCaPem.data(), static_cast<int>(clientCaPem.size())), &BIO_free);
        X509* ca = caBio ? PEM_read_bio_X509(caBio.get(), nullptr, nullptr, nullptr) : nullptr;
        const bool trusted = ca && X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca) == 1 &&
                             SSL_CTX_add_client_CA(ctx, ca) == 1;
        X509_free(ca);
        if (!trusted)
            return fail(tlsError("load the client CA"));
        // Ask for a certificate, accept a client without one (it may send a token).
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    }
    return out;
}

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_ctx);
}

TlsSession::TlsSession(const TlsContext& context)
{
    m_ssl = SSL_new(context.m_ctx);
    m_in = BIO_new(BIO_s_mem());
    m_out = BIO_new(BIO_s_mem());
    if (!m_ssl || !m_in || !m_out) {
        BIO_free(m_in);
        BIO_free(m_out);
        m_in = m_out = nullptr;
        return;
    }
    // An empty input buffer means "more to come", not end of stream.
    BIO_set_mem_eof_return(m_in, -1);
    SSL_set_bio(m_ssl, m_in, m_out);
    SSL_set_accept_state(m_ssl);
}

TlsSession::~TlsSession()
{
    SSL_free(m_ssl); // frees both BIOs
}

bool TlsSession::established() const
{
    return m_ssl && SSL_is_init_finished(m_ssl);
}

bool TlsSession::receive(std::string_view wire, std::string& plain)
{
    if (!m_ssl || !m_in)
        return false;
    while (!wire.empty()) {
        const int chunk = static_cast<int>(std::min<std::size_t>(wire.size(), INT_MAX));
        const int written = BIO_write(m_in, wire.data(), chunk);
        if (written <= 0)
            return false;
        wire.remove_prefix(static_cast<std::size_t>(written));
    }
    char buffer[16384];
    while (true) {
        const int n = SSL_read(m_ssl, buffer, sizeof buffer);
        if (n > 0) {
            plain.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        const int error = SSL_get_error(m_ssl, n);
        ERR_clear_error();
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE)
            break;
        return false; // close_notify, a failed handshake (alert queued for drainTo), a bad record
    }
    if (!m_peerRead && established()) {
        m_peerRead = true;
        if (X509* peer = SSL_get1_peer_certificate(m_ssl)) {
            if (SSL_get_verify_result(m_ssl) == X509_V_OK) {
                TlsBioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
                if (bio && PEM_write_bio_X509(bio.get(), peer) == 1) {
                    char* data = nullptr;
                    long size = BIO_get_mem_data(bio.get(), &data);
                    if (auto subject = certificateSubject(std::string(data, static_cast<std::size_t>(size))))
                        m_peer = std::move(*subject);
                }
            }
            X509_free(peer);
        }
    }
    return true;
}

void TlsSession::send(std::string& plain)
{
    if (plain.empty() || !established())
        return;
    std::size_t offset = 0;
    while (offset < plain.size()) {
        const int chunk = static_cast<int>(std::min<std::size_t>(plain.size() - offset, 1 << 20));
        const int n = SSL_write(m_ssl, plain.data() + offset, chunk);
        if (n <= 0) {
            ERR_clear_error();
            break;
        }
        offset += static_cast<std::size_t>(n);
    }
    plain.erase(0, offset);
}

void TlsSession::drainTo(std::string& wire)
{
    if (!m_out)
        return;
    char buffer[16384];
    while (BIO_ctrl_pending(m_out) > 0) {
        const int n = BIO_read(m_out, buffer, sizeof buffer);
        if (n <= 0)
            break;
        wire.append(buffer, static_cast<std::size_t>(n));
    }
}

void TlsSession::shutdown()
{
    if (established()) {
        SSL_shutdown(m_ssl);
        ERR_clear_error();
    }
}

} // namespace kubelab::core::server
