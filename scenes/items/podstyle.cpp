// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/items/podstyle.h"

#include <QCoreApplication>
#include <QHash>

namespace kubelab::scenes {

PodStyle podStyle(const PodView& pod)
{
    const QString& s = pod.status;
    if (s == QLatin1String("Terminating"))
        return {okabeito::grey, true, true, PodGlyph::Fading};
    if (s == QLatin1String("Unknown"))
        return {okabeito::reddishPurple, true, false, PodGlyph::Question};
    if (s == QLatin1String("ImagePullBackOff") || s == QLatin1String("ErrImagePull") ||
        s == QLatin1String("InvalidImageName"))
        return {okabeito::vermilion, true, false, PodGlyph::Image};
    if (s == QLatin1String("CrashLoopBackOff") || s == QLatin1String("Failed") || s == QLatin1String("Error") ||
        s.startsWith(QLatin1String("OutOf")) || s == QLatin1String("OOMKilled") || pod.phase == QLatin1String("Failed"))
        return {okabeito::vermilion, true, false, PodGlyph::Cross};
    if (s == QLatin1String("Completed") || pod.phase == QLatin1String("Succeeded"))
        return {okabeito::grey, true, false, PodGlyph::Done};
    if (s == QLatin1String("ContainerCreating") || s == QLatin1String("PodInitializing") ||
        s.startsWith(QLatin1String("Init:")))
        return {okabeito::skyBlue, true, false, PodGlyph::Spinner};
    if (pod.phase == QLatin1String("Running"))
        return pod.ready ? PodStyle{okabeito::bluishGreen, true, false, PodGlyph::Check}
                         : PodStyle{okabeito::bluishGreen, false, false, PodGlyph::HollowCheck};
    return {okabeito::orange, true, true, PodGlyph::Hourglass};
}

QColor generationAccent(const QString& templateHash)
{
    if (templateHash.isEmpty())
        return {};
    static const QColor accents[] = {okabeito::blue, okabeito::yellow, okabeito::reddishPurple, okabeito::skyBlue,
                                     okabeito::orange};
    return accents[qHash(templateHash) % (sizeof accents / sizeof accents[0])];
}

QString podStateText(const PodView& pod)
{
    const PodStyle style = podStyle(pod);
    switch (style.glyph) {
    case PodGlyph::Hourglass:
        return pod.nodeName.isEmpty() ? QCoreApplication::translate("PodState", "Pending: waiting for the scheduler")
                                      : QCoreApplication::translate("PodState", "Pending on its node");
    case PodGlyph::Spinner:
        return QCoreApplication::translate("PodState", "Creating containers (pulling images)");
    case PodGlyph::Check:
        return QCoreApplication::translate("PodState", "Running and Ready");
    case PodGlyph::HollowCheck:
        return QCoreApplication::translate("PodState", "Running, not Ready yet");
    case PodGlyph::Done:
        return QCoreApplication::translate("PodState", "Completed");
    case PodGlyph::Cross:
        return QCoreApplication::translate("PodState", "Failed or crashing (%n restart(s))", nullptr, pod.restarts);
    case PodGlyph::Image:
        return QCoreApplication::translate("PodState", "Cannot pull its image");
    case PodGlyph::Fading:
        return QCoreApplication::translate("PodState", "Terminating");
    case PodGlyph::Question:
        return QCoreApplication::translate("PodState", "Unknown: its node stopped reporting");
    }
    return {};
}

QString disruptionText(const PodView& pod)
{
    // The reasons of upstream's DisruptionTarget condition (k8s.io/api/core/v1).
    if (pod.disruption.isEmpty())
        return {};
    if (pod.disruption == QLatin1String("PreemptionByScheduler"))
        return QCoreApplication::translate("PodState",
                                           "Preempted: the scheduler evicts it to make room for a higher-priority pod");
    if (pod.disruption == QLatin1String("DeletionByTaintManager"))
        return QCoreApplication::translate("PodState", "Evicted: its node has a NoExecute taint it does not tolerate");
    if (pod.disruption == QLatin1String("EvictionByEvictionAPI"))
        return QCoreApplication::translate("PodState", "Evicted through the Eviction API (as kubectl drain does)");
    if (pod.disruption == QLatin1String("DeletionByPodGC"))
        return QCoreApplication::translate("PodState", "Deleted by the pod garbage collector: its node is gone");
    if (pod.disruption == QLatin1String("TerminationByKubelet"))
        return QCoreApplication::translate("PodState", "Terminated by the kubelet (node pressure or shutdown)");
    return QCoreApplication::translate("PodState", "Disrupted: %1").arg(pod.disruption);
}

} // namespace kubelab::scenes
