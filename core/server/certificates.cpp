// SPDX-License-Identifier: GPL-3.0-or-later
// The lab's PKI for `klab serve` over HTTPS, after kubeadm's certs phase
// (cmd/kubeadm/app/phases/certs, util/pkiutil): a cluster CA, kube-apiserver's serving
// certificate and the users' client certificates. ECDSA P-256 keys (kubeadm's
// --encryption-algorithm=ECDSA-P256) make issuing them at each start cheap.
#include "core/server/certificates.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "core/sim/engine.h"

namespace kubelab::core::server {

namespace {

constexpr const char* kSettingCaCertificate = "serve.ca.crt";
constexpr const char* kSettingCaKey = "serve.ca.key";
constexpr long kYear = 365L * 24 * 3600;
// Certificates start a little in the past, so a clock a few minutes behind accepts them.
constexpr long kBackdate = 5 * 60;

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

Error pkiError(const std::string& what)
{
    return makeError(ErrorCode::InternalError, "unable to " + what + " for the lab's API server (OpenSSL)");
}

PkeyPtr newEcKey()
{
    return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
}

std::string pemBioText(BIO* bio)
{
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return size > 0 && data ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string certificatePem(X509* certificate)
{
    BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return {};
    return pemBioText(bio.get());
}

std::string keyPem(EVP_PKEY* key)
{
    BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return pemBioText(bio.get());
}

X509Ptr readPemCertificate(const std::string& pem)
{
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    return X509Ptr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
}

PkeyPtr readPemKey(const std::string& pem)
{
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    return PkeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr, &EVP_PKEY_free);
}

bool addX509Extension(X509* certificate, X509* issuer, int nid, const std::string& value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!extension)
        return false;
    const bool ok = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return ok;
}

/// A certificate for `key` with `subject`, valid from a few minutes ago for `lifetime`
/// seconds; self-signed when `issuer` is null.
X509Ptr newX509Certificate(const CertificateSubject& subject, EVP_PKEY* key, long lifetime, X509* issuer)
{
    X509Ptr certificate(X509_new(), &X509_free);
    if (!certificate || X509_set_version(certificate.get(), 2) != 1)
        return X509Ptr(nullptr, &X509_free);
    // A random 127-bit serial number (RFC 5280: positive, at most 20 octets).
    BnPtr serial(BN_new(), &BN_free);
    if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
        !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
        return X509Ptr(nullptr, &X509_free);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -kBackdate);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), lifetime);
    X509_NAME* name = X509_get_subject_name(certificate.get());
    for (const std::string& o : subject.organizations)
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(o.c_str()), -1,
                                   -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(subject.commonName.c_str()), -1, -1, 0);
    X509_set_issuer_name(certificate.get(), issuer ? X509_get_subject_name(issuer) : name);
    if (X509_set_pubkey(certificate.get(), key) != 1)
        return X509Ptr(nullptr, &X509_free);
    return certificate;
}

Result<KeyPair> signCertificate(X509Ptr certificate, X509* issuer, EVP_PKEY* issuerKey, PkeyPtr key,
                        const std::vector<std::pair<int, std::string>>& extensions)
{
    X509* self = certificate.get();
    if (!addX509Extension(self, issuer ? issuer : self, NID_subject_key_identifier, "hash"))
        return fail(pkiError("make a certificate"));
    for (const auto& [nid, value] : extensions)
        if (!addX509Extension(self, issuer ? issuer : self, nid, value))
            return fail(pkiError("make a certificate"));
    if (X509_sign(self, issuerKey ? issuerKey : key.get(), EVP_sha256()) <= 0)
        return fail(pkiError("sign a certificate"));
    KeyPair pair{certificatePem(self), keyPem(key.get())};
    if (pair.certificate.empty() || pair.key.empty())
        return fail(pkiError("encode a certificate"));
    return pair;
}

