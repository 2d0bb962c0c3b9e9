# The fuzz build (-DCONV1D_FUZZ=ON, clang++-14; ci/fuzz.sh makes it in build-fuzz/): the libFuzzer targets of
# fuzz/ and only what they link — the Problem model, the harness (sweeps, results files, merge, the CLI's
# checks) and its registry of backends — under AddressSanitizer + UndefinedBehaviorSanitizer, with libFuzzer's
# coverage instrumentation throughout. Included by the top-level CMakeLists.txt, which then stops.
#
# The kernels (kernels/), the oneDNN and PyTorch baselines and the AMX peak loop are not built: the fuzz
# targets never run a convolution or time a loop, and clang cannot compile their ISA-specific files (GCC's
# `#pragma GCC target`, which clang ignores). The registry's backends are stand-ins with the real names and
# roles (fuzz/support/stand_in_backends.cpp), so backend names are checked as the real program checks them.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "CONV1D_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14 "
                      "(ci/fuzz.sh does)")
endif()

# Assertions stay on (nlohmann/json checks its preconditions with assert): -O1 without NDEBUG.
set(CMAKE_CXX_FLAGS_RELEASE "-O1")
set(CMAKE_CXX_FLAGS_DEBUG "-O1 -g")
add_compile_options(-g -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer
                    -Wno-unknown-warning-option -Wno-pass-failed)  # GCC's warning names; `omp simd` at -O1
add_link_options(-fsanitize=address,undefined)

find_package(OpenMP REQUIRED)  # clang's: libomp-14-dev
find_package(benchmark REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)

include(cmake/conv1d_backend.cmake)
set(CONV1D_PLUGIN_DIR ${CMAKE_BINARY_DIR}/plugins)  # never made here: no plugins are loaded

add_subdirectory(peak)
# The AMX peak loop is AMX intrinsics under `#pragma GCC target`: replaced by a stand-in that is never run.
set_source_files_properties(${PROJECT_SOURCE_DIR}/peak/amx_loop.cpp DIRECTORY ${PROJECT_SOURCE_DIR}/peak
                            PROPERTIES HEADER_FILE_ONLY ON)
target_sources(conv1d_peak PRIVATE ${PROJECT_SOURCE_DIR}/fuzz/support/amx_peak_stand_in.cpp)
add_subdirectory(core)
add_subdirectory(baselines/ref)
conv1d_add_backend(fuzz_stand_ins SOURCES ${PROJECT_SOURCE_DIR}/fuzz/support/stand_in_backends.cpp)
add_subdirectory(harness)
add_subdirectory(fuzz)
