# Helpers shared by every CMakeLists.txt of the project.

# Adds every immediate subdirectory of DIR that has a CMakeLists.txt, so that a new module or test
# folder needs no edit of its parent.
function(causeway_add_subdirectories dir)
  file(GLOB children RELATIVE ${dir} CONFIGURE_DEPENDS ${dir}/*)
  list(SORT children)
  foreach(child ${children})
    if(IS_DIRECTORY ${dir}/${child} AND EXISTS ${dir}/${child}/CMakeLists.txt)
      add_subdirectory(${dir}/${child})
    endif()
  endforeach()
endfunction()

# causeway_test(NAME name SOURCES a.cc b.cc LIBS lib... LABEL unit|integration [TIMEOUT s])
# A GoogleTest executable registered with ctest under the given label. Integration tests read the
# servers they talk to from the environment that tools/test exports (CAUSEWAY_TEST_*).
function(causeway_test)
  cmake_parse_arguments(T "" "NAME;LABEL;TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} --gtest_color=no)
  set_tests_properties(${T_NAME} PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT})
endfunction()
