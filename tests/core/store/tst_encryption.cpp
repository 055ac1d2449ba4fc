// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include <string>

#include "core/store/encryption.h"

namespace core = kubelab::core;
using core::EncryptionConfig;
using core::Json;
using core::ObjectKey;

class TestEncryption : public QObject {
    Q_OBJECT

private slots:
    void refusesBadConfigurations_data();
    void refusesBadConfigurations();
    void aescbcRoundTrip();
    void aescbcReadsStandardCiphertext();
    void aesgcmRoundTripBindsTheEtcdKey();
    void identityAndUncoveredKindsStayPlain();
    void readsWithAnyListedKeyWritesWithTheFirst();
    void unknownPrefixIsAnError();
};

namespace {

// base64 of the 32 bytes 00 01 .. 1f, and of 16 bytes.
const char* const kKey32 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const char* const kKey16 = "AAECAwQFBgcICQoLDA0ODw==";

Json configWith(const Json& providers, const Json& resources = Json::array({"secrets"}))
{
    Json c = {{"apiVersion", "apiserver.config.k8s.io/v1"}, {"kind", "EncryptionConfiguration"}};
    c["resources"] = Json::array({Json{{"resources", resources}, {"providers", providers}}});
    return c;
}

Json aes(const char* type, const char* name, const char* secret)
{
    return Json{{type, Json{{"keys", Json::array({Json{{"name", name}, {"secret", secret}}})}}}};
}

EncryptionConfig parsed(const Json& config)
{
    auto c = EncryptionConfig::parse(config);
    if (!c)
        qFatal("%s", c.error().message.c_str());
    return *c;
}

std::string fromHex(const char* hex)
{
    std::string out;
    for (const char* p = hex; p[0] && p[1]; p += 2)
        out += static_cast<char>(std::stoi(std::string(p, 2), nullptr, 16));
    return out;
}

const ObjectKey kSecret{"Secret", "default", "db"};

} // namespace

void TestEncryption::refusesBadConfigurations_data()
{
    QTest::addColumn<QString>("config");
    QTest::addColumn<QString>("message");
    const Json identity = Json{{"identity", Json::object()}};
    auto row = [](const char* name, const Json& config, const char* message) {
        QTest::newRow(name) << QString::fromStdString(config.dump()) << QString::fromUtf8(message);
    };
    row("no resources", Json{{"apiVersion", "apiserver.config.k8s.io/v1"}, {"kind", "EncryptionConfiguration"}},
        "error while parsing encryption provider configuration: resources: Required value: at least one resources "
        "is required");
    row("no providers", configWith(Json::array()),
        "error while parsing encryption provider configuration: resources[0].providers: Required value: at least one "
        "resources[0].providers is required");
    row("key too short", configWith(Json::array({aes("aescbc", "key1", "c2hvcnQ="), identity})),
        "error while parsing encryption provider configuration: resources[0].providers[0].aescbc.keys[0].secret: "
        "Invalid value: \"REDACTED\": secret is not of the expected length, got 5, expected one of [16 24 32]");
    row("not base64", configWith(Json::array({aes("aesgcm", "key1", "not base64!")})),
        "error while parsing encryption provider configuration: resources[0].providers[0].aesgcm.keys[0].secret: "
        "Invalid value: \"REDACTED\": secrets must be base64 encoded");
    row("key without name", configWith(Json::array({aes("aescbc", "", kKey32)})),
        "error while parsing encryption provider configuration: resources[0].providers[0].aescbc.keys[0].name: "
        "Required value: name is a mandatory field for a key");
    Json two = aes("aescbc", "key1", kKey32);
    two["identity"] = Json::object();
    row("two in one element", configWith(Json::array({two})),
        "error while parsing encryption provider configuration: resources[0].providers[0]: Invalid value: "
        "{\"aescbc\":{\"keys\":[{\"name\":\"key1\",\"secret\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}]},"
        "\"identity\":{}}: more than one provider specified in a single element, should split into different list "
        "elements");
    row("secretbox", configWith(Json::array({aes("secretbox", "key1", kKey32)})),
        "the lab does not simulate the secretbox provider: use aescbc, aesgcm or identity");
    row("wrong kind", Json{{"apiVersion", "v1"}, {"kind", "EncryptionConfig"}},
        "no kind \"EncryptionConfig\" is registered for version \"v1\"");
}

void TestEncryption::refusesBadConfigurations()
{
    QFETCH(QString, config);
    QFETCH(QString, message);
    auto c = EncryptionConfig::parse(Json::parse(config.toStdString()));
    QVERIFY(!c);
    QCOMPARE(QString::fromStdString(c.error().message), message);
}

void TestEncryption::aescbcRoundTrip()
{
    const EncryptionConfig c = parsed(configWith(Json::array({aes("aescbc", "key1", kKey32), Json{{"identity", Json::object()}}})));
    const std::string plain = "password: hunter2";
    const std::string sealed = c.seal(kSecret, plain);
    const std::string prefix = "k8s:enc:aescbc:v1:key1:";
    QVERIFY(sealed.starts_with(prefix));
    // IV, then 17 bytes padded to 32.
    QCOMPARE(sealed.size(), prefix.size() + 16 + 32);
    QVERIFY(sealed.find("hunter2") == std::string::npos);
    QVERIFY(c.seal(kSecret, plain) != sealed); // a fresh IV each time
    auto opened = c.open(kSecret, sealed);
    QVERIFY(opened);
    QCOMPARE(*opened, plain);
    QCOMPARE(c.writer(kSecret), std::string("aescbc"));
    QCOMPARE(c.writerPrefix(kSecret), prefix);
}

