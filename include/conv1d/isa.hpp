// The ISA paths a kernel's FLOPs are judged against: one enum, one table row per ISA. Everything
// that names an ISA (peaks, records, supports() reasons, CONV1D_DISABLE_ISA) derives from this table.
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

struct IsaRow {
    Isa isa;
    const char* name;                      // stable JSON key, e.g. "avx512_bf16"
    DataType dt;                           // the data type of the kernels judged against it
    double flop_per_cycle_per_core;        // nominal; 0 for scalar/none
    bool (*present)(const CpuFeatures&);   // does this CPU (as CONV1D_DISABLE_ISA leaves it) have it
    const char* lacking;                   // what a CPU without it lacks, e.g. "AVX512-BF16"
};

// Every row, widest FP32 first; scalar and none last.
const std::vector<IsaRow>& isa_table();
const IsaRow& isa_row(Isa isa);
const char* to_string(Isa isa);
Isa parse_isa(const std::string& name);  // throws UsageError naming the known ISAs

// "CPU lacks AVX512-BF16": the one wording of a missing ISA.
std::string lacks_reason(Isa isa);
// The peak FP32 kernels are judged against on this CPU: its widest FMA (avx512_fp32, avx2_fp32),
// or Isa::none when it has neither.
Isa fp32_isa(const CpuFeatures& f);

}  // namespace conv1d
