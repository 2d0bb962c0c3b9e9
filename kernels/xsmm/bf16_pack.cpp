#include "bf16_pack.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#pragma GCC target("avx512f,avx512bw,avx512bf16")  // only what follows; see CMakeLists.txt


namespace conv1d::xsmm {

namespace {

// The part [first, last) of [0, width) that lies inside a source row of length src_len read from start.
struct Inside {
    int64_t first, last;
};
Inside inside(int64_t src_len, int64_t start, int64_t width) {
    const int64_t first = std::clamp<int64_t>(-start, 0, width);
    return {first, std::clamp<int64_t>(src_len - start, first, width)};
}

// Interleaves 32 elements of a and b: out = a0 b0 a1 b1 ... a31 b31 (two zmm stores).
inline void interleave32(const bf16_t* a, const bf16_t* b, bf16_t* out) {
    const __m512i va = _mm512_loadu_si512(a), vb = _mm512_loadu_si512(b);
    // permutex2var indices: 0..31 pick from va, 32..63 from vb.
    const __m512i lo = _mm512_set_epi16(47, 15, 46, 14, 45, 13, 44, 12, 43, 11, 42, 10, 41, 9, 40, 8, 39, 7, 38, 6,
                                        37, 5, 36, 4, 35, 3, 34, 2, 33, 1, 32, 0);
    const __m512i hi = _mm512_set_epi16(63, 31, 62, 30, 61, 29, 60, 28, 59, 27, 58, 26, 57, 25, 56, 24, 55, 23, 54,
                                        22, 53, 21, 52, 20, 51, 19, 50, 18, 49, 17, 48, 16);
    _mm512_storeu_si512(out, _mm512_permutex2var_epi16(va, lo, vb));
    _mm512_storeu_si512(out + 32, _mm512_permutex2var_epi16(va, hi, vb));
}

}  // namespace

void pack_vnni_window(const bf16_t* src, int64_t rows, int64_t src_len, int64_t start, int64_t width, bf16_t* dst,
                      int64_t dst_ld) {
    const Inside in = inside(src_len, start, width);
    static const bf16_t zeros[32] = {};
    for (int64_t p = 0; p < (rows + 1) / 2; ++p) {
        const bf16_t* r0 = src + (2 * p) * src_len + start;
        const bf16_t* r1 = 2 * p + 1 < rows ? src + (2 * p + 1) * src_len + start : nullptr;
        bf16_t* out = dst + p * dst_ld * 2;
        std::memset(out, 0, size_t(in.first) * 2 * sizeof(bf16_t));
        int64_t x = in.first;
        for (; r1 != nullptr && x + 32 <= in.last; x += 32) interleave32(r0 + x, r1 + x, out + 2 * x);
        for (; r1 == nullptr && x + 32 <= in.last; x += 32) interleave32(r0 + x, zeros, out + 2 * x);
        for (; x < in.last; ++x) {
            out[2 * x] = r0[x];
            out[2 * x + 1] = r1 != nullptr ? r1[x] : bf16_t(0);
        }
        std::memset(out + 2 * in.last, 0, size_t(width - in.last) * 2 * sizeof(bf16_t));
    }
}

void pack_rows(const bf16_t* src, int64_t rows, int64_t src_len, int64_t start, int64_t width, int64_t padded_width,
               bf16_t* dst, int64_t dst_ld) {
    const Inside in = inside(src_len, start, width);
    for (int64_t r = 0; r < rows; ++r) {
        const bf16_t* row = src + r * src_len + start;
        bf16_t* out = dst + r * dst_ld;
        std::memset(out, 0, size_t(in.first) * sizeof(bf16_t));
        std::memcpy(out + in.first, row + in.first, size_t(in.last - in.first) * sizeof(bf16_t));
        std::memset(out + in.last, 0, size_t(padded_width - in.last) * sizeof(bf16_t));
    }
}

void pack_vnni_transposed(const bf16_t* src, int64_t src_ld, int64_t rows, int64_t width, bf16_t* dst) {
    const int64_t pairs = width / 2;
    for (int64_t r = 0; r < rows; ++r) {
        const bf16_t* row = src + r * src_ld;
        for (int64_t p = 0; p < pairs; ++p) {
            uint32_t v;
            std::memcpy(&v, row + 2 * p, sizeof v);
            std::memcpy(dst + (p * rows + r) * 2, &v, sizeof v);
        }
        if (width % 2 != 0) {
            dst[(pairs * rows + r) * 2] = row[width - 1];
            dst[(pairs * rows + r) * 2 + 1] = 0;
        }
    }
}

void round_to_bf16(const float* src, int64_t n, bf16_t* dst) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256bh v = _mm512_cvtneps_pbh(_mm512_loadu_ps(src + i));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), reinterpret_cast<const __m256i&>(v));
    }
    for (; i < n; ++i) dst[i] = float_to_bf16(src[i]);
}

}  // namespace conv1d::xsmm