void TestEncryption::aescbcReadsStandardCiphertext()
{
    // `openssl enc -aes-256-cbc` (PKCS#7, as upstream's cbcTransformer pads) of the same bytes:
    // what another AES-CBC implementation wrote reads back here.
    const EncryptionConfig c = parsed(configWith(Json::array({aes("aescbc", "key1", kKey32)})));
    const std::string stored = "k8s:enc:aescbc:v1:key1:" + fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf") +
                               fromHex("4c93af435de24d786cbec0ddecc8e4ab1ef29ec9138ea8da3c4625c4d090921d");
    auto opened = c.open(kSecret, stored);
    QVERIFY(opened);
    QCOMPARE(*opened, std::string("password: hunter2"));
    auto damaged = c.open(kSecret, stored.substr(0, stored.size() - 1));
    QVERIFY(!damaged);
    QCOMPARE(damaged.error().message, std::string("the stored data is not a multiple of the block size"));
}

void TestEncryption::aesgcmRoundTripBindsTheEtcdKey()
{
    const EncryptionConfig c = parsed(configWith(Json::array({aes("aesgcm", "k", kKey16)})));
    const std::string plain = "token: abc";
    const std::string sealed = c.seal(kSecret, plain);
    const std::string prefix = "k8s:enc:aesgcm:v1:k:";
    QVERIFY(sealed.starts_with(prefix));
    QCOMPARE(sealed.size(), prefix.size() + 12 + plain.size() + 16); // nonce, ciphertext, tag
    auto opened = c.open(kSecret, sealed);
    QVERIFY(opened);
    QCOMPARE(*opened, plain);
    // The etcd key is authenticated: the same bytes under another key do not open.
    auto moved = c.open(ObjectKey{"Secret", "default", "other"}, sealed);
    QVERIFY(!moved);
    QCOMPARE(moved.error().message, std::string("cipher: message authentication failed"));
    std::string tampered = sealed;
    tampered[prefix.size() + 13] ^= 1;
    QVERIFY(!c.open(kSecret, tampered));
}

void TestEncryption::identityAndUncoveredKindsStayPlain()
{
    const EncryptionConfig first = parsed(configWith(Json::array({Json{{"identity", Json::object()}}, aes("aescbc", "key1", kKey32)})));
    QCOMPARE(first.seal(kSecret, "plain"), std::string("plain"));
    QCOMPARE(first.writerPrefix(kSecret), std::string());
    const EncryptionConfig secrets = parsed(configWith(Json::array({aes("aescbc", "key1", kKey32)})));
    const ObjectKey configMap{"ConfigMap", "default", "settings"};
    QCOMPARE(secrets.seal(configMap, "plain"), std::string("plain"));
    QCOMPARE(secrets.writer(configMap), std::string("identity"));
    // Group patterns: *.apps covers Deployments, *. the core group, *.* everything.
    const EncryptionConfig apps = parsed(configWith(Json::array({aes("aescbc", "key1", kKey32)}), Json::array({"*.apps"})));
    QCOMPARE(apps.writer(ObjectKey{"Deployment", "default", "web"}), std::string("aescbc"));
    QCOMPARE(apps.writer(kSecret), std::string("identity"));
    const EncryptionConfig core = parsed(configWith(Json::array({aes("aescbc", "key1", kKey32)}), Json::array({"*."})));
    QCOMPARE(core.writer(configMap), std::string("aescbc"));
    QCOMPARE(core.writer(ObjectKey{"Deployment", "default", "web"}), std::string("identity"));
}

void TestEncryption::readsWithAnyListedKeyWritesWithTheFirst()
{
    // Key rotation as the docs do it: key2 added first, key1 still listed to read.
    const EncryptionConfig old = parsed(configWith(Json::array({aes("aescbc", "key1", kKey32)})));
    const std::string sealedWithKey1 = old.seal(kSecret, "v1");
    Json providers = Json::array({aes("aescbc", "key2", kKey16)});
    providers[0]["aescbc"]["keys"].push_back(Json{{"name", "key1"}, {"secret", kKey32}});
    const EncryptionConfig rotated = parsed(configWith(providers));
    auto opened = rotated.open(kSecret, sealedWithKey1);
    QVERIFY(opened);
    QCOMPARE(*opened, std::string("v1"));
    QVERIFY(rotated.seal(kSecret, "v2").starts_with("k8s:enc:aescbc:v1:key2:"));
}

void TestEncryption::unknownPrefixIsAnError()
{
    const EncryptionConfig c = parsed(configWith(Json::array({aes("aescbc", "key1", kKey32)})));
    auto r = c.open(kSecret, "k8s:enc:aescbc:v1:gone:0123456789abcdef0123456789abcdef");
    QVERIFY(!r);
    QCOMPARE(r.error().message, std::string("no matching prefix found"));
    auto plain = c.open(kSecret, "not encrypted");
    QVERIFY(plain);
    QCOMPARE(*plain, std::string("not encrypted"));
}

QTEST_GUILESS_MAIN(TestEncryption)
#include "tst_encryption.moc"
