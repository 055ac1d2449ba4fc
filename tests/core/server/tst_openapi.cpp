// SPDX-License-Identifier: GPL-3.0-or-later
// `/openapi/v2`: the protobuf bytes decoded back with a small decoder of protobuf's wire
// format and read as kubectl reads them (gnostic's OpenAPIv2.proto field numbers), the JSON
// form, and the media type negotiation.
#include <QTest>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/api/schema.h"
#include "core/server/openapi.h"

using namespace kubelab::core;
using kubelab::core::server::OpenApiV2;

namespace {

/// One decoded message: its fields by number, in order. Varints keep their value,
/// length-delimited fields their bytes.
struct Message {
    struct Field {
        int number = 0;
        int wireType = 0;
        std::uint64_t value = 0;
        std::string bytes;
    };
    std::vector<Field> fields;
    bool ok = true;

    static Message decode(std::string_view data)
    {
        Message m;
        std::size_t pos = 0;
        const auto varint = [&](std::uint64_t& out) {
            out = 0;
            for (int shift = 0; pos < data.size() && shift < 64; shift += 7) {
                const auto byte = static_cast<unsigned char>(data[pos++]);
                out |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
                if (!(byte & 0x80))
                    return true;
            }
            return false;
        };
        while (pos < data.size()) {
            std::uint64_t key = 0;
            if (!varint(key)) {
                m.ok = false;
                return m;
            }
            Field f;
            f.number = static_cast<int>(key >> 3);
            f.wireType = static_cast<int>(key & 7);
            if (f.wireType == 0) {
                if (!varint(f.value))
                    m.ok = false;
            } else if (f.wireType == 2) {
                std::uint64_t length = 0;
                if (!varint(length) || pos + length > data.size()) {
                    m.ok = false;
                    return m;
                }
                f.bytes = std::string(data.substr(pos, length));
                pos += length;
            } else {
                m.ok = false; // OpenAPIv2.proto's messages use no other wire type here
                return m;
            }
            m.fields.push_back(std::move(f));
        }
        return m;
    }

    [[nodiscard]] std::vector<std::string> all(int number) const
    {
        std::vector<std::string> out;
        for (const Field& f : fields)
            if (f.number == number)
                out.push_back(f.bytes);
        return out;
    }
    [[nodiscard]] std::string string(int number) const
    {
        const std::vector<std::string> values = all(number);
        return values.empty() ? std::string() : values.back();
    }
    [[nodiscard]] bool has(int number) const
    {
        for (const Field& f : fields)
            if (f.number == number)
                return true;
        return false;
    }
    [[nodiscard]] Message message(int number) const { return decode(string(number)); }
    /// A repeated Named* message (name 1, value 2) as a map.
    [[nodiscard]] std::map<std::string, Message> named(int number) const
    {
        std::map<std::string, Message> out;
        for (const std::string& bytes : all(number)) {
            Message pair = decode(bytes);
            out[pair.string(1)] = pair.message(2);
        }
        return out;
    }
};

// gnostic's field numbers (openapiv2/OpenAPIv2.proto).
namespace doc {
constexpr int swagger = 1, info = 2, paths = 8, definitions = 9, security = 12, securityDefinitions = 13;
}
namespace schema {
constexpr int ref = 1, format = 2, description = 4, required = 19, enumValues = 20, additionalProperties = 21,
              type = 22, items = 23, properties = 25, vendorExtension = 31;
}

const OpenApiV2& served()
{
    static const OpenApiV2 document(*apiSchema(), "v1.31.0");
    return document;
}

const std::map<std::string, Message>& definitions()
{
    static const std::map<std::string, Message> defs =
        Message::decode(served().protobuf()).message(doc::definitions).named(1);
    return defs;
}

std::string typeOf(const Message& s)
{
    const std::vector<std::string> values = s.message(schema::type).all(1);
    std::string out;
    for (const std::string& v : values)
        out += (out.empty() ? "" : ",") + v;
    return out;
}

// A property's shape as a short text: `string`, `$Time`, `[]$Container`, `map[string]$Quantity`,
// `map[string][]string`.
std::string shapeOf(const Message& s)
{
    if (s.has(schema::ref)) {
        std::string ref = s.string(schema::ref);
        return "$" + ref.substr(ref.rfind('.') + 1);
    }
    const std::string type = typeOf(s);
    if (type == "array") {
        const std::vector<std::string> items = s.message(schema::items).all(1);
        return items.size() == 1 ? "[]" + shapeOf(Message::decode(items[0])) : "[]?";
    }
    if (type == "object" && s.has(schema::additionalProperties))
        return "map[string]" + shapeOf(s.message(schema::additionalProperties).message(1));
    return type;
}

} // namespace

