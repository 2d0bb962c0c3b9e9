// Re-layouts of bf16 activations for LIBXSMM's bf16 BRGEMM (done inside execute, timed), and the
// one rounding of f32 results to bf16. LIBXSMM 1.17 wants the A operand in VNNI pairs: element
// (m, k) of a column-major m x k matrix at ((k/2)*lda + m)*2 + k%2, so the two rows of a
// reduction pair sit next to each other for vdpbf16ps. Odd reductions are padded with a zero row.
#pragma once

#include <cstdint>

#include "conv1d/bf16.hpp"

namespace conv1d::xsmm {

// VNNI window: rows j of src (each src_len long), columns [start, start + width) -> dst[j/2][x][j%2]
// with ld dst_ld (in x); zero outside the source, and zero for the pad row when rows is odd.
void pack_vnni_window(const bf16_t* src, int64_t rows, int64_t src_len, int64_t start, int64_t width,
                      bf16_t* dst, int64_t dst_ld);

// Transposes a rows x width block (row stride src_ld) into VNNI pairs along the width:
// dst[x/2][r][x%2] (ld dst_ld >= rows, zero in the rows past `rows`), a 32-bit transpose; an odd
// width gets a zero partner.
void pack_vnni_transposed(const bf16_t* src, int64_t src_ld, int64_t rows, int64_t width, bf16_t* dst, int64_t dst_ld);

// dst[i] = bf16(src[i]) with round-to-nearest-even (as conv1d::float_to_bf16).
void round_to_bf16(const float* src, int64_t n, bf16_t* dst);

}  // namespace conv1d::xsmm
