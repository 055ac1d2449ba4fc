// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/api/error.h"

namespace kubelab::core {

class Engine;
struct RequestContext;

/// One user of the lab's kubeconfig. A certificate user stands for a client certificate
/// the lab's CA signed (CN = name, O = groups); a token user for a bearer token in the API
/// server's static token file.
struct LabUser {
    std::string name;
    bool token = false;
    std::string tokenValue;
    std::vector<std::string> groups;
};

struct LabContext {
    std::string name;
    std::string user;
    std::string ns;
};

/// The kubeconfig `klab` keeps with the lab (`config get-contexts`, `use-context`, ...).
/// A fresh lab has kubeadm's admin.conf: user `kubernetes-admin` (O=kubeadm:cluster-admins)
/// in context `kubernetes-admin@kubernetes`.
struct Kubeconfig {
    std::vector<LabUser> users;
    std::vector<LabContext> contexts;
    std::string currentContext;

    [[nodiscard]] static Kubeconfig load(const Engine& engine);
    void save(Engine& engine) const;
    [[nodiscard]] const LabUser* user(const std::string& name) const;
    [[nodiscard]] const LabContext* context(const std::string& name) const;
};

/// Who a request is from: the context's user (`contextName`, else the current context),
/// or the holder of `token` (a static token or a ServiceAccount token of this lab).
/// Unknown tokens are 401 `Unauthorized`.
[[nodiscard]] Result<RequestContext> authenticate(const Engine& engine, const Kubeconfig& config,
                                                  const std::optional<std::string>& contextName,
                                                  const std::optional<std::string>& token);

/// The user of a verified client certificate (the x509 authenticator of k8s.io/apiserver):
/// the Common Name, and the Organizations as groups, with `system:authenticated`.
[[nodiscard]] RequestContext certificateUser(std::string commonName, std::vector<std::string> organizations);

/// `--as` / `--as-group`: checks the `impersonate` verb on users, groups or serviceaccounts
/// for the real user and returns the impersonated one (k8s.io/apiserver's impersonation filter).
[[nodiscard]] Result<RequestContext> impersonate(const Engine& engine, const RequestContext& real,
                                                 const std::string& as, const std::vector<std::string>& groups);

/// A ServiceAccount token as `kubectl create token` prints it: a JWT whose claims name the
/// account; the lab signs it with a digest of its own rather than the cluster's RSA key.
[[nodiscard]] std::string serviceAccountToken(const Engine& engine, const std::string& ns, const std::string& name,
                                              const std::string& uid);

} // namespace kubelab::core
