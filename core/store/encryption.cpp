// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/encryption.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

#include "core/api/encoding.h"
#include "core/api/resources.h"
#include "core/api/validation_util.h"
#include "core/store/etcdkeys.h"

namespace kubelab::core {

namespace {

using validation::Path;
using validation::Value;

constexpr std::string_view kPrefix = "k8s:enc:";
constexpr std::size_t kCbcIv = 16;
constexpr std::size_t kGcmNonce = 12;
constexpr std::size_t kGcmTag = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const EVP_CIPHER* cipherFor(const std::string& type, std::size_t keyBytes)
{
    const bool gcm = type == "aesgcm";
    switch (keyBytes) {
    case 16: return gcm ? EVP_aes_128_gcm() : EVP_aes_128_cbc();
    case 24: return gcm ? EVP_aes_192_gcm() : EVP_aes_192_cbc();
    default: return gcm ? EVP_aes_256_gcm() : EVP_aes_256_cbc();
    }
}

const unsigned char* bytes(const std::string& s)
{
    return reinterpret_cast<const unsigned char*>(s.data());
}

unsigned char* bytes(std::string& s)
{
    return reinterpret_cast<unsigned char*>(s.data());
}

std::string randomBytes(std::size_t n)
{
    std::string out(n, '\0');
    if (RAND_bytes(bytes(out), static_cast<int>(n)) != 1)
        throw std::runtime_error("no random bytes for an IV");
    return out;
}

/// AES-CBC with PKCS#7 padding (aes.cbcTransformer): IV, then the ciphertext.
std::string cbcSeal(const std::string& key, const std::string& plain)
{
    std::string iv = randomBytes(kCbcIv);
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    std::string out = iv;
    out.resize(kCbcIv + plain.size() + kCbcIv);
    int n = 0;
    int tail = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), cipherFor("aescbc", key.size()), nullptr, bytes(key), bytes(iv)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), bytes(out) + kCbcIv, &n, bytes(plain), static_cast<int>(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), bytes(out) + kCbcIv + n, &tail) != 1)
        throw std::runtime_error("AES-CBC encryption failed");
    out.resize(kCbcIv + static_cast<std::size_t>(n + tail));
    return out;
}

Result<std::string> cbcOpen(const std::string& key, std::string_view data)
{
    if (data.size() < kCbcIv)
        return fail(ErrorCode::InternalError, "the stored data was shorter than the required size");
    if ((data.size() - kCbcIv) % kCbcIv != 0)
        return fail(ErrorCode::InternalError, "the stored data is not a multiple of the block size");
    std::string iv(data.substr(0, kCbcIv));
    std::string cipher(data.substr(kCbcIv));
    std::string out(cipher.size() + kCbcIv, '\0');
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int n = 0;
    int tail = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), cipherFor("aescbc", key.size()), nullptr, bytes(key), bytes(iv)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), bytes(out), &n, bytes(cipher), static_cast<int>(cipher.size())) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), bytes(out) + n, &tail) != 1)
        return fail(ErrorCode::InternalError, "invalid padding on input");
    out.resize(static_cast<std::size_t>(n + tail));
    return out;
}

/// AES-GCM (aes.gcm transformer): nonce, ciphertext, tag; the etcd key authenticated.
std::string gcmSeal(const std::string& key, const std::string& plain, const std::string& aad)
{
    std::string nonce = randomBytes(kGcmNonce);
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    std::string out = nonce;
    out.resize(kGcmNonce + plain.size() + kGcmTag);
    int n = 0;
    int tail = 0;
    int ignored = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), cipherFor("aesgcm", key.size()), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kGcmNonce), nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &ignored, bytes(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), bytes(out) + kGcmNonce, &n, bytes(plain), static_cast<int>(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), bytes(out) + kGcmNonce + n, &tail) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTag),
                            bytes(out) + kGcmNonce + n + tail) != 1)
        throw std::runtime_error("AES-GCM encryption failed");
    out.resize(kGcmNonce + static_cast<std::size_t>(n + tail) + kGcmTag);
    return out;
}

