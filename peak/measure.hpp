// Timing an ISA's peak loop (its row of the ISA table, conv1d/isa.hpp) on OpenMP threads.
// Both functions check the CPU first and return 0 when it lacks the ISA, so they are safe to call
// on any x86-64 CPU.
#pragma once

#include "conv1d/isa.hpp"

namespace conv1d::peak {

// GFLOP/s of `threads` threads running row's peak loop for about `seconds` in all, the fastest of a
// few trials; 0 when `cpu` lacks the ISA or it has no peak loop.
double measure_gflops(const IsaRow& row, const CpuFeatures& cpu, int threads, double seconds);

// The clock (GHz) of one thread running row's latency chain for about `seconds`; 0 when `cpu` lacks
// the ISA or it has no latency chain.
double implied_ghz(const IsaRow& row, const CpuFeatures& cpu, double seconds);

}  // namespace conv1d::peak
