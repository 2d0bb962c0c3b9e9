#include "kernels/amx/pack.hpp"

// GCC 12 warns that the _mm512_undefined_epi32() inside its own AVX-512 headers "may be used
// uninitialized" (a known false positive of the masked builtins); silence just that here.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstring>

namespace conv1d::amx {

namespace {

inline uint32_t pair_at(const bf16_t* lo, const bf16_t* hi, int64_t x, int64_t width) {
    if (x < 0 || x >= width) return 0;
    const uint32_t a = lo ? lo[x] : 0, b = hi ? hi[x] : 0;
    return a | (b << 16);
}

}  // namespace

void pack_pair_row(uint32_t* dst, const bf16_t* lo, const bf16_t* hi, int64_t shift, int64_t src_width,
                   int64_t w_begin, int64_t w_end) {
    // Where every source index is inside the row the pairs are built 16 at a time by widening.
    const int64_t inside_begin = std::max(w_begin, -shift);
    const int64_t inside_end = std::min(w_end, src_width - shift);
    int64_t w = w_begin;
    for (; w < std::min(inside_begin, w_end); ++w) dst[w] = 0;
    if (lo && hi) {
        // 32 pairs per round: interleave the words of two rows, then put the 128-bit lanes back
        // in order (unpack works within lanes).
        const __m512i first = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);
        const __m512i second = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
        for (; w + 32 <= inside_end; w += 32) {
            const __m512i a = _mm512_loadu_si512(lo + w + shift), b = _mm512_loadu_si512(hi + w + shift);
            const __m512i l = _mm512_unpacklo_epi16(a, b), h = _mm512_unpackhi_epi16(a, b);
            _mm512_storeu_si512(dst + w, _mm512_permutex2var_epi64(l, first, h));
            _mm512_storeu_si512(dst + w + 16, _mm512_permutex2var_epi64(l, second, h));
        }
        for (; w + 16 <= inside_end; w += 16) {
            const __m512i a = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(lo + w + shift)));
            const __m512i b = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(hi + w + shift)));
            _mm512_storeu_si512(dst + w, _mm512_or_si512(a, _mm512_slli_epi32(b, 16)));
        }
    } else if (lo) {
        for (; w + 16 <= inside_end; w += 16)
            _mm512_storeu_si512(dst + w, _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(lo + w + shift))));
    }
    for (; w < w_end; ++w) dst[w] = pair_at(lo, hi, w + shift, src_width);
}

void pack_q_pairs(uint32_t* dst, const bf16_t* src, int64_t rows, int64_t width, int64_t k_pad, int64_t j_begin,
                  int64_t j_end) {
    const int64_t full_pairs = width / 2;  // pairs with both elements inside the row
    constexpr int64_t kBlock = 64;         // a block of j keeps its destination rows in L1
    for (int64_t j0 = j_begin; j0 < j_end; j0 += kBlock) {
        const int64_t j1 = std::min(j_end, j0 + kBlock);
        for (int64_t k = 0; k < rows; ++k) {
            const bf16_t* row = src + k * width;
            for (int64_t j = j0; j < j1; ++j) {
                uint32_t v;
                if (j < full_pairs) {
                    std::memcpy(&v, row + 2 * j, 4);
                } else {
                    v = (2 * j < width) ? uint32_t(row[2 * j]) : 0u;
                }
                dst[j * k_pad + k] = v;
            }
        }
        for (int64_t j = j0; j < j1; ++j)
            for (int64_t k = rows; k < k_pad; ++k) dst[j * k_pad + k] = 0;
    }
}

}  // namespace conv1d::amx
