# SPDX-License-Identifier: GPL-3.0-or-later
# Writes klab(1) from `klab help`, so the manual lists the commands of the command table.
#   cmake -DKLAB=path/to/klab -DVERSION=x.y.z -DOUT=klab.1 -P klab-man.cmake
execute_process(COMMAND ${KLAB} help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "klab help failed (${rc})")
endif()

set(commands "")
set(flags "")
set(in_commands OFF)
string(REPLACE ";" "\\;" help "${help}")
string(REPLACE "\n" ";" lines "${help}")
foreach(line IN LISTS lines)
  if(line STREQUAL "Commands:")
    set(in_commands ON)
  elseif(in_commands AND line MATCHES "^  ([a-z][a-z -]*[a-z])   +(.*)$")
    string(REPLACE "-" "\\-" name "${CMAKE_MATCH_1}")
    string(REPLACE "-" "\\-" text "${CMAKE_MATCH_2}")
    string(APPEND commands ".TP\n.B ${name}\n${text}\n")
  elseif(in_commands AND line STREQUAL "")
    set(in_commands OFF)
  elseif(line MATCHES "^Global flags: (.*)$")
    string(APPEND flags "${CMAKE_MATCH_1} ")
  elseif(NOT flags STREQUAL "" AND line MATCHES "^(-.*)$")
    string(APPEND flags "${CMAKE_MATCH_1} ")
  endif()
endforeach()
string(REPLACE "-" "\\-" flags "${flags}")

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
