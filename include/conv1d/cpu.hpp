// What this CPU can run. Detected once at run time (core/sysinfo.cpp); kernels only read it.
// Each flag is one row of the ISA table (conv1d/isa.hpp), which names it, says what builds on it and
// how a CPU without it is described: ask the table (IsaRow::present, SupportAnswer::needs) rather
// than spelling an ISA out.
#pragma once

namespace conv1d {

struct CpuFeatures {
    bool avx2 = false;       // AVX2 + FMA (Haswell and later, AMD Zen)
    bool avx512f = false;    // AVX-512 F (+ BW/VL/DQ as on every Xeon that has it)
    bool avx512_bf16 = false;
    bool amx_bf16 = false;   // AMX-TILE + AMX-BF16 in CPUID *and* the OS grants tile data (see core/sysinfo.cpp)
};

// Detected features of the machine we run on (cached after the first call).
const CpuFeatures& cpu_features();

}  // namespace conv1d
