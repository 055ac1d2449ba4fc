// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/api/object.h"
#include "core/network/podexec.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::net {

/// The files a container sees through its volumeMounts, for `klab exec`'s `cat`, `ls` and
/// `echo TEXT > FILE` (`>>` appends). Where the bytes live decides who else sees them:
/// - emptyDir: the pod (its uid): containers of the pod share it, a new pod starts empty;
/// - hostPath, local volumes: the node and the path: another pod on the node sees them;
/// - PersistentVolumeClaims: the volume's storage (CSI volume handle, NFS export, the node's
///   path for hostPath and local volumes): kept while the volume lives, whichever pod mounts it;
/// - configMap, secret (decoded), downwardAPI: files made from the object (keys, or `items`
///   with their paths), read-only, as is a mount with `readOnly: true`.
/// Written files are kept in the lab file. Simplified: only what is written through exec
/// exists (no image contents, no real file system: directories, permissions and sizes are
/// not modelled), and data whose storage is gone (a deleted pod's emptyDir, a deleted
/// volume's) is no longer reachable but stays in the lab file.
[[nodiscard]] ExecResult catFile(Engine& engine, const Json& pod, const std::string& container, const std::string& path);
[[nodiscard]] ExecResult listDirectory(Engine& engine, const Json& pod, const std::string& container,
                                       const std::string& path);
[[nodiscard]] ExecResult writeFile(Engine& engine, const Json& pod, const std::string& container,
                                   const std::string& path, const std::string& content, bool append);

} // namespace kubelab::core::net
