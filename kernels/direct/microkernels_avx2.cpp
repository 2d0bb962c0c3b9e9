// The micro-kernel table for AVX2 + FMA FP32 (16 ymm registers of 8 floats). See microkernels_impl.hpp.
#include <immintrin.h>

#include <utility>

#include "kernels/direct/microkernels.hpp"

#pragma GCC push_options
#pragma GCC target("avx2,fma")

namespace conv1d::direct {
namespace {

struct Avx2 {
    using V = __m256;
    using X = __m256;
    using Src = float;
    using Elem = float;
    using Out = float;
    static constexpr int lanes = 8, elems_per_lane = 1, registers = 16;
    static constexpr double load_cycles = 0.1;  // AVX2 block comparison, MEASUREMENTS.md §4
    static V zero() { return _mm256_setzero_ps(); }
    static X loadu(const float* p) { return _mm256_loadu_ps(p); }
    static X broadcast(const float* p) { return _mm256_broadcast_ss(p); }
    static V fma(X a, X b, V c) { return _mm256_fmadd_ps(a, b, c); }
    static V add(V a, V b) { return _mm256_add_ps(a, b); }
    static void store_out(float* p, V v) { _mm256_storeu_ps(p, v); }
    static V load_acc(const float* p) { return _mm256_loadu_ps(p); }
    static void store_acc(float* p, V v) { _mm256_storeu_ps(p, v); }
};

#include "kernels/direct/microkernels_impl.hpp"

constexpr MicroKernels kTable = table_of<Avx2>();

}  // namespace

const MicroKernels& avx2_kernels() { return kTable; }

}  // namespace conv1d::direct

#pragma GCC pop_options
