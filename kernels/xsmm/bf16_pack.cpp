#include "bf16_pack.hpp"

#include <immintrin.h>

#include "kernels/common/vnni.hpp"

#pragma GCC target("avx512f,avx512bw,avx512bf16")  // only what follows; see CMakeLists.txt

namespace conv1d::xsmm {

void pack_vnni_window(const bf16_t* src, int64_t rows, int64_t src_len, int64_t start, int64_t width, bf16_t* dst,
                      int64_t dst_ld) {
    for (int64_t p = 0; p < (rows + 1) / 2; ++p) {
        const bf16_t* lo = src + (2 * p) * src_len;
        const bf16_t* hi = 2 * p + 1 < rows ? lo + src_len : nullptr;
        common::pack_pair_row(reinterpret_cast<uint32_t*>(dst) + p * dst_ld, lo, hi, start, src_len, 0, width);
    }
}

void pack_vnni_transposed(const bf16_t* src, int64_t src_ld, int64_t rows, int64_t width, bf16_t* dst, int64_t dst_ld) {
    common::transpose_pairs(reinterpret_cast<uint32_t*>(dst), dst_ld, src, src_ld, rows, width, (width + 1) / 2);
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
