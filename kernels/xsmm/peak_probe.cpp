#include "peak_probe.hpp"

#include <immintrin.h>
#include <omp.h>

#include <ctime>

namespace conv1d::xsmm {

namespace {

constexpr int kChains = 16;        // enough independent accumulators to cover the FMA latency

double thread_cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// Sums each thread's rate over its own CPU time, so neighbours taking the CPU away do not count.
template <class Step>
double probe(int threads, long iterations, double flops_per_instruction, Step step) {
    double rate = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : rate)
    {
        __m512 acc[kChains];
        for (int i = 0; i < kChains; ++i) acc[i] = _mm512_set1_ps(1e-3f * float(i + omp_get_thread_num()));
        const double t0 = thread_cpu_seconds();
        for (long it = 0; it < iterations; ++it) {
#pragma GCC unroll 16
            for (int i = 0; i < kChains; ++i) acc[i] = step(acc[i]);
        }
        double seconds = thread_cpu_seconds() - t0;
        __m512 sum = acc[0];
        for (int i = 1; i < kChains; ++i) sum = _mm512_add_ps(sum, acc[i]);
        alignas(64) float lanes[16];
        _mm512_store_ps(lanes, sum);
        if (lanes[0] == 1234.5f) seconds += 1e-9;  // keeps the chains alive
        rate = double(iterations) * kChains * flops_per_instruction / seconds * 1e-9;
    }
    return rate;
}

}  // namespace

double probe_flops(int threads, long iterations, bool bf16) {
    return double(threads) * double(iterations) * kChains * (bf16 ? 64.0 : 32.0);
}

double probe_fp32_peak_gflops(int threads, long iterations) {
    const __m512 a = _mm512_set1_ps(0.999f), b = _mm512_set1_ps(1e-4f);
    return probe(threads, iterations, 32.0, [&](__m512 x) { return _mm512_fmadd_ps(x, a, b); });
}

double probe_bf16_peak_gflops(int threads, long iterations) {
    const __m512bh a = (__m512bh)_mm512_set1_epi16(0x3f80), b = (__m512bh)_mm512_set1_epi16(0x3a83);
    return probe(threads, iterations, 64.0, [&](__m512 x) { return _mm512_dpbf16_ps(x, a, b); });
}

}  // namespace conv1d::xsmm
