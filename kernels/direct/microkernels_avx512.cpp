// The micro-kernel table for AVX-512 (32 zmm registers of 16 floats). See microkernels_impl.hpp.
#include <immintrin.h>

#include <utility>

#include "kernels/direct/microkernels.hpp"

#pragma GCC push_options
#pragma GCC target("avx512f,fma")

namespace conv1d::direct {
namespace {

struct Avx512 {
    using V = __m512;
    static constexpr int lanes = 16, registers = 32;
    static constexpr double load_cycles = 0.4;  // kernel-only ceiling runs, MEASUREMENTS.md §1
    static V zero() { return _mm512_setzero_ps(); }
    static V loadu(const float* p) { return _mm512_loadu_ps(p); }
    static V broadcast(const float* p) { return _mm512_set1_ps(*p); }
    static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
    static V add(V a, V b) { return _mm512_add_ps(a, b); }
    static void storeu(float* p, V v) { _mm512_storeu_ps(p, v); }
};

#include "kernels/direct/microkernels_impl.hpp"

constexpr MicroKernels kTable = table_of<Avx512>();

}  // namespace

const MicroKernels& avx512_kernels() { return kTable; }

}  // namespace conv1d::direct

#pragma GCC pop_options
