// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/controllermanager.h"

#include "core/auth/namespacelifecycle.h"
#include "core/auth/podadmission.h"
#include "core/auth/storageadmission.h"
#include "core/controllers/clusterroleaggregation.h"
#include "core/controllers/daemonset.h"
#include "core/controllers/disruption.h"
#include "core/controllers/endpoints.h"
#include "core/controllers/endpointslice.h"
#include "core/controllers/garbagecollector.h"
#include "core/controllers/hpa.h"
#include "core/controllers/job.h"
#include "core/controllers/nodelifecycle.h"
#include "core/controllers/persistentvolume.h"
#include "core/controllers/replicaset.h"
#include "core/controllers/statefulset.h"
#include "core/node/kubelet.h"
#include "core/scheduler/schedulercomponent.h"
#include "core/sim/apiserver.h"
#include "core/sim/engine.h"

namespace kubelab::core {

void registerControllers(Engine& engine)
{
    engine.addComponent(std::make_unique<NamespaceController>());
    engine.addComponent(std::make_unique<GarbageCollector>());
    engine.addComponent(std::make_unique<DeploymentController>());
    engine.addComponent(std::make_unique<ReplicaSetController>());
    engine.addComponent(std::make_unique<DaemonSetController>());
    engine.addComponent(std::make_unique<StatefulSetController>());
    engine.addComponent(std::make_unique<JobController>());
    engine.addComponent(std::make_unique<DisruptionController>());
    engine.addComponent(std::make_unique<EndpointsController>());
    engine.addComponent(std::make_unique<EndpointSliceController>());
    engine.addComponent(std::make_unique<HorizontalPodAutoscalerController>());
    engine.addComponent(std::make_unique<PersistentVolumeController>());
    engine.addComponent(std::make_unique<ClusterRoleAggregationController>());
    engine.addComponent(std::make_unique<NodeIpamController>());
    engine.addComponent(std::make_unique<NodeLifecycleController>());
    engine.addComponent(std::make_unique<TaintEvictionController>());
    engine.addComponent(std::make_unique<scheduler::SchedulerComponent>());
    engine.addComponent(std::make_unique<Kubelet>());
}

void registerAdmissionPlugins(ApiServer& api)
{
    // Upstream's order: NamespaceLifecycle, LimitRanger, ServiceAccount, ..., Priority,
    // DefaultTolerationSeconds, DefaultStorageClass, StorageObjectInUseProtection, ...
    api.addAdmissionPlugin(std::make_unique<NamespaceLifecycle>());
    api.addAdmissionPlugin(std::make_unique<ServiceAccountAdmission>());
    api.addAdmissionPlugin(std::make_unique<PriorityAdmission>());
    api.addAdmissionPlugin(std::make_unique<DefaultTolerationSeconds>());
    api.addAdmissionPlugin(std::make_unique<DefaultStorageClass>());
    api.addAdmissionPlugin(std::make_unique<StorageObjectInUseProtection>());
}

} // namespace kubelab::core