class TestOpenApi : public QObject {
    Q_OBJECT

private slots:
    void documentHeader()
    {
        const Message d = Message::decode(served().protobuf());
        QVERIFY(d.ok);
        QCOMPARE(d.string(doc::swagger), std::string("2.0"));
        const Message info = d.message(doc::info);
        QCOMPARE(info.string(1), std::string("Kubernetes"));
        QCOMPARE(info.string(2), std::string("v1.31.0"));
        QVERIFY(d.has(doc::paths));
        QVERIFY(d.message(doc::paths).fields.empty());
        // BearerToken, an apiKey in the authorization header, required by the document.
        const std::map<std::string, Message> security = d.message(doc::securityDefinitions).named(1);
        QVERIFY(security.contains("BearerToken"));
        const Message apiKey = security.at("BearerToken").message(2);
        QCOMPARE(apiKey.string(1), std::string("apiKey"));
        QCOMPARE(apiKey.string(2), std::string("authorization"));
        QCOMPARE(apiKey.string(3), std::string("header"));
        QCOMPARE(Message::decode(d.string(doc::security)).named(1).count("BearerToken"), std::size_t(1));
    }

    void everyTypeIsDefined()
    {
        const Schema& s = *apiSchema();
        QCOMPARE(definitions().size(), s.types().size());
        for (const SchemaType& type : s.types()) {
            QVERIFY2(definitions().contains(type.key), type.key.c_str());
            const Message& def = definitions().at(type.key);
            QVERIFY(def.ok);
            QCOMPARE(def.string(schema::description), type.description);
            QCOMPARE(def.message(schema::properties).all(1).size(), type.fields.size());
            // Every $ref names a definition of the document (kube-openapi refuses a dangling one).
            for (const auto& [name, property] : def.message(schema::properties).named(1)) {
                std::string shape = shapeOf(property);
                if (const SchemaField* field = type.field(name); field && !field->ref.empty()) {
                    QVERIFY2(shape.ends_with("$" + field->ref.substr(field->ref.rfind('.') + 1)), (type.key + "." + name).c_str());
                    QVERIFY(definitions().contains(field->ref));
                }
            }
        }
    }

    void definition_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("gvk");
        QTest::addColumn<QStringList>("required");

