// The micro-kernel table for AVX512-BF16 (vdpbf16ps: 16 f32 accumulators += 16 pairs of bf16 products).
// Operands are 32 bf16 in a zmm; results are rounded to bf16 (vcvtneps2bf16, nearest even) as they are
// stored. See microkernels_impl.hpp.
// GCC 12 warns that the _mm512_undefined_* inside its own AVX-512 headers is (or "may be") used
// uninitialized, a known false positive of the masked builtins.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

#include <cstdint>
#include <utility>

#include "conv1d/bf16.hpp"
#include "kernels/direct/microkernels.hpp"

#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512bf16")

namespace conv1d::direct {
namespace {

struct Avx512Bf16 {
    using V = __m512;
    using X = __m512i;
    using Src = uint32_t;  // a VNNI pair of bf16
    using Elem = bf16_t;
    using Out = bf16_t;
    static constexpr int lanes = 16, elems_per_lane = 2, registers = 32;
    static constexpr double load_cycles = 0.4;  // as AVX-512 FP32 (not measured apart)
    static V zero() { return _mm512_setzero_ps(); }
    static X loadu(const uint32_t* p) { return _mm512_loadu_si512(p); }
    static X loadu(const bf16_t* p) { return _mm512_loadu_si512(p); }
    static X broadcast(const uint32_t* p) { return _mm512_set1_epi32(int(*p)); }
    static V fma(X a, X b, V c) { return _mm512_dpbf16_ps(c, (__m512bh)a, (__m512bh)b); }
    static V add(V a, V b) { return _mm512_add_ps(a, b); }
    static void store_out(bf16_t* p, V v) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), (__m256i)_mm512_cvtneps_pbh(v));
    }
    static V load_acc(const float* p) { return _mm512_loadu_ps(p); }
    static void store_acc(float* p, V v) { _mm512_storeu_ps(p, v); }
};

#include "kernels/direct/microkernels_impl.hpp"

constexpr MicroKernels kTable = table_of<Avx512Bf16>();

}  // namespace

const MicroKernels& avx512_bf16_kernels() { return kTable; }

}  // namespace conv1d::direct

#pragma GCC pop_options
