// The peak loop of each ISA, as its row of the ISA table (core/isa.cpp) holds it. Each runs only
// after peak::measure_gflops (peak/measure.hpp) has checked the CPU has the ISA.
#pragma once

#include "conv1d/isa.hpp"

namespace conv1d::peak {

PeakLoop fma512_loop();   // vfmadd231ps zmm
PeakLoop fma256_loop();   // vfmadd231ps ymm
PeakLoop dpbf16_loop();   // vdpbf16ps zmm
PeakLoop tdpbf16_loop();  // tdpbf16ps on AMX tiles

}  // namespace conv1d::peak
