<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>PodState</name>
    <message numerus="yes">
        <source>Failed or crashing (%n restart(s))</source>
        <translation>
            <numerusform>Failed or crashing (%n restart)</numerusform>
            <numerusform>Failed or crashing (%n restarts)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::LabScene</name>
    <message numerus="yes">
        <source>+%n more waiting</source>
        <translation>
            <numerusform>+%n more waiting</numerusform>
            <numerusform>+%n more waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::NodeItem</name>
    <message numerus="yes">
        <source>+%n more</source>
        <translation>
            <numerusform>+%n more</numerusform>
            <numerusform>+%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::scenes::ServiceItem</name>
    <message numerus="yes">
        <source>Service %1 selects pods with %2: %n ready endpoint(s)</source>
        <translation>
            <numerusform>Service %1 selects pods with %2: %n ready endpoint</numerusform>
            <numerusform>Service %1 selects pods with %2: %n ready endpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>→ %n ready endpoint(s)</source>
        <translation>
            <numerusform>→ %n ready endpoint</numerusform>
            <numerusform>→ %n ready endpoints</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::ui::CanvasFilter</name>
    <message numerus="yes">
        <source>%1 of %n pod(s) shown</source>
        <translation>
            <numerusform>%1 of %n pod shown</numerusform>
            <numerusform>%1 of %n pods shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::ui::ControlPlaneStrip</name>
    <message numerus="yes">
        <source>+%n more node(s)</source>
        <translation>
            <numerusform>+%n more node</numerusform>
            <numerusform>+%n more nodes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::ui::LessonPanel</name>
    <message numerus="yes">
        <source>Complete: all %n step(s) done</source>
        <translation>
            <numerusform>Complete: %n step done</numerusform>
            <numerusform>Complete: all %n steps done</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n check(s) pass. Press Next to go on.</source>
        <translation>
            <numerusform>The check passes. Press Next to go on.</numerusform>
            <numerusform>All %n checks pass. Press Next to go on.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n check(s) fail.</source>
        <translation>
            <numerusform>%1 of %n check fails.</numerusform>
            <numerusform>%1 of %n checks fail.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pod(s)</source>
        <translation>
            <numerusform>%n pod</numerusform>
            <numerusform>%n pods</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pending</numerusform>
            <numerusform>%n pending</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Proposed a Service selecting %1 (%n pod(s) match now). Check it and press Apply in the inspector.</source>
        <translation>
            <numerusform>Proposed a Service selecting %1 (%n pod matches now). Check it and press Apply in the inspector.</numerusform>
            <numerusform>Proposed a Service selecting %1 (%n pods match now). Check it and press Apply in the inspector.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::ui::charts::ChartsPanel</name>
    <message numerus="yes">
        <source>(+%n node(s) not shown)</source>
        <translation>
            <numerusform>(+%n node not shown)</numerusform>
            <numerusform>(+%n nodes not shown)</numerusform>
        </translation>
    </message>
</context>
</TS>
