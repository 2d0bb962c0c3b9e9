// Activation re-layouts done inside execute() (timed).
#pragma once

#include <cstdint>

#include "conv1d/bf16.hpp"

namespace conv1d::amx {

// Rows [j_begin, j_end) of the q-pair transpose used as B tiles of the weight gradient:
// dst[(j - j_begin) * k_pad + k] = (src[k][2j], src[k][2j+1]) for k < rows, q < width; zero
// elsewhere (k in [rows, k_pad) or 2j+e >= width).
void pack_q_pairs(uint32_t* dst, const bf16_t* src, int64_t rows, int64_t width, int64_t k_pad, int64_t j_begin,
                  int64_t j_end);

}  // namespace conv1d::amx
