// The fuzz build's AMX peak loop (fuzz/fuzz_build.cmake): peak/amx_loop.cpp is AMX intrinsics behind
// `#pragma GCC target`, which clang does not compile. The fuzz targets never measure a peak; if one did,
// this stops it loudly.
#include <cstdio>
#include <cstdlib>

#include "peak/loops.hpp"

namespace conv1d::peak {

namespace {

double not_in_the_fuzz_build(int, double) {
    std::fprintf(stderr, "fuzz build: the AMX peak loop is not built here\n");
    std::abort();
}

}  // namespace

PeakLoop tdpbf16_loop() { return {{}, not_in_the_fuzz_build, nullptr}; }

}  // namespace conv1d::peak
