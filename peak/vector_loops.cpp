// The register-only peak loops of the vector ISAs: independent accumulator chains of one
// instruction. Each function switches on its ISA with a target attribute, so this file builds for
// any x86-64 and nothing here runs before peak::measure_gflops has checked the CPU.
#include "peak/loops.hpp"

// GCC 12 warns about _mm512_undefined_ps inside its own reduce intrinsics; the warning is spurious.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <immintrin.h>

namespace conv1d::peak {

namespace {

// Enough independent accumulators to cover 4-cycle latency on 2 ports with room to spare.
constexpr int kAccumulators = 16;

__attribute__((target("avx512f"))) float fma_throughput_loop(long iterations) {
    __m512 acc[kAccumulators];
    volatile float seed = 1e-7f, scale = 0.9999999f;  // volatile: the compiler cannot fold the loop
    const __m512 a = _mm512_set1_ps(scale), b = _mm512_set1_ps(seed);
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_set1_ps(float(i));
    for (long it = 0; it < iterations; ++it)
        for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
    __m512 sum = acc[0];
    for (int i = 1; i < kAccumulators; ++i) sum = _mm512_add_ps(sum, acc[i]);
    return _mm512_reduce_add_ps(sum);
}

__attribute__((target("avx512f"))) float fma_latency_loop(long iterations) {
    volatile float seed = 1e-7f, scale = 0.9999999f;
    __m512 acc = _mm512_set1_ps(1.f);
    const __m512 a = _mm512_set1_ps(scale), b = _mm512_set1_ps(seed);
    for (long it = 0; it < iterations; ++it) acc = _mm512_fmadd_ps(acc, a, b);
    return _mm512_reduce_add_ps(acc);
}

// The same two loops on 256-bit registers, for CPUs whose widest FMA is AVX2 (AMD Zen, Intel client).
// AVX2 has only 16 ymm registers: 16 accumulators + 2 operands spilled and measured half the peak.
constexpr int kAccumulators256 = 12;
__attribute__((target("avx2,fma"))) float fma256_throughput_loop(long iterations) {
    __m256 acc[kAccumulators256];
    volatile float seed = 1e-7f, scale = 0.9999999f;
    const __m256 a = _mm256_set1_ps(scale), b = _mm256_set1_ps(seed);
    for (int i = 0; i < kAccumulators256; ++i) acc[i] = _mm256_set1_ps(float(i));
    for (long it = 0; it < iterations; ++it)
        for (int i = 0; i < kAccumulators256; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    __m256 sum = acc[0];
    for (int i = 1; i < kAccumulators256; ++i) sum = _mm256_add_ps(sum, acc[i]);
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, sum);
    return lanes[0] + lanes[7];
}

__attribute__((target("avx2,fma"))) float fma256_latency_loop(long iterations) {
    volatile float seed = 1e-7f, scale = 0.9999999f;
    __m256 acc = _mm256_set1_ps(1.f);
    const __m256 a = _mm256_set1_ps(scale), b = _mm256_set1_ps(seed);
    for (long it = 0; it < iterations; ++it) acc = _mm256_fmadd_ps(acc, a, b);
    return _mm256_cvtss_f32(acc);
}

__attribute__((target("avx512f,avx512bf16"))) float dpbf16_throughput_loop(long iterations) {
    __m512 acc[kAccumulators];
    const __m512bh a = (__m512bh)_mm512_set1_epi16(0x3f80);  // bf16 1.0
    const __m512bh b = (__m512bh)_mm512_set1_epi16(0x3380);  // bf16 ~6e-8
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_set1_ps(float(i));
    for (long it = 0; it < iterations; ++it)
        for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_dpbf16_ps(acc[i], a, b);
    __m512 sum = acc[0];
    for (int i = 1; i < kAccumulators; ++i) sum = _mm512_add_ps(sum, acc[i]);
    return _mm512_reduce_add_ps(sum);
}

}  // namespace

// FLOP per iteration: accumulators x lanes x 2 (FMA), x 2 more for vdpbf16ps's two products per lane.
PeakLoop fma512_loop() { return {{fma_throughput_loop, kAccumulators * 16 * 2.0}, nullptr, fma_latency_loop}; }
PeakLoop fma256_loop() { return {{fma256_throughput_loop, kAccumulators256 * 8 * 2.0}, nullptr, fma256_latency_loop}; }
PeakLoop dpbf16_loop() { return {{dpbf16_throughput_loop, kAccumulators * 16 * 4.0}, nullptr, nullptr}; }

}  // namespace conv1d::peak
