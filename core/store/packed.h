// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

#include "core/api/object.h"

namespace kubelab::core {

/// The stored form of an object, in memory and in the lab file: a compact binary encoding
/// of its document. Field names and common values that every Kubernetes object repeats
/// (`metadata`, `terminationMessagePath`, `IfNotPresent`, ...) are one byte each from a
/// fixed word list, so a defaulted pod takes about half of its MessagePack size. Number
/// types (signed, unsigned, floating) and key order survive exactly.
///
/// The first byte is 0xC1, a byte MessagePack never uses, so labs written before this
/// encoding (plain MessagePack) still read.
[[nodiscard]] std::string packObject(const Json& object);

/// Decodes a stored object. Throws std::runtime_error on bytes that are neither encoding
/// (a damaged lab).
[[nodiscard]] Json unpackObject(std::string_view packed);

} // namespace kubelab::core
