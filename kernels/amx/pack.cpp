#include "kernels/amx/pack.hpp"

// GCC 12 warns that the _mm512_undefined_epi32() inside its own AVX-512 headers is (or "may be")
// used uninitialized, a known false positive of the masked builtins; silence just that here.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#pragma GCC target("amx-tile,amx-bf16,avx512f,avx512bw,avx512bf16")  // only what follows; see CMakeLists.txt


namespace conv1d::amx {

namespace {

// dst rows j0..j0+15 (k_pad words apart), columns k0..k0+15 = the 16x16 transpose of the 32-bit
// pairs src[k][2j0 .. 2j0+32) of rows k0..k0+15 (`width` bf16 apart): unpack pairs of rows, then
// pairs of pairs, then swap 128-bit lanes twice.
void transpose_16x16_pairs(uint32_t* dst, int64_t k_pad, const bf16_t* src, int64_t width) {
    __m512i r[16], t[16];
    for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_si512(src + i * width);
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
    }
    for (int g = 0; g < 4; ++g) {  // r[4g + c], lane L = rows 4g..4g+3 at column 4L + c
        r[4 * g + 0] = _mm512_unpacklo_epi64(t[4 * g], t[4 * g + 2]);
        r[4 * g + 1] = _mm512_unpackhi_epi64(t[4 * g], t[4 * g + 2]);
        r[4 * g + 2] = _mm512_unpacklo_epi64(t[4 * g + 1], t[4 * g + 3]);
        r[4 * g + 3] = _mm512_unpackhi_epi64(t[4 * g + 1], t[4 * g + 3]);
    }
    for (int c = 0; c < 4; ++c) {
        const __m512i x0 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0x88), x1 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0xdd);
        const __m512i y0 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0x88);
        const __m512i y1 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0xdd);
        _mm512_storeu_si512(dst + (0 + c) * k_pad, _mm512_shuffle_i32x4(x0, y0, 0x88));
        _mm512_storeu_si512(dst + (4 + c) * k_pad, _mm512_shuffle_i32x4(x1, y1, 0x88));
        _mm512_storeu_si512(dst + (8 + c) * k_pad, _mm512_shuffle_i32x4(x0, y0, 0xdd));
        _mm512_storeu_si512(dst + (12 + c) * k_pad, _mm512_shuffle_i32x4(x1, y1, 0xdd));
    }
}

}  // namespace

void pack_q_pairs(uint32_t* dst, const bf16_t* src, int64_t rows, int64_t width, int64_t k_pad, int64_t j_begin,
                  int64_t j_end) {
    const int64_t full_pairs = width / 2;  // pairs with both elements inside the row
    for (int64_t j0 = j_begin; j0 < j_end; j0 += 16) {
        const int64_t j1 = std::min(j_end, j0 + 16);
        for (int64_t k0 = 0; k0 < rows; k0 += 16) {
            if (j1 == j0 + 16 && j1 <= full_pairs && k0 + 16 <= rows) {
                transpose_16x16_pairs(dst + (j0 - j_begin) * k_pad + k0, k_pad, src + k0 * width + 2 * j0, width);
                continue;
            }
            for (int64_t k = k0; k < std::min(rows, k0 + 16); ++k) {  // edges, one pair at a time
                const bf16_t* row = src + k * width;
                for (int64_t j = j0; j < j1; ++j) {
                    uint32_t v;
                    if (j < full_pairs)
                        std::memcpy(&v, row + 2 * j, 4);
                    else
                        v = (2 * j < width) ? uint32_t(row[2 * j]) : 0u;
                    dst[(j - j_begin) * k_pad + k] = v;
                }
            }
        }
        for (int64_t j = j0; j < j1; ++j)
            for (int64_t k = rows; k < k_pad; ++k) dst[(j - j_begin) * k_pad + k] = 0;
    }
}

}  // namespace conv1d::amx
