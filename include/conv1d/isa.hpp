// The ISA paths a kernel's FLOPs are judged against: one enum, one table row per ISA. Everything
// that names an ISA (peaks and their loops, records, supports() reasons, the CPU feature list,
// CONV1D_DISABLE_ISA) derives from this table. Adding an ISA is its enum value here, its row in
// core/isa.cpp and its peak loop in peak/ (and, for a new CPU feature, its flag in conv1d/cpu.hpp
// and its CPUID test in core/sysinfo.cpp).
#pragma once

#include <string>
#include <vector>

#include "conv1d/cpu.hpp"
#include "conv1d/problem.hpp"

namespace conv1d {

enum class Isa {
    avx512_fp32,  // vfmadd231ps zmm
    avx2_fp32,    // vfmadd231ps ymm
    avx512_bf16,  // vdpbf16ps zmm
    amx_bf16,     // tdpbf16ps tiles
    scalar,       // plain C++ loops (oneDNN's reference implementation): no peak
    none,         // our reference: the oracle, judged against nothing
};

// One thread's register-only loop: run(iterations) performs iterations x flop_per_iteration FLOPs
// (its result only keeps the compiler from dropping the work). Call it only on a CPU with its ISA.
struct ThroughputLoop {
    float (*run)(long iterations) = nullptr;
    double flop_per_iteration = 0;
};

// How an ISA's peak is measured; the loops live in peak/ (peak/measure.hpp times them).
struct PeakLoop {
    ThroughputLoop per_thread;  // run on every thread, calibrated and timed by the caller
    // Instead of per_thread, where the loop needs per-thread setup and picks its own best shape
    // (AMX tiles): GFLOP/s of `threads` OpenMP threads over about `seconds`.
    double (*self_timed_gflops)(int threads, double seconds) = nullptr;
    // One dependent 4-cycle-latency instruction per iteration: its rate on one thread gives the clock.
    float (*latency_chain)(long iterations) = nullptr;
};

struct IsaRow {
    Isa isa;
    const char* name;                      // stable JSON key, e.g. "avx512_bf16"
    DataType dt;                           // the data type of the kernels judged against it
    double flop_per_cycle_per_core;        // nominal; 0 for scalar/none (no peak)
    bool CpuFeatures::*feature;            // the flag saying the CPU has it; nullptr: every CPU has it
    const char* feature_name;              // that flag as CONV1D_DISABLE_ISA and isa_features spell it
    Isa builds_on;                         // a CPU without that ISA counts as without this one (none: nothing)
    const char* lacking;                   // what a CPU without it lacks, e.g. "AVX512-BF16"
    PeakLoop peak;                         // empty for scalar/none

    // Does this CPU (as CONV1D_DISABLE_ISA leaves it) have it?
    bool present(const CpuFeatures& f) const { return feature == nullptr || f.*feature; }
};

// Every row, widest FP32 first; scalar and none last.
const std::vector<IsaRow>& isa_table();
const IsaRow& isa_row(Isa isa);
const char* to_string(Isa isa);
Isa parse_isa(const std::string& name);  // throws UsageError naming the known ISAs

// "CPU lacks AVX512-BF16": the one wording of a missing ISA.
std::string lacks_reason(Isa isa);
// The peaks kernels of type `dt` are judged against on this CPU: the rows of that type it has. Every
// FP32 kernel uses the widest FMA the CPU has, so for f32 only that one (the table lists it first).
std::vector<Isa> peak_isas(DataType dt, const CpuFeatures& f);
// The peak FP32 kernels are judged against on this CPU: its widest FMA (avx512_fp32, avx2_fp32),
// or Isa::none when it has neither.
Isa fp32_isa(const CpuFeatures& f);

}  // namespace conv1d