        QTest::addRow("deployment") << "io.k8s.api.apps.v1.Deployment" << "object" << ""
                                    << "- group: apps\n  kind: Deployment\n  version: v1\n" << QStringList{};
        QTest::addRow("pod-core-group") << "io.k8s.api.core.v1.Pod" << "object" << ""
                                        << "- group: \"\"\n  kind: Pod\n  version: v1\n" << QStringList{};
        QTest::addRow("deployment-spec") << "io.k8s.api.apps.v1.DeploymentSpec" << "object" << "" << ""
                                         << QStringList{"selector", "template"};
        QTest::addRow("container") << "io.k8s.api.core.v1.Container" << "object" << "" << "" << QStringList{"name"};
        QTest::addRow("pod-spec") << "io.k8s.api.core.v1.PodSpec" << "object" << "" << "" << QStringList{"containers"};
        QTest::addRow("time") << "io.k8s.apimachinery.pkg.apis.meta.v1.Time" << "string" << "date-time" << ""
                              << QStringList{};
        QTest::addRow("int-or-string") << "io.k8s.apimachinery.pkg.util.intstr.IntOrString" << "string"
                                       << "int-or-string" << "" << QStringList{};
        QTest::addRow("quantity") << "io.k8s.apimachinery.pkg.api.resource.Quantity" << "string" << "" << ""
                                  << QStringList{};
        QTest::addRow("raw-extension") << "io.k8s.apimachinery.pkg.runtime.RawExtension" << "object" << "" << ""
                                       << QStringList{};
    }

    void definition()
    {
        QFETCH(QString, key);
        QFETCH(QString, type);
        QFETCH(QString, format);
        QFETCH(QString, gvk);
        QFETCH(QStringList, required);
        QVERIFY(definitions().contains(key.toStdString()));
        const Message& def = definitions().at(key.toStdString());
        QCOMPARE(QString::fromStdString(typeOf(def)), type);
        QCOMPARE(QString::fromStdString(def.string(schema::format)), format);
        const std::map<std::string, Message> extensions = def.named(schema::vendorExtension);
        if (gvk.isEmpty()) {
            QVERIFY(!extensions.contains("x-kubernetes-group-version-kind"));
        } else {
            QVERIFY(extensions.contains("x-kubernetes-group-version-kind"));
            // Any.yaml (field 2): the value as YAML, which kube-openapi unmarshals.
            QCOMPARE(QString::fromStdString(extensions.at("x-kubernetes-group-version-kind").string(2)), gvk);
        }
        QStringList names;
        for (const std::string& name : def.all(schema::required))
            names << QString::fromStdString(name);
        QCOMPARE(names, required);
    }

    void property_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("descriptionStart");
        QTest::addColumn<QStringList>("enumValues");

        QTest::addRow("primitive") << "io.k8s.api.apps.v1.DeploymentSpec" << "replicas" << "integer"
                                   << "Number of desired pods." << QStringList{};
        QTest::addRow("ref") << "io.k8s.api.apps.v1.DeploymentSpec" << "strategy" << "$DeploymentStrategy"
                             << "The deployment strategy to use" << QStringList{};
        QTest::addRow("ref-to-string-type") << "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" << "creationTimestamp"
                                            << "$Time" << "CreationTimestamp is a timestamp" << QStringList{};
        QTest::addRow("enum") << "io.k8s.api.apps.v1.DeploymentStrategy" << "type" << "string"
                              << "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\"."
                              << QStringList{"Recreate", "RollingUpdate"};
        QTest::addRow("list-of-refs") << "io.k8s.api.core.v1.PodSpec" << "containers" << "[]$Container"
                                      << "List of containers belonging to the pod." << QStringList{};
        QTest::addRow("list-of-strings") << "io.k8s.api.core.v1.Container" << "command" << "[]string"
                                         << "Entrypoint array." << QStringList{};
        QTest::addRow("map-of-strings") << "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" << "labels"
                                        << "map[string]string" << "Map of string keys and values" << QStringList{};
        QTest::addRow("map-of-refs") << "io.k8s.api.core.v1.ResourceRequirements" << "limits"
                                     << "map[string]$Quantity" << "Limits describes the maximum" << QStringList{};
        QTest::addRow("int-or-string") << "io.k8s.api.core.v1.ServicePort" << "targetPort" << "$IntOrString"
                                       << "Number or name of the port" << QStringList{};
        QTest::addRow("boolean") << "io.k8s.api.core.v1.PodSpec" << "hostNetwork" << "boolean"
                                 << "Host networking requested for this pod." << QStringList{};
    }

    void property()
    {
        QFETCH(QString, key);
        QFETCH(QString, field);
        QFETCH(QString, shape);
        QFETCH(QString, descriptionStart);
        QFETCH(QStringList, enumValues);
        const Message& def = definitions().at(key.toStdString());
        const std::map<std::string, Message> properties = def.message(schema::properties).named(1);
        QVERIFY(properties.contains(field.toStdString()));
        const Message& p = properties.at(field.toStdString());
        QCOMPARE(QString::fromStdString(shapeOf(p)), shape);
        const QString description = QString::fromStdString(p.string(schema::description));
        QVERIFY2(description.startsWith(descriptionStart), qPrintable(description));
        // The field's description is the one `klab explain` prints (enum values appended).
        const Schema& s = *apiSchema();
        const SchemaField* f = s.type(key.toStdString())->field(field.toStdString());
        QCOMPARE(description.toStdString(), s.fieldDescription(*f, Language::English));
        QStringList values;
        for (const std::string& yaml : p.all(schema::enumValues))
            values << QString::fromStdString(Message::decode(yaml).string(2)).trimmed();
        QCOMPARE(values, enumValues);
    }

    void patchExtensions_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("mergeKey");
        QTest::addRow("containers") << "io.k8s.api.core.v1.PodSpec" << "containers" << "merge" << "name";
        QTest::addRow("volumes") << "io.k8s.api.core.v1.PodSpec" << "volumes" << "merge,retainKeys" << "name";
        QTest::addRow("container-ports") << "io.k8s.api.core.v1.Container" << "ports" << "merge" << "containerPort";
        QTest::addRow("service-ports") << "io.k8s.api.core.v1.ServiceSpec" << "ports" << "merge" << "port";
        QTest::addRow("strategy") << "io.k8s.api.apps.v1.DeploymentSpec" << "strategy" << "retainKeys" << "";
        QTest::addRow("finalizers") << "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" << "finalizers" << "merge" << "";
        QTest::addRow("atomic") << "io.k8s.api.core.v1.PodSpec" << "tolerations" << "" << "";
    }

    void patchExtensions()
    {
        // What kubectl apply's strategic merge patch reads: without them every list would be
        // replaced whole, and a defaulted container would make each apply a change.
        QFETCH(QString, key);
        QFETCH(QString, field);
        QFETCH(QString, strategy);
        QFETCH(QString, mergeKey);
        const Message p = definitions().at(key.toStdString()).message(schema::properties).named(1).at(field.toStdString());
        const std::map<std::string, Message> extensions = p.named(schema::vendorExtension);
        const auto yamlOf = [&](const char* name) {
            auto it = extensions.find(name);
            return it == extensions.end() ? QString() : QString::fromStdString(it->second.string(2)).trimmed();
        };
        QCOMPARE(yamlOf("x-kubernetes-patch-strategy"), strategy);
        QCOMPARE(yamlOf("x-kubernetes-patch-merge-key"), mergeKey);
    }

    void jsonForm()
    {
        // The JSON text is the document the protobuf encodes.
        const Json parsed = Json::parse(served().json());
        QVERIFY(parsed == served().document());
        QCOMPARE(parsed["swagger"].get<std::string>(), std::string("2.0"));
        const Json& deployment = parsed["definitions"]["io.k8s.api.apps.v1.Deployment"];
        QCOMPARE(deployment["x-kubernetes-group-version-kind"][0]["kind"].get<std::string>(), std::string("Deployment"));
        QCOMPARE(deployment["properties"]["spec"]["$ref"].get<std::string>(),
                 std::string("#/definitions/io.k8s.api.apps.v1.DeploymentSpec"));
        QCOMPARE(parsed["definitions"]["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]["items"]["$ref"]
                     .get<std::string>(),
                 std::string("#/definitions/io.k8s.api.core.v1.Container"));
        // kube-openapi's ETag: SHA-512 of the JSON, upper-case hex, quoted.
        QCOMPARE(served().etag().size(), std::size_t(128 + 2));
        QVERIFY(served().etag().starts_with('"') && served().etag().ends_with('"'));
    }

    void negotiate_data()
    {
        QTest::addColumn<QString>("accept");
        QTest::addColumn<QString>("answer");
        const QString proto = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
        QTest::addRow("kubectl-1.20") << "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" << proto;
        QTest::addRow("new-protobuf-name") << "application/com.github.proto-openapi.spec.v2.v1.0+protobuf" << proto;
        QTest::addRow("none") << "" << "application/json";
        QTest::addRow("json") << "application/json" << "application/json";
        QTest::addRow("any") << "*/*" << "application/json";
        QTest::addRow("kubectl-raw") << "application/json, */*" << "application/json";
        QTest::addRow("quality-order") << "application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
                                       << proto;
        QTest::addRow("unknown") << "text/html" << "";
        QTest::addRow("yaml") << "application/yaml" << "";
    }

    void negotiate()
    {
        QFETCH(QString, accept);
        QFETCH(QString, answer);
        QCOMPARE(QString::fromStdString(OpenApiV2::negotiate(accept.toStdString())), answer);
    }

    void encoding_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("hex");
        // swagger (1) "2.0"; info (2) {title (1) "K"}.
        QTest::addRow("header") << QByteArray("{\"swagger\":\"2.0\",\"info\":{\"title\":\"K\"}}") << QByteArray("0a03322e3012030a014b");
        // definitions (9) {NamedSchema (1) {name "a", value {type (22) {value "string"}}}}:
        // field 22's tag is a two-byte varint (0xb2 0x01).
        QTest::addRow("definition") << QByteArray("{\"definitions\":{\"a\":{\"type\":\"string\"}}}")
                                    << QByteArray("4a120a100a0161120bb20108"
                                                  "0a06737472696e67");
        // A description of 200 bytes: a two-byte length varint (0xc8 0x01).
        QTest::addRow("long-length") << QByteArray("{\"definitions\":{\"a\":{\"description\":\"" + QByteArray(200, 'x') + "\"}}}")
                                     << QByteArray();
    }

    void encoding()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, hex);
        const std::string bytes = server::encodeOpenApiV2(Json::parse(json.toStdString()));
        if (!hex.isEmpty()) {
            QCOMPARE(QByteArray::fromStdString(bytes).toHex(), hex);
            return;
        }
        const Message d = Message::decode(bytes);
        QVERIFY(d.ok);
        const Message a = d.message(doc::definitions).named(1).at("a");
        QCOMPARE(a.string(schema::description), std::string(200, 'x'));
        QVERIFY(QByteArray::fromStdString(bytes).toHex().contains("22c801"));
    }
};

QTEST_APPLESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