Result<std::string> gcmOpen(const std::string& key, std::string_view data, const std::string& aad)
{
    if (data.size() < kGcmNonce + kGcmTag)
        return fail(ErrorCode::InternalError, "the stored data was shorter than the required size");
    std::string nonce(data.substr(0, kGcmNonce));
    std::string cipher(data.substr(kGcmNonce, data.size() - kGcmNonce - kGcmTag));
    std::string tag(data.substr(data.size() - kGcmTag));
    std::string out(cipher.size() + kGcmTag, '\0');
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int n = 0;
    int tail = 0;
    int ignored = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), cipherFor("aesgcm", key.size()), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kGcmNonce), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &ignored, bytes(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), bytes(out), &n, bytes(cipher), static_cast<int>(cipher.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTag), bytes(tag)) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), bytes(out) + n, &tail) != 1)
        return fail(ErrorCode::InternalError, "cipher: message authentication failed");
    out.resize(static_cast<std::size_t>(n + tail));
    return out;
}

std::string prefixOf(const std::string& type, const std::string& keyName)
{
    return std::string(kPrefix) + type + ":v1:" + keyName + ":";
}

/// `secrets`, `deployments.apps`: how EncryptionConfiguration names a resource.
std::string groupResourceOf(const ObjectKey& key)
{
    const ResourceInfo* r = findResourceByKind(key.kind);
    if (!r)
        return key.kind;
    return r->group.empty() ? std::string(r->plural) : std::string(r->plural) + "." + std::string(r->group);
}

bool resourceMatches(const std::string& pattern, const ObjectKey& key)
{
    const ResourceInfo* r = findResourceByKind(key.kind);
    if (pattern == "*.*")
        return true;
    if (pattern == "*.")
        return r && r->group.empty();
    if (pattern.starts_with("*."))
        return r && pattern.substr(2) == r->group;
    return pattern == groupResourceOf(key);
}

} // namespace

bool isEncrypted(std::string_view stored)
{
    return stored.starts_with(kPrefix);
}

Result<EncryptionConfig> EncryptionConfig::parse(const Json& config)
{
    if (!config.is_object() || config.value("apiVersion", "") != "apiserver.config.k8s.io/v1" ||
        config.value("kind", "") != "EncryptionConfiguration")
        return fail(ErrorCode::BadRequest, "no kind \"" + config.value("kind", "") + "\" is registered for version \"" +
                                               config.value("apiVersion", "") + "\"");
    std::vector<FieldError> errors;
    const Path root("resources");
    const Json& resources = member(config, "resources");
    if (!resources.is_array() || resources.empty())
        errors.push_back(validation::required(root, "at least one " + std::string(root.str()) + " is required"));
    EncryptionConfig out;
    out.m_document = config;
    for (std::size_t i = 0; resources.is_array() && i < resources.size(); ++i) {
        const Json& entry = resources[i];
        const Path r = root.index(i).child("resources");
        const Path p = root.index(i).child("providers");
        Rule rule;
        for (const Json& name : member(entry, "resources"))
            if (name.is_string())
                rule.resources.push_back(name.get<std::string>());
        if (rule.resources.empty())
            errors.push_back(validation::required(r, "at least one " + std::string(r.str()) + " is required"));
        const Json& providers = member(entry, "providers");
        if (!providers.is_array() || providers.empty())
            errors.push_back(validation::required(p, "at least one " + std::string(p.str()) + " is required"));
        for (std::size_t j = 0; providers.is_array() && j < providers.size(); ++j) {
            const Json& provider = providers[j];
            const Path path = p.index(j);
            std::vector<std::string> kinds;
            for (const char* k : {"kms", "aesgcm", "aescbc", "secretbox", "identity"})
                if (provider.is_object() && provider.contains(k) && !provider[k].is_null())
                    kinds.emplace_back(k);
            const Value printed = Value::raw(provider.dump());
            if (kinds.empty()) {
                errors.push_back(validation::invalid(path, printed,
                                                     "provider does not contain any of the expected providers: KMS, "
                                                     "AESGCM, AESCBC, Secretbox, Identity"));
                continue;
            }
            if (kinds.size() > 1) {
                errors.push_back(validation::invalid(path, printed,
                                                     "more than one provider specified in a single element, should "
                                                     "split into different list elements"));
                continue;
            }
            Provider prov{kinds.front(), {}};
            if (prov.type == "kms" || prov.type == "secretbox")
                return fail(ErrorCode::BadRequest, "the lab does not simulate the " + prov.type +
                                                       " provider: use aescbc, aesgcm or identity");
            if (prov.type != "identity") {
                const Path keysPath = path.child(prov.type).child("keys");
                const Json& keys = member(provider[prov.type], "keys");
                if (!keys.is_array() || keys.empty())
                    errors.push_back(validation::required(keysPath, "at least one keys is required"));
                for (std::size_t k = 0; keys.is_array() && k < keys.size(); ++k) {
                    const Path keyPath = keysPath.index(k);
                    std::string name = keys[k].value("name", "");
                    std::string secret = keys[k].value("secret", "");
                    if (name.empty())
                        errors.push_back(
                            validation::required(keyPath.child("name"), "name is a mandatory field for a key"));
                    if (secret.empty()) {
                        errors.push_back(
                            validation::required(keyPath.child("secret"), "secret is a mandatory field for a key"));
                        continue;
                    }
                    auto raw = decodeBase64(secret);
                    if (!raw) {
                        errors.push_back(validation::invalid(keyPath.child("secret"), Value::string("REDACTED"),
                                                             "secrets must be base64 encoded"));
                        continue;
                    }
                    if (raw->size() != 16 && raw->size() != 24 && raw->size() != 32) {
                        errors.push_back(validation::invalid(
                            keyPath.child("secret"), Value::string("REDACTED"),
                            "secret is not of the expected length, got " + std::to_string(raw->size()) +
                                ", expected one of [16 24 32]"));
                        continue;
                    }
                    prov.keys.push_back(Provider::Key{name, std::move(*raw)});
                }
            }
            rule.providers.push_back(std::move(prov));
        }
        out.m_rules.push_back(std::move(rule));
    }
    if (!errors.empty()) {
        std::string joined;
        for (const FieldError& e : errors)
            joined += (joined.empty() ? "" : ", ") + e.toString();
        Error e = makeError(ErrorCode::Invalid, "error while parsing encryption provider configuration: " +
                                                    (errors.size() == 1 ? joined : "[" + joined + "]"));
        return fail(e);
    }
    return out;
}

