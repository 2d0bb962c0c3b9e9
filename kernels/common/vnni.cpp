#include "kernels/common/vnni.hpp"

// GCC 12 warns that the _mm512_undefined_epi32() inside its own AVX-512 headers is (or "may be")
// used uninitialized, a known false positive of the masked builtins; silence just that here.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

#include <algorithm>

#pragma GCC target("avx512f,avx512bw")  // only what follows; see CMakeLists.txt

namespace conv1d::common {

namespace {

inline uint32_t pair_at(const bf16_t* lo, const bf16_t* hi, int64_t x, int64_t len) {
    if (x < 0 || x >= len) return 0;
    const uint32_t a = lo ? lo[x] : 0, b = hi ? hi[x] : 0;
    return a | (b << 16);
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
            const __m512i a = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(lo + x + shift)));
            const __m512i b = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(hi + x + shift)));
            _mm512_storeu_si512(dst + x, _mm512_or_si512(a, _mm512_slli_epi32(b, 16)));
        }
    } else if (lo) {
        for (; x + 16 <= inside_end; x += 16)
            _mm512_storeu_si512(dst + x, _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(lo + x + shift))));
    }
    for (; x < end; ++x) dst[x] = pair_at(lo, hi, x + shift, src_len);
}

}  // namespace conv1d::common
