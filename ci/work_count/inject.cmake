# Adds the instruction counter (count_work.cmake) to a conv1d-bench build without editing its CMakeLists.txt:
#   cmake -S <source> -B <build> -DCMAKE_PROJECT_conv1d_bench_INCLUDE=<this file> ...
# CMake reads this right after the top-level project() call, before any target exists, so the include is
# deferred to the end of the top-level CMakeLists.txt, where conv1d_harness is defined. Works for any
# commit of the project, also ones older than this file (the gate's baseline side). A deferred call's
# arguments are expanded when it runs, hence the variable.
set(CONV1D_WORK_COUNT_CMAKE "${CMAKE_CURRENT_LIST_DIR}/count_work.cmake")
cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL include "${CONV1D_WORK_COUNT_CMAKE}")
