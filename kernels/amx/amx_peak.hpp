// The AMX-BF16 peak loop used by the suite's peak calibration.
#pragma once

namespace conv1d::amx {

// Runs independent TDPBF16PS (full 16x16x32 tiles: 2*16*16*32 FLOPs each) on `threads` OpenMP
// threads for about `seconds` and returns the total GFLOP/s. Returns 0 when AMX-BF16 is absent.
double measure_peak_gflops(int threads, double seconds);

}  // namespace conv1d::amx
