// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/labconfiguration.h"

#include "core/node/imagecatalogue.h"
#include "core/scheduler/schedulercomponent.h"
#include "core/sim/engine.h"

namespace kubelab::core {

bool isLabConfiguration(const Json& document)
{
    const std::string kind = kindOf(document);
    return kind == "KubeSchedulerConfiguration" || kind == "EncryptionConfiguration" || kind == "ImageCatalog";
}

Result<std::string> applyLabConfiguration(Engine& engine, const Json& document)
{
    const std::string kind = kindOf(document);
    if (kind == "KubeSchedulerConfiguration") {
        // kube-scheduler's own configuration, applied to the lab's scheduler.
        auto* s = engine.component<scheduler::SchedulerComponent>();
        if (!s)
            return fail(ErrorCode::Client, "the lab's scheduler is not running");
        if (auto c = s->configure(document); !c)
            return fail(c.error());
        return std::string("kubeschedulerconfiguration.kubescheduler.config.k8s.io configured");
    }
    if (kind == "EncryptionConfiguration") {
        // kube-apiserver's --encryption-provider-config, applied to the lab's API server
        // (encryption at rest of what it writes from now on).
        if (auto c = engine.configureEncryption(document); !c)
            return fail(c.error());
        return std::string("encryptionconfiguration.apiserver.config.k8s.io configured");
    }
    if (kind == "ImageCatalog")
        return applyImageCatalog(engine, document);
    return fail(ErrorCode::Client, "\"" + kind + "\" does not configure the lab");
}

} // namespace kubelab::core
