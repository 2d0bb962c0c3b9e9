// The micro-kernel table for AVX-512 FP32 (32 zmm registers of 16 floats). See microkernels_impl.hpp.
#include <immintrin.h>

#include <utility>

#include "kernels/direct/microkernels.hpp"

#pragma GCC push_options
#pragma GCC target("avx512f,fma")

namespace conv1d::direct {
namespace {

struct Avx512 {
    using V = __m512;
    using X = __m512;
    using Src = float;
    using Elem = float;
    using Out = float;
    static constexpr int lanes = 16, elems_per_lane = 1, registers = 32;
    static constexpr double load_cycles = 0.4;  // kernel-only ceiling runs, MEASUREMENTS.md §1
    static V zero() { return _mm512_setzero_ps(); }
    static X loadu(const float* p) { return _mm512_loadu_ps(p); }
    static X broadcast(const float* p) { return _mm512_set1_ps(*p); }
    static V fma(X a, X b, V c) { return _mm512_fmadd_ps(a, b, c); }
    static V add(V a, V b) { return _mm512_add_ps(a, b); }
    static void store_out(float* p, V v) { _mm512_storeu_ps(p, v); }
    static V load_acc(const float* p) { return _mm512_loadu_ps(p); }
    static void store_acc(float* p, V v) { _mm512_storeu_ps(p, v); }
};

#include "kernels/direct/microkernels_impl.hpp"

constexpr MicroKernels kTable = table_of<Avx512>();

}  // namespace

const MicroKernels& avx512_kernels() { return kTable; }

}  // namespace conv1d::direct

#pragma GCC pop_options
