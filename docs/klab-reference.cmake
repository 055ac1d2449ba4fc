# SPDX-License-Identifier: GPL-3.0-or-later
# Writes docs/klab.md, the klab reference, from `klab help` and `klab help COMMAND`, so the
# page lists the command table as the binary has it (the same parser writes klab(1)).
#   cmake -DKLAB=path/to/klab -DOUT=docs/klab.md -P klab-reference.cmake    writes the page
#   cmake -DKLAB=path/to/klab -DCHECK=docs/klab.md -P klab-reference.cmake  fails when the page is stale
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/KlabHelp.cmake)
klab_help_commands(${KLAB} klab)

set(index "")
set(sections "")
math(EXPR last "${klab_COUNT} - 1")
foreach(i RANGE ${last})
  set(name "${klab_NAME_${i}}")
  klab_help_usage(${KLAB} "${name}" one)
  string(REPLACE " " "-" anchor "${name}")
  string(REPLACE "|" "\\|" summary "${klab_SUMMARY_${i}}") # a table cell
  string(APPEND index "| [`${name}`](#${anchor}) | ${summary} |\n")
  string(APPEND sections "### ${name}\n\n${one_SUMMARY}\n\n```\nklab ${one_USAGE}\n```\n\n")
endforeach()

# "--lab PATH, --settle DURATION, ..., --at-revision REV." as one code span per flag.
string(REGEX REPLACE "\\.$" "" flags "${klab_FLAGS}")
string(REPLACE ", " ";" flags "${flags}")
list(TRANSFORM flags PREPEND "`")
list(TRANSFORM flags APPEND "`")
list(JOIN flags ", " flags)

set(page "<!-- Generated from `klab help` by docs/klab-reference.cmake: do not edit.
     After changing the command table, run: cmake --build build --target update_klab_reference -->
# klab reference

${klab_INTRO} It opens a lab file (an SQLite database holding a simulated cluster,
its revision log and its story) and runs the command the way kubectl would against a cluster.
After a command that changes the lab, it lets the simulated control plane settle (runs it
until nothing is due, at most `--settle`, 5m of virtual time by default) and saves the lab;
reads never move the clock, except `get -w`, which watches `--settle` of virtual time. Output, columns and error texts
follow kubectl v1.31. Where the lab simplifies Kubernetes, see [simplifications.md](simplifications.md).

The lab is `./lab.klab` unless `--lab` or the `KLAB_LAB` environment variable names another.
Commands that change the lab create it when it does not exist.

## Global flags

${flags}

Every command also takes `--help`: `klab COMMAND --help` is `klab help COMMAND`.

## Commands

| command | what it does |
|---|---|
${index}
${sections}")
string(REGEX REPLACE "\n\n+$" "\n" page "${page}")

if(DEFINED CHECK)
  file(READ ${CHECK} current)
  if(NOT current STREQUAL page)
    message(FATAL_ERROR "docs/klab.md is not what klab help prints now: "
                        "regenerate it with `cmake --build build --target update_klab_reference` and commit it.")
  endif()
else()
  file(WRITE ${OUT} "${page}")
endif()
