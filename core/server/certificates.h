// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/api/error.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::server {

/// A certificate and its private key, both PEM (the key unencrypted PKCS#8, ECDSA P-256).
struct KeyPair {
    std::string certificate;
    std::string key;
};

/// Who a client certificate names: the x509 authenticator's user (CN) and groups (O).
struct CertificateSubject {
    std::string commonName;
    std::vector<std::string> organizations;
};

/// The lab's cluster CA, as kubeadm's `ca.crt`/`ca.key` (CN=kubernetes, ten years): made
/// the first time the lab is served over HTTPS and kept in the lab's settings, so a
/// kubeconfig keeps trusting the server across runs. The caller commits.
[[nodiscard]] Result<KeyPair> labCertificateAuthority(Engine& engine);

/// kube-apiserver's serving certificate (CN=kube-apiserver, one year), signed by `ca`, for
/// `localhost`, the `kubernetes` Service names, 127.0.0.1 and `address` (unless it is a
/// wildcard address).
[[nodiscard]] Result<KeyPair> issueServingCertificate(const KeyPair& ca, const std::string& address);

/// A client certificate (CN=user, O=each group, one year) signed by `ca`, as kubeadm's
/// kubeconfig phase issues admin.conf's.
[[nodiscard]] Result<KeyPair> issueClientCertificate(const KeyPair& ca, const std::string& user,
                                                     const std::vector<std::string>& groups);

/// The subject of a PEM certificate (tests, and what the server reads off a peer).
[[nodiscard]] Result<CertificateSubject> certificateSubject(const std::string& certificatePem);

} // namespace kubelab::core::server
