// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

/// Encryption at rest, as kube-apiserver's `--encryption-provider-config` sets it up
/// (k8s.io/apiserver/pkg/server/options/encryptionconfig, storage/value/encrypt/aes): an
/// `EncryptionConfiguration` (apiserver.config.k8s.io/v1) lists resources and, for each,
/// providers in order. The first provider writes; every provider may read what carries its
/// prefix. What the lab file stores for a covered object is then
///   aescbc:   `k8s:enc:aescbc:v1:<key name>:` + 16-byte IV + AES-CBC(PKCS#7 padded bytes)
///   aesgcm:   `k8s:enc:aesgcm:v1:<key name>:` + 12-byte nonce + AES-GCM(bytes) + 16-byte tag,
///             the etcd key (`/registry/secrets/default/db`) as authenticated data
///   identity: the bytes unchanged.
/// The bytes are the object's stored form (a real API server encrypts its protobuf). The
/// secretbox and kms providers are refused: the lab does not simulate them.
class EncryptionConfig final {
public:
    /// Validates as upstream's ValidateEncryptionConfiguration (field paths and texts) and
    /// builds the providers. Key material must be base64 of 16, 24 or 32 bytes.
    [[nodiscard]] static Result<EncryptionConfig> parse(const Json& config);

    /// The configuration as applied (for the lab's settings).
    [[nodiscard]] const Json& document() const { return m_document; }

    /// What the lab file stores for the object under `key` whose stored form is `plain`.
    [[nodiscard]] std::string seal(const ObjectKey& key, std::string plain) const;
    /// The stored form back, or an error (no provider for the prefix, wrong key, damage).
    [[nodiscard]] Result<std::string> open(const ObjectKey& key, std::string stored) const;
    /// The provider that writes objects of this kind: `aescbc`, `aesgcm` or `identity`.
    [[nodiscard]] std::string writer(const ObjectKey& key) const;
    /// The prefix the writing provider's first key puts on what it seals (`k8s:enc:aescbc:v1:key1:`);
    /// empty for identity.
    [[nodiscard]] std::string writerPrefix(const ObjectKey& key) const;

private:
    struct Provider {
        std::string type; ///< aescbc, aesgcm, identity
        struct Key {
            std::string name;
            std::string secret; ///< raw key bytes
        };
        std::vector<Key> keys;
    };
    struct Rule {
        std::vector<std::string> resources; ///< `secrets`, `deployments.apps`, `*.apps`, `*.*`
        std::vector<Provider> providers;
    };
    [[nodiscard]] const Rule* ruleFor(const ObjectKey& key) const;

    Json m_document;
    std::vector<Rule> m_rules;
};

/// Whether stored bytes carry an encryption prefix (`k8s:enc:`).
[[nodiscard]] bool isEncrypted(std::string_view stored);

} // namespace kubelab::core
