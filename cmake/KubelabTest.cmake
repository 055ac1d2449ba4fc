# SPDX-License-Identifier: GPL-3.0-or-later
# kubelab_add_test(<path/to/tst_unit.cpp>): one Qt Test executable, registered with CTest.

# What every test executable of a kind (engine or GUI) compiles and links with.
function(kubelab_test_settings target kind)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${target} PRIVATE
      KUBELAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      KUBELAB_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
      KUBELAB_KLAB="$<TARGET_FILE:klab>")
  # Test code is compiled for a quick build (-Og) unless debugging or sanitizing; the code
  # under test keeps its build type's optimisation. At -O2 test files spent two thirds of
  # their time optimising. (Instrumented code compiles fastest at the -O0 that build uses.)
  if(NOT KUBELAB_SANITIZE)
    target_compile_options(${target} PRIVATE $<$<NOT:$<CONFIG:Debug>>:-Og>)
  endif()
  if(kind STREQUAL "gui")
    target_link_libraries(${target} PRIVATE kubelab_app Qt6::Test)
  else()
    target_link_libraries(${target} PRIVATE kubelab_core Qt6::Core Qt6::Test)
  endif()
  # Tests of one kind share one precompiled header (Qt Test and the engine's API); sharing
  # needs identical flags, so a carrier executable with the same settings holds it.
  if(KUBELAB_PCH)
    set(carrier kubelab_test_pch_${kind})
    if(NOT TARGET ${carrier})
      file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${carrier}.cpp "int main() { return 0; }\n")
      add_executable(${carrier} ${CMAKE_CURRENT_BINARY_DIR}/${carrier}.cpp)
      set(KUBELAB_PCH OFF)
      kubelab_test_settings(${carrier} ${kind})
      target_precompile_headers(${carrier} PRIVATE
          <QTest> ${PROJECT_SOURCE_DIR}/core/sim/engine.h <string> <vector>)
    endif()
    target_precompile_headers(${target} REUSE_FROM ${carrier})
  endif()
endfunction()

function(kubelab_add_test source)
  file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR}/tests ${source})
  get_filename_component(dir ${rel} DIRECTORY)
  get_filename_component(base ${rel} NAME_WE)
  string(REGEX REPLACE "^tst_" "" unit ${base})
  string(REPLACE "/" "_" prefix ${dir})
  set(target "tst_${prefix}_${unit}")
  add_executable(${target} ${source})
  # AUTOMOC's mocs_compilation.cpp is empty here (each test includes its own .moc), but
  # loading the precompiled header for it cost 2 s per test.
  set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/${target}_autogen/mocs_compilation.cpp
      TARGET_DIRECTORY ${target} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
  if(rel MATCHES "^(scenes|ui)/")
    kubelab_test_settings(${target} gui)
  else()
    kubelab_test_settings(${target} engine)
  endif()
  add_dependencies(${target} klab)
  add_test(NAME ${prefix}_${unit} COMMAND ${target})
  set_tests_properties(${prefix}_${unit} PROPERTIES
      ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8"
      TIMEOUT 300)
endfunction()
