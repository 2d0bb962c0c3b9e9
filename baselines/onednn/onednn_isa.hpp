// Which ISA peak a oneDNN implementation is judged against, from its implementation string.
// Free of oneDNN headers so tests can check the mapping for CPUs this machine is not.
#pragma once

#include <string>

#include "conv1d/problem.hpp"

namespace conv1d::onednn {

//   "ref..."                          -> "scalar"      (oneDNN's reference C++ loops)
//   f32, anything else                -> "avx512_fp32"
//   bf16, "...amx..."                 -> "amx_bf16"    (AMX tiles)
//   bf16, "...avx512_core_bf16..."    -> "avx512_bf16" (vdpbf16ps)
//   bf16, other (e.g. "jit_bf16:avx512_core") -> "avx512_fp32": without AVX512-BF16 oneDNN
//                                        emulates bf16 with FP32 FMAs, so that is what runs.
std::string isa_of(DataType dt, const std::string& impl);

}  // namespace conv1d::onednn
