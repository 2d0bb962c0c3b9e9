// What this CPU can run. Detected once at run time (harness/sysinfo); kernels only read it.
#pragma once

namespace conv1d {

struct CpuFeatures {
    bool avx2 = false;       // AVX2 + FMA (Haswell and later, AMD Zen)
    bool avx512f = false;    // AVX-512 F (+ BW/VL/DQ as on every Xeon that has it)
    bool avx512_bf16 = false;
    bool amx_bf16 = false;   // AMX-TILE + AMX-BF16 in CPUID *and* the OS grants tile data (see harness/sysinfo)
};

// Detected features of the machine we run on (cached after the first call).
const CpuFeatures& cpu_features();

// The peak that FP32 kernels are judged against on a CPU with these features: the widest FMA it has
// ("avx512_fp32", "avx2_fp32"), or "" when it has neither (then FP32 kernels of ours are SKIPPED).
inline const char* fp32_isa(const CpuFeatures& f) { return f.avx512f ? "avx512_fp32" : f.avx2 ? "avx2_fp32" : ""; }

}  // namespace conv1d
