# SPDX-License-Identifier: GPL-3.0-or-later
# A translation is complete and current: lupdate run over the GUI's sources (the project
# file CMake wrote for the target) on a copy of the .ts must find no unfinished and no
# obsolete message (OPTIONS: lupdate's own, `-pluralonly` for English's plural forms); and
# no user-visible Qt setter in SOURCES is handed a bare string literal (it must go through
# tr()); a line that means it says so with a `no-tr:` comment.
#   cmake -DLUPDATE=... -DPROJECT_CMAKE=... -DPROJECT_GENERATOR=... -DTS=... -DWORK=... [-DOPTIONS=...]
#         -DSOURCES="a.cpp;b.cpp" -P check-translations.cmake
cmake_minimum_required(VERSION 3.25)
file(MAKE_DIRECTORY ${WORK})
# The project description lupdate reads (what Qt's lupdate target writes before it runs).
set(PROJECT_JSON ${WORK}/lupdate-project.json)
execute_process(COMMAND ${CMAKE_COMMAND} -DIN_FILE=${PROJECT_CMAKE} -DOUT_FILE=${PROJECT_JSON} -P ${PROJECT_GENERATOR}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "could not write the lupdate project: ${err}")
endif()
get_filename_component(name ${TS} NAME)
set(copy ${WORK}/${name})
file(COPY_FILE ${TS} ${copy})
execute_process(COMMAND ${LUPDATE} -project ${PROJECT_JSON} ${OPTIONS} -locations none -ts ${copy}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc}):\n${out}${err}")
endif()

set(problems "")
file(STRINGS ${copy} lines)
set(source "")
foreach(line IN LISTS lines)
  if(line MATCHES "<source>(.*)</source>")
    set(source "${CMAKE_MATCH_1}")
  elseif(line MATCHES "type=\"unfinished\"")
    string(APPEND problems "  unfinished: ${source}\n")
  elseif(line MATCHES "type=\"(vanished|obsolete)\"")
    string(APPEND problems "  obsolete (no longer in the sources): ${source}\n")
  endif()
endforeach()

# Strings that bypass tr(): a Qt setter of user-visible text given a literal with a word in it.
set(setters "setText|setToolTip|setWindowTitle|setPlaceholderText|setStatusTip|setWhatsThis|addAction|setTitle|addTab|setTabText|addItem|showMessage")
list(REMOVE_ITEM SOURCES "")
foreach(src IN LISTS SOURCES)
  file(STRINGS ${src} code)
  set(n 0)
  foreach(line IN LISTS code)
    math(EXPR n "${n} + 1")
    if(line MATCHES "no-tr:")
      continue()
    endif()
    if(line MATCHES "(${setters})\\((QStringLiteral\\(|QLatin1String\\(|QString\\()?\"[^\"]*[A-Za-z][a-z]+[^\"]*\"")
      string(APPEND problems "  not translated (${src}:${n}): ${line}\n")
    endif()
  endforeach()
endforeach()

if(NOT problems STREQUAL "")
  message(FATAL_ERROR "${name} is not complete (run the update_translations target, then translate):\n${problems}")
endif()
message(STATUS "${name} complete: ${out}")
