// Needs -mavx512f -mavx512bw -mavx512bf16 (set for this folder in CMakeLists.txt).
// Activation re-layouts done inside execute() (timed), and the f32 -> bf16 write-back of results.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "conv1d/bf16.hpp"

namespace conv1d::amx {

// One row of the VNNI-packed activation the forward-like kernels read as B tiles:
// dst[w] = (lo[w + shift], hi[w + shift]) as one 32-bit pair (lo in the low half) for w in
// [w_begin, w_end); elements whose source index falls outside [0, src_width) are zero, and a null
// lo/hi row (a channel past the last one) reads as zeros.
void pack_pair_row(uint32_t* dst, const bf16_t* lo, const bf16_t* hi, int64_t shift, int64_t src_width,
                   int64_t w_begin, int64_t w_end);

// Rows [j_begin, j_end) of the q-pair transpose used as B tiles of the weight gradient:
// dst[j * k_pad + k] = (src[k][2j], src[k][2j+1]) for k < rows, q < width; zero elsewhere
// (k in [rows, k_pad) or 2j+e >= width).
void pack_q_pairs(uint32_t* dst, const bf16_t* src, int64_t rows, int64_t width, int64_t k_pad, int64_t j_begin,
                  int64_t j_end);

// Rounds 16 floats to bf16 (nearest even, as the reference does) and writes the first `count`.
// Inline: it runs once per 16 outputs, in the epilogue of every block.
inline void store_bf16(const float* src, bf16_t* dst, int count) {
    const __m256i packed = reinterpret_cast<__m256i>(_mm512_cvtneps_pbh(_mm512_loadu_ps(src)));
    if (count == 16) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), packed);
    } else {
        alignas(32) bf16_t tmp[16];
        _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), packed);
        std::memcpy(dst, tmp, size_t(count) * sizeof(bf16_t));
    }
}

}  // namespace conv1d::amx
