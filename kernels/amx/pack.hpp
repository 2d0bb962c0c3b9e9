// Activation re-layouts done inside execute() (timed).
#pragma once

#include <cstdint>

#include "conv1d/bf16.hpp"

namespace conv1d::amx {

// One row of the VNNI-packed activation the forward-like kernels read as B tiles:
// dst[w] = (lo[w + shift], hi[w + shift]) as one 32-bit pair (lo in the low half) for w in
// [w_begin, w_end); elements whose source index falls outside [0, src_width) are zero, and a null
// lo/hi row (a channel past the last one) reads as zeros.
void pack_pair_row(uint32_t* dst, const bf16_t* lo, const bf16_t* hi, int64_t shift, int64_t src_width,
                   int64_t w_begin, int64_t w_end);

// Rows [j_begin, j_end) of the q-pair transpose used as B tiles of the weight gradient:
// dst[(j - j_begin) * k_pad + k] = (src[k][2j], src[k][2j+1]) for k < rows, q < width; zero
// elsewhere (k in [rows, k_pad) or 2j+e >= width).
void pack_q_pairs(uint32_t* dst, const bf16_t* src, int64_t rows, int64_t width, int64_t k_pad, int64_t j_begin,
                  int64_t j_end);

}  // namespace conv1d::amx
