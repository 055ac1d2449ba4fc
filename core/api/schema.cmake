# SPDX-License-Identifier: GPL-3.0-or-later
# Compiles resources/schema/*.json (the field docs behind `explain`) into kubelab_core as
# string literals, so the core library needs no Qt resources and no files at run time.
set(KUBELAB_SCHEMA_DIR ${PROJECT_SOURCE_DIR}/resources/schema)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${KUBELAB_SCHEMA_DIR}/types.json ${KUBELAB_SCHEMA_DIR}/zh_CN.json)
file(READ ${KUBELAB_SCHEMA_DIR}/types.json KUBELAB_SCHEMA_TYPES_JSON)
file(READ ${KUBELAB_SCHEMA_DIR}/zh_CN.json KUBELAB_SCHEMA_ZH_CN_JSON)
configure_file(${CMAKE_CURRENT_LIST_DIR}/schemadata.cpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/schemadata.cpp @ONLY)
target_sources(kubelab_core PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated/schemadata.cpp)
unset(KUBELAB_SCHEMA_TYPES_JSON)
unset(KUBELAB_SCHEMA_ZH_CN_JSON)
