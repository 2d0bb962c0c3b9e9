# conv1d-count-work (count_work.cpp): the CI gate's instruction counter. Not part of the project's own
# build: ci/run_gate.sh adds it to a portable build of any commit (this tree's or the baseline's) through
# inject.cmake, which includes this file at the end of the top-level CMakeLists.txt, so that both sides of
# the gate are counted by the same tool. The binary: <build>/ci_work_count/conv1d-count-work.
if(TARGET conv1d-count-work)  # included twice (e.g. by a CMakeLists.txt that has it, and by inject.cmake)
  return()
endif()
if(NOT TARGET conv1d_harness)  # a build configured without the harness (e.g. CONV1D_FUZZ): nothing to count
  message(WARNING "ci/work_count: no conv1d_harness target in this build; conv1d-count-work not added")
  return()
endif()
find_path(CONV1D_VALGRIND_INCLUDE_DIR valgrind/callgrind.h)
if(NOT CONV1D_VALGRIND_INCLUDE_DIR)
  message(FATAL_ERROR "ci/work_count: valgrind/callgrind.h not found; install valgrind (apt-get install -y valgrind)")
endif()
add_executable(conv1d-count-work "${CMAKE_CURRENT_LIST_DIR}/count_work.cpp")
target_include_directories(conv1d-count-work PRIVATE "${CONV1D_VALGRIND_INCLUDE_DIR}")
# conv1d_harness holds the registry of backends (and links every backend library).
find_package(CLI11 REQUIRED)
target_link_libraries(conv1d-count-work PRIVATE conv1d_harness CLI11::CLI11 OpenMP::OpenMP_CXX)
set_target_properties(conv1d-count-work PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/ci_work_count")
