#include "kernels/common/vnni.hpp"

// GCC 12 warns that the _mm512_undefined_epi32() inside its own AVX-512 headers is (or "may be")
// used uninitialized, a known false positive of the masked builtins; silence just that here.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#pragma GCC target("avx512f,avx512bw")  // only what follows; see CMakeLists.txt

namespace conv1d::common {

namespace {

inline uint32_t pair_at(const bf16_t* lo, const bf16_t* hi, int64_t x, int64_t len) {
    if (x < 0 || x >= len) return 0;
    const uint32_t a = lo ? lo[x] : 0, b = hi ? hi[x] : 0;
    return a | (b << 16);
}

// 16 bf16 values zero-extended to 32 bits each.
inline __m512i widen16(const bf16_t* p) {
    return _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

}  // namespace

void pack_pair_row(uint32_t* dst, const bf16_t* lo, const bf16_t* hi, int64_t shift, int64_t src_len, int64_t begin,
                   int64_t end) {
    // Where every source index is inside the row the pairs are built 16 or 32 at a time.
    const int64_t inside_begin = std::max(begin, -shift);
    const int64_t inside_end = std::min(end, src_len - shift);
    int64_t x = begin;
    for (; x < std::min(inside_begin, end); ++x) dst[x] = 0;
    if (lo && hi) {
        // 32 pairs per round: interleave the words of two rows, then put the 128-bit lanes back
        // in order (unpack works within lanes).
        const __m512i first = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);
        const __m512i second = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
        for (; x + 32 <= inside_end; x += 32) {
            const __m512i a = _mm512_loadu_si512(lo + x + shift), b = _mm512_loadu_si512(hi + x + shift);
            const __m512i l = _mm512_unpacklo_epi16(a, b), h = _mm512_unpackhi_epi16(a, b);
            _mm512_storeu_si512(dst + x, _mm512_permutex2var_epi64(l, first, h));
            _mm512_storeu_si512(dst + x + 16, _mm512_permutex2var_epi64(l, second, h));
        }
        for (; x + 16 <= inside_end; x += 16) {
            const __m512i a = widen16(lo + x + shift), b = widen16(hi + x + shift);
            _mm512_storeu_si512(dst + x, _mm512_or_si512(a, _mm512_slli_epi32(b, 16)));
        }
    } else if (lo) {
        for (; x + 16 <= inside_end; x += 16) _mm512_storeu_si512(dst + x, widen16(lo + x + shift));
    }
    for (; x < end; ++x) dst[x] = pair_at(lo, hi, x + shift, src_len);
}

void pack_pair_rows(uint32_t* dst, int64_t dst_ld, const bf16_t* src, int64_t rows, int64_t src_len, int64_t start,
                    int64_t width) {
    for (int64_t r = 0; r < rows; r += 2)
        pack_pair_row(dst + (r / 2) * dst_ld, src + r * src_len, r + 1 < rows ? src + (r + 1) * src_len : nullptr, start,
                      src_len, 0, width);
}

namespace {

// dst rows 0..15 (dst_ld words apart), columns 0..rows-1 = the transpose of the 32-bit pairs
// src[r][0 .. 32) of rows r < rows <= 16 (src_ld bf16 apart): unpack pairs of rows, then pairs of
// pairs, then swap 128-bit lanes twice. Fewer than 16 rows (K = 15 of AtacWorks) are transposed
// as zeros and stored masked.
void transpose_16x16_pairs(uint32_t* dst, int64_t dst_ld, const bf16_t* src, int64_t src_ld, int64_t rows) {
    __m512i r[16], t[16];
    for (int i = 0; i < 16; ++i) r[i] = i < rows ? _mm512_loadu_si512(src + i * src_ld) : _mm512_setzero_si512();
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
    const __mmask16 mask = rows >= 16 ? __mmask16(0xffff) : __mmask16((1u << rows) - 1);
    for (int c = 0; c < 4; ++c) {
        const __m512i x0 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0x88), x1 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0xdd);
        const __m512i y0 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0x88);
        const __m512i y1 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0xdd);
        _mm512_mask_storeu_epi32(dst + (0 + c) * dst_ld, mask, _mm512_shuffle_i32x4(x0, y0, 0x88));
        _mm512_mask_storeu_epi32(dst + (4 + c) * dst_ld, mask, _mm512_shuffle_i32x4(x1, y1, 0x88));
        _mm512_mask_storeu_epi32(dst + (8 + c) * dst_ld, mask, _mm512_shuffle_i32x4(x0, y0, 0xdd));
        _mm512_mask_storeu_epi32(dst + (12 + c) * dst_ld, mask, _mm512_shuffle_i32x4(x1, y1, 0xdd));
    }
}

}  // namespace

void transpose_pairs(uint32_t* dst, int64_t dst_ld, const bf16_t* src, int64_t src_ld, int64_t rows, int64_t width,
                     int64_t pairs) {
    const int64_t full_pairs = width / 2;  // pairs with both elements inside the row
    for (int64_t j0 = 0; j0 < pairs; j0 += 16) {
        const int64_t j1 = std::min(pairs, j0 + 16);
        for (int64_t r0 = 0; r0 < rows; r0 += 16) {
            if (j1 == j0 + 16 && j1 <= full_pairs) {
                transpose_16x16_pairs(dst + j0 * dst_ld + r0, dst_ld, src + r0 * src_ld + 2 * j0, src_ld, rows - r0);
                continue;
            }
            for (int64_t r = r0; r < std::min(rows, r0 + 16); ++r) {  // edges, one pair at a time
                const bf16_t* row = src + r * src_ld;
                for (int64_t j = j0; j < j1; ++j) {
                    uint32_t v;
                    if (j < full_pairs)
                        std::memcpy(&v, row + 2 * j, 4);
                    else
                        v = (2 * j < width) ? uint32_t(row[2 * j]) : 0u;
                    dst[j * dst_ld + r] = v;
                }
            }
        }
        for (int64_t j = j0; j < j1; ++j)
            for (int64_t r = rows; r < dst_ld; ++r) dst[j * dst_ld + r] = 0;
    }
}

}  // namespace conv1d::common
