# SPDX-License-Identifier: GPL-3.0-or-later
# The CTest fixture `kubectl_download`: Debian's kubernetes-client package (kubectl v1.20),
# downloaded with `apt-get download` and unpacked with `dpkg -x` into the build tree
# (${DEST}/usr/bin/kubectl), never installed on the system. The kubectl integration test
# requires this fixture; when the download fails, the fixture fails and so does the test.
if(EXISTS "${DEST}/usr/bin/kubectl")
  message(STATUS "kubectl already unpacked: ${DEST}/usr/bin/kubectl")
  return()
endif()
file(MAKE_DIRECTORY "${DEST}/deb")
file(GLOB old "${DEST}/deb/*.deb")
if(old)
  file(REMOVE ${old})
endif()
execute_process(COMMAND apt-get download kubernetes-client
                WORKING_DIRECTORY "${DEST}/deb" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  # A fresh machine may have no package lists yet (CI runs as root).
  execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(uid STREQUAL "0")
    execute_process(COMMAND apt-get update -qq RESULT_VARIABLE urc)
    execute_process(COMMAND apt-get download kubernetes-client
                    WORKING_DIRECTORY "${DEST}/deb" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  endif()
endif()
file(GLOB debs "${DEST}/deb/kubernetes-client_*.deb")
if(NOT rc EQUAL 0 OR NOT debs)
  message(FATAL_ERROR "could not download Debian's kubernetes-client package (apt-get download kubernetes-client): ${err}")
endif()
list(GET debs 0 deb)
execute_process(COMMAND dpkg -x "${deb}" "${DEST}" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT EXISTS "${DEST}/usr/bin/kubectl")
  message(FATAL_ERROR "could not unpack ${deb}: ${err}")
endif()
message(STATUS "kubectl unpacked: ${DEST}/usr/bin/kubectl")
