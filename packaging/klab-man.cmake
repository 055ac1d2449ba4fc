# SPDX-License-Identifier: GPL-3.0-or-later
# Writes klab(1) from `klab help`, so the manual lists the commands of the command table.
#   cmake -DKLAB=path/to/klab -DVERSION=x.y.z -DOUT=klab.1 -P klab-man.cmake
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/KlabHelp.cmake)
klab_help_commands(${KLAB} klab)

set(commands "")
math(EXPR last "${klab_COUNT} - 1")
foreach(i RANGE ${last})
  string(REPLACE "-" "\\-" name "${klab_NAME_${i}}")
  string(REPLACE "-" "\\-" text "${klab_SUMMARY_${i}}")
  string(APPEND commands ".TP\n.B ${name}\n${text}\n")
endforeach()
string(REPLACE "-" "\\-" flags "${klab_FLAGS}")

file(WRITE ${OUT} ".TH KLAB 1 \"\" \"KubeLab ${VERSION}\" \"User Commands\"
.SH NAME
klab \\- drive a KubeLab lab with kubectl's verbs
.SH SYNOPSIS
.B klab
[\\fIGLOBAL FLAGS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR...]
.SH DESCRIPTION
.B klab
opens a lab file (an SQLite database holding a simulated Kubernetes cluster, its
revision log and its story), runs the command the way kubectl would against a
cluster, lets the simulated control plane settle, and saves the lab.
Output, columns and error texts follow kubectl v1.31.
.PP
The lab is \\fB./lab.klab\\fR unless \\fB\\-\\-lab\\fR or the \\fBKLAB_LAB\\fR environment variable names another.
Commands that change the lab create it when it does not exist.
.SH COMMANDS
${commands}.SH GLOBAL FLAGS
${flags}
.PP
Run \\fBklab help\\fR \\fICOMMAND\\fR for the usage of one command.
.SH ENVIRONMENT
.TP
.B KLAB_LAB
The lab file to use when \\fB\\-\\-lab\\fR is not given.
.SH EXAMPLES
.nf
klab add node node\\-1 \\-\\-cpu 4 \\-\\-memory 8Gi
klab apply \\-f deployment.yaml
klab get pods \\-o wide
klab why pod/web\\-0
klab story
.fi
.SH SEE ALSO
.BR kubelab (1),
.BR kubectl (1)
")
