// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/controllermanager.h"

#include "core/auth/limitranger.h"
#include "core/auth/namespacelifecycle.h"
#include "core/auth/podadmission.h"
#include "core/auth/podsecurity.h"
#include "core/auth/resourcequota.h"
#include "core/auth/storageadmission.h"
#include "core/controllers/volumeexpand.h"
#include "core/controllers/clusterroleaggregation.h"
#include "core/controllers/daemonset.h"
#include "core/controllers/disruption.h"
#include "core/controllers/endpoints.h"
#include "core/controllers/endpointslice.h"
#include "core/controllers/ingressstatus.h"
#include "core/controllers/servicelb.h"
#include "core/controllers/garbagecollector.h"
#include "core/controllers/hpa.h"
#include "core/controllers/job.h"
#include "core/controllers/nodelifecycle.h"
#include "core/controllers/persistentvolume.h"
#include "core/controllers/replicaset.h"
#include "core/controllers/resourcequota.h"
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
    engine.addComponent(std::make_unique<ServiceLoadBalancerController>());
    engine.addComponent(std::make_unique<IngressStatusController>());
    engine.addComponent(std::make_unique<HorizontalPodAutoscalerController>());
    engine.addComponent(std::make_unique<ResourceQuotaController>());
    engine.addComponent(std::make_unique<PersistentVolumeController>());
    engine.addComponent(std::make_unique<VolumeExpandController>());
    engine.addComponent(std::make_unique<ClusterRoleAggregationController>());
    engine.addComponent(std::make_unique<NodeIpamController>());
    engine.addComponent(std::make_unique<NodeLifecycleController>());
    engine.addComponent(std::make_unique<TaintEvictionController>());
    engine.addComponent(std::make_unique<scheduler::SchedulerComponent>());
    engine.addComponent(std::make_unique<Kubelet>());
}

void registerAdmissionPlugins(ApiServer& api)
{
    // Upstream's order (pkg/kubeapiserver/options/plugins.go, the default-enabled ones the
    // lab has): NamespaceLifecycle, LimitRanger, ServiceAccount, PodSecurity, Priority,
    // DefaultTolerationSeconds, DefaultStorageClass, StorageObjectInUseProtection,
    // PersistentVolumeClaimResize, ...,
    // ResourceQuota last. Mutating phases run in this order, then validation, then the
    // validating phases in the same order.
    api.addAdmissionPlugin(std::make_unique<NamespaceLifecycle>());
    api.addAdmissionPlugin(std::make_unique<LimitRanger>());
    api.addAdmissionPlugin(std::make_unique<ServiceAccountAdmission>());
    api.addAdmissionPlugin(std::make_unique<PodSecurityAdmission>());
    api.addAdmissionPlugin(std::make_unique<PriorityAdmission>());
    api.addAdmissionPlugin(std::make_unique<DefaultTolerationSeconds>());
    api.addAdmissionPlugin(std::make_unique<DefaultStorageClass>());
    api.addAdmissionPlugin(std::make_unique<StorageObjectInUseProtection>());
    api.addAdmissionPlugin(std::make_unique<PersistentVolumeClaimResize>());
    api.addAdmissionPlugin(std::make_unique<ResourceQuotaAdmission>());
}

} // namespace kubelab::core
