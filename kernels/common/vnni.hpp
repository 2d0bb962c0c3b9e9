// The VNNI re-layouts of bf16 activations that both kernel families build inside execute() (timed).
// vdpbf16ps and tdpbf16ps reduce pairs of bf16 values held in one 32-bit element, so the two
// reduction rows of a pair are interleaved, lo in the low half. AVX-512 inside: call only after
// the CPU check of the backend (AVX512-BF16 or AMX-BF16 CPUs have AVX512-BW).
#pragma once

#include <cstdint>

#include "conv1d/bf16.hpp"

namespace conv1d::common {

// dst[x] = (lo[x + shift], hi[x + shift]) as one 32-bit pair for x in [begin, end); elements whose
// source index falls outside [0, src_len) are zero, and a null lo/hi row (a row past the last one
// of an odd count) reads as zeros.
void pack_pair_row(uint32_t* dst, const bf16_t* lo, const bf16_t* hi, int64_t shift, int64_t src_len, int64_t begin,
                   int64_t end);

// A window of `rows` rows (src_len apart) as VNNI pair rows: dst row p (dst_ld apart) = pack_pair_row of rows
// 2p and 2p + 1 (zero when rows is odd) at columns [start, start + width) of the source, zero outside it.
void pack_pair_rows(uint32_t* dst, int64_t dst_ld, const bf16_t* src, int64_t rows, int64_t src_len, int64_t start,
                    int64_t width);

// The pairs along the rows, transposed: dst[j * dst_ld + r] = (src[r][2j], src[r][2j + 1]) for
// r < rows, j < pairs (rows src_ld apart); an element at column >= width reads as zero, and rows
// [rows, dst_ld) of every dst row are zero.
void transpose_pairs(uint32_t* dst, int64_t dst_ld, const bf16_t* src, int64_t src_ld, int64_t rows, int64_t width,
                     int64_t pairs);

}  // namespace conv1d::common
