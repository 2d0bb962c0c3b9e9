#include "round_bf16.hpp"

#include <immintrin.h>

#pragma GCC target("avx512f,avx512bw,avx512bf16")  // only what follows; see CMakeLists.txt

namespace conv1d::xsmm {

void round_to_bf16(const float* src, int64_t n, bf16_t* dst) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256bh v = _mm512_cvtneps_pbh(_mm512_loadu_ps(src + i));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), reinterpret_cast<const __m256i&>(v));
    }
    for (; i < n; ++i) dst[i] = float_to_bf16(src[i]);
}

}  // namespace conv1d::xsmm
