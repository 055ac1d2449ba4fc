// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/auth/admission.h"

namespace kubelab::core {

/// DefaultStorageClass admission (plugin/pkg/admission/storage/storageclass/setdefault):
/// a new claim that names no class (`storageClassName` unset, not "") gets the default
/// StorageClass, the one annotated `storageclass.kubernetes.io/is-default-class: "true"`.
class DefaultStorageClass final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "DefaultStorageClass"; }
    Status admit(AdmissionRequest& request) override;
};

/// StorageObjectInUseProtection admission (plugin/pkg/admission/storage/storageobjectinuseprotection):
/// new claims get the `kubernetes.io/pvc-protection` finalizer, new volumes
/// `kubernetes.io/pv-protection`; the protection controllers remove them once unused.
class StorageObjectInUseProtection final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "StorageObjectInUseProtection"; }
    Status admit(AdmissionRequest& request) override;
};

/// PersistentVolumeClaimResize admission (plugin/pkg/admission/storage/persistentvolume/resize):
/// a claim's storage request may grow only when the claim is Bound and its StorageClass
/// (the same before and after) has `allowVolumeExpansion: true`.
class PersistentVolumeClaimResize final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "PersistentVolumeClaimResize"; }
    Status validate(const AdmissionRequest& request) override;
};

} // namespace kubelab::core
