// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

#include "core/api/object.h"
#include "core/api/schema.h"

namespace kubelab::core::server {

/// The API server's `/openapi/v2` document, built from the lab's API schema
/// (core/api/schema.h): a Swagger 2.0 `definitions` entry for every type, with upstream's
/// descriptions, `properties`, `required`, `$ref`s, `items`, `additionalProperties`, `enum`s
/// and the `x-kubernetes-group-version-kind` of each kind. That is what `kubectl explain`
/// prints from and what kubectl's client-side validation checks manifests against.
/// `paths` is empty: the lab describes its types, not its operations.
class OpenApiV2 final {
public:
    /// Builds the document once: its JSON text, its protobuf encoding and their ETag.
    /// `version` is the `info.version` (the server's Kubernetes version, `v1.31.0`).
    OpenApiV2(const Schema& schema, std::string_view version);

    /// The document as JSON (what `kubectl get --raw /openapi/v2` reads).
    [[nodiscard]] const Json& document() const { return m_document; }
    [[nodiscard]] const std::string& json() const { return m_json; }
    /// The document as the protobuf message `openapi.v2.Document` of gnostic's
    /// OpenAPIv2.proto, the encoding kube-openapi serves and kubectl decodes.
    [[nodiscard]] const std::string& protobuf() const { return m_protobuf; }
    /// kube-openapi's ETag: the SHA-512 of the JSON text in upper-case hex, quoted.
    [[nodiscard]] const std::string& etag() const { return m_etag; }

    /// The media type kube-openapi's handler answers an `Accept` header with: the first
    /// clause (by quality) that matches `application/json` or one of the two protobuf media
    /// types; `application/json` when there is no header; empty when nothing matches
    /// (406 Not Acceptable). The protobuf answer is always named
    /// `application/com.github.proto-openapi.spec.v2.v1.0+protobuf`.
    [[nodiscard]] static std::string negotiate(std::string_view accept);

    static constexpr std::string_view kJson = "application/json";
    static constexpr std::string_view kProtobuf = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

private:
    Json m_document;
    std::string m_json;
    std::string m_protobuf;
    std::string m_etag;
};

/// Encodes a Swagger 2.0 document (JSON) as gnostic's `openapi.v2.Document` protobuf
/// message, field by field as gnostic's ParseDocument reads the JSON and proto.Marshal
/// writes it. Covers what OpenApiV2 writes: info, paths, definitions and their schemas,
/// security definitions and requirements; vendor extensions and enum values carry their
/// value as YAML text (`Any.yaml`), as gnostic keeps them.
[[nodiscard]] std::string encodeOpenApiV2(const Json& document);

} // namespace kubelab::core::server
