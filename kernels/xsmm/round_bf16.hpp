// The one rounding of f32 results to bf16 (AVX512-BF16 inside: runs only after supports() saw it).
#pragma once

#include <cstdint>

#include "conv1d/bf16.hpp"

namespace conv1d::xsmm {

// dst[i] = bf16(src[i]) with round-to-nearest-even (as conv1d::float_to_bf16).
void round_to_bf16(const float* src, int64_t n, bf16_t* dst);

}  // namespace conv1d::xsmm
