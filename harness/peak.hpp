// Peak FLOP rates of the three ISA paths, measured now, for a given thread count, with
// independent-accumulator micro-kernels; and the nominal peaks they are compared with.
//
// FLOP per cycle per core used for the nominal peak (cores x nominal GHz x this):
//   avx512_fp32  64   = 2 FMA ports x 16 lanes x 2 FLOP (vfmadd231ps zmm)
//   avx2_fp32    32   = 2 FMA ports x 8 lanes x 2 FLOP (vfmadd231ps ymm; Haswell and later, AMD Zen 2 and 3)
//   avx512_bf16  128  = 2 ports x 16 lanes x 2 products x 2 FLOP (vdpbf16ps zmm), the ISA's best case;
//                       Sapphire Rapids issues it on one port, so about half of this is measured there
//   amx_bf16     1024 = one tdpbf16ps (16x16x32 MACs = 16384 FLOP) every 16 cycles
#pragma once

#include <string>
#include <vector>

#include "conv1d/sysinfo.hpp"

namespace conv1d {

struct IsaPeak {
    std::string isa;                 // "avx512_fp32", "avx2_fp32", "avx512_bf16", "amx_bf16"
    bool available = false;
    std::string reason;              // why not available
    double flop_per_cycle_per_core = 0;
    double measured_gflops = 0;      // for the thread count of the table
    double nominal_gflops = 0;       // threads x nominal GHz x FLOP/cycle
};

struct PeakTable {
    int threads = 1;
    double fma_implied_ghz = 0;      // from a dependent FMA chain (4-cycle latency), one thread
    std::vector<IsaPeak> isas;
    const IsaPeak* find(const std::string& isa) const;
};

double nominal_flop_per_cycle(const std::string& isa);

// The register-only throughput loop of a vector ISA ("avx512_fp32", "avx2_fp32", "avx512_bf16"):
// run(iterations) on the calling thread performs iterations x flop_per_iteration FLOPs. Call it only on
// a CPU that has the ISA. {nullptr, 0} for any other name (AMX's loop lives in kernels/amx).
struct ThroughputLoop {
    float (*run)(long iterations) = nullptr;
    double flop_per_iteration = 0;
};
ThroughputLoop throughput_loop(const std::string& isa);

// Runs each available ISA's loop for about `seconds` on `threads` OpenMP threads, as five trials of
// which the fastest counts.
// `only`, when not empty, limits the measurement to those ISAs (the others keep measured_gflops 0).
PeakTable measure_peaks(const SystemInfo& sys, int threads, double seconds = 0.25,
                        const std::vector<std::string>& only = {});

// Per ISA, the faster of two measurements of the same machine (an ISA measured in neither stays 0).
PeakTable faster_of(const PeakTable& a, const PeakTable& b);

}  // namespace conv1d