const EncryptionConfig::Rule* EncryptionConfig::ruleFor(const ObjectKey& key) const
{
    for (const Rule& rule : m_rules)
        for (const std::string& pattern : rule.resources)
            if (resourceMatches(pattern, key))
                return &rule;
    return nullptr;
}

std::string EncryptionConfig::writer(const ObjectKey& key) const
{
    const Rule* rule = ruleFor(key);
    return rule && !rule->providers.empty() ? rule->providers.front().type : "identity";
}

std::string EncryptionConfig::writerPrefix(const ObjectKey& key) const
{
    const Rule* rule = ruleFor(key);
    if (!rule || rule->providers.empty() || rule->providers.front().type == "identity")
        return {};
    return prefixOf(rule->providers.front().type, rule->providers.front().keys.front().name);
}

std::string EncryptionConfig::seal(const ObjectKey& key, std::string plain) const
{
    const Rule* rule = ruleFor(key);
    if (!rule || rule->providers.empty() || rule->providers.front().type == "identity")
        return plain;
    const Provider& p = rule->providers.front();
    const Provider::Key& k = p.keys.front();
    std::string out = prefixOf(p.type, k.name);
    out += p.type == "aesgcm" ? gcmSeal(k.secret, plain, etcdKeyOf(key)) : cbcSeal(k.secret, plain);
    return out;
}

Result<std::string> EncryptionConfig::open(const ObjectKey& key, std::string stored) const
{
    if (!isEncrypted(stored))
        return stored;
    if (const Rule* rule = ruleFor(key))
        for (const Provider& p : rule->providers)
            for (const Provider::Key& k : p.keys) {
                const std::string prefix = prefixOf(p.type, k.name);
                if (!stored.starts_with(prefix))
                    continue;
                std::string_view data = std::string_view(stored).substr(prefix.size());
                return p.type == "aesgcm" ? gcmOpen(k.secret, data, etcdKeyOf(key)) : cbcOpen(k.secret, data);
            }
    return fail(ErrorCode::InternalError, "no matching prefix found");
}

} // namespace kubelab::core
