# SPDX-License-Identifier: GPL-3.0-or-later
# kubelab_add_test(<path/to/tst_unit.cpp>): one Qt Test executable, registered with CTest.
function(kubelab_add_test source)
  file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR}/tests ${source})
  get_filename_component(dir ${rel} DIRECTORY)
  get_filename_component(base ${rel} NAME_WE)
  string(REGEX REPLACE "^tst_" "" unit ${base})
  string(REPLACE "/" "_" prefix ${dir})
  set(target "tst_${prefix}_${unit}")
  add_executable(${target} ${source})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${target} PRIVATE
      KUBELAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      KUBELAB_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
      KUBELAB_KLAB="$<TARGET_FILE:klab>")
  if(rel MATCHES "^(scenes|ui)/")
    target_link_libraries(${target} PRIVATE kubelab_app Qt6::Test)
  else()
    target_link_libraries(${target} PRIVATE kubelab_core Qt6::Core Qt6::Test)
  endif()
  add_dependencies(${target} klab)
  add_test(NAME ${prefix}_${unit} COMMAND ${target})
  set_tests_properties(${prefix}_${unit} PROPERTIES
      ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8"
      TIMEOUT 300)
endfunction()