Result<KeyPair> issueCertificate(const KeyPair& ca, const CertificateSubject& subject, const std::vector<std::pair<int, std::string>>& extensions)
{
    X509Ptr caCertificate = readPemCertificate(ca.certificate);
    PkeyPtr caKey = readPemKey(ca.key);
    if (!caCertificate || !caKey)
        return fail(pkiError("read the lab's CA"));
    PkeyPtr key = newEcKey();
    if (!key)
        return fail(pkiError("generate a key"));
    X509Ptr certificate = newX509Certificate(subject, key.get(), kYear, caCertificate.get());
    if (!certificate)
        return fail(pkiError("make a certificate"));
    std::vector<std::pair<int, std::string>> all = {{NID_basic_constraints, "critical,CA:FALSE"},
                                                    {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                                                    {NID_authority_key_identifier, "keyid:always"}};
    all.insert(all.end(), extensions.begin(), extensions.end());
    return signCertificate(std::move(certificate), caCertificate.get(), caKey.get(), std::move(key), all);
}

bool isWildcardAddress(const std::string& address)
{
    return address == "0.0.0.0" || address.empty();
}

} // namespace

Result<KeyPair> labCertificateAuthority(Engine& engine)
{
    auto certificate = engine.labSetting(kSettingCaCertificate);
    auto key = engine.labSetting(kSettingCaKey);
    if (certificate && key && !certificate->empty() && !key->empty()) {
        if (!readPemCertificate(*certificate) || !readPemKey(*key))
            return fail(pkiError("read the lab's CA"));
        return KeyPair{*certificate, *key};
    }
    PkeyPtr caKey = newEcKey();
    if (!caKey)
        return fail(pkiError("generate a key"));
    X509Ptr ca = newX509Certificate(CertificateSubject{"kubernetes", {}}, caKey.get(), 10 * kYear, nullptr);
    if (!ca)
        return fail(pkiError("make the lab's CA"));
    auto pair = signCertificate(std::move(ca), nullptr, nullptr, std::move(caKey),
                        {{NID_basic_constraints, "critical,CA:TRUE"},
                         {NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign"}});
    if (!pair)
        return pair;
    engine.setLabSetting(kSettingCaCertificate, pair->certificate);
    engine.setLabSetting(kSettingCaKey, pair->key);
    return pair;
}

Result<KeyPair> issueServingCertificate(const KeyPair& ca, const std::string& address)
{
    // kubeadm's apiserver certificate names: the kubernetes Service's DNS names and the
    // advertise address; the lab's server is reached on loopback.
    std::string names = "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,"
                        "DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1";
    in_addr parsed{};
    if (!isWildcardAddress(address) && address != "127.0.0.1" && ::inet_pton(AF_INET, address.c_str(), &parsed) == 1)
        names += ",IP:" + address;
    return issueCertificate(ca, CertificateSubject{"kube-apiserver", {}},
                 {{NID_ext_key_usage, "serverAuth"}, {NID_subject_alt_name, names}});
}

Result<KeyPair> issueClientCertificate(const KeyPair& ca, const std::string& user, const std::vector<std::string>& groups)
{
    if (user.empty())
        return fail(ErrorCode::BadRequest, "a client certificate needs a user name");
    return issueCertificate(ca, CertificateSubject{user, groups}, {{NID_ext_key_usage, "clientAuth"}});
}

Result<CertificateSubject> certificateSubject(const std::string& certificatePem)
{
    X509Ptr certificate = readPemCertificate(certificatePem);
    if (!certificate)
        return fail(ErrorCode::BadRequest, "not a PEM certificate");
    CertificateSubject out;
    const X509_NAME* name = X509_get_subject_name(certificate.get());
    auto text = [&](int index) {
        const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
        unsigned char* utf8 = nullptr;
        int size = ASN1_STRING_to_UTF8(&utf8, data);
        std::string s = size > 0 ? std::string(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(size)) : "";
        OPENSSL_free(utf8);
        return s;
    };
    for (int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1); i >= 0;
         i = X509_NAME_get_index_by_NID(name, NID_commonName, i))
        out.commonName = text(i);
    for (int i = X509_NAME_get_index_by_NID(name, NID_organizationName, -1); i >= 0;
         i = X509_NAME_get_index_by_NID(name, NID_organizationName, i))
        out.organizations.push_back(text(i));
    return out;
}

} // namespace kubelab::core::server
