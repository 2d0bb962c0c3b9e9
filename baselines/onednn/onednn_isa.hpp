// Which ISA peak a oneDNN implementation is judged against, from its implementation string.
// Free of oneDNN headers so tests can check the mapping for CPUs this machine is not.
#pragma once

#include <string>

#include "conv1d/isa.hpp"

namespace conv1d::onednn {

// The best bf16 instructions oneDNN lets itself use on this CPU (its effective ISA).
enum class Bf16Support { emulated, avx512_bf16, amx };

// f32: `fp32`, the machine's FP32 peak (avx512_fp32 or avx2_fp32, conv1d/isa.hpp), whatever
//      vector width oneDNN's code uses (it picks "jit:avx2" for S=51 on AVX-512 machines; that is
//      oneDNN's inefficiency to measure).
// "ref..." (oneDNN's reference C++ loops): "scalar".
// bf16, by the ISA the implementation string names:
//   "...amx..."              -> "amx_bf16"    (AMX tiles)
//   "...avx512_core_bf16..." -> "avx512_bf16" (vdpbf16ps)
//   another ISA, e.g. "jit_bf16:avx512_core" -> `fp32`: bf16 emulated with FP32 FMAs
//   no ISA, e.g. "x64:gemm:jit" -> from `cpu`: oneDNN's bf16 GEMM uses AMX tiles when it may,
//                               else vdpbf16ps, else emulation (`fp32`).
Isa isa_of(DataType dt, const std::string& impl, Bf16Support cpu, Isa fp32);

}  // namespace conv1d::onednn
