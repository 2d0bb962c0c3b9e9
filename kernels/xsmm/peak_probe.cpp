#include "peak_probe.hpp"

#include <immintrin.h>
#include <omp.h>

#include <ctime>

#include "conv1d/cpu.hpp"

namespace conv1d::xsmm {

namespace {

constexpr int kChains512 = 16;  // enough independent accumulators to cover the FMA latency
constexpr int kChains256 = 12;  // AVX2 has 16 ymm registers: 16 chains + 2 operands would spill

double thread_cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// Each loop sums each thread's rate over its own CPU time, so neighbours taking the CPU away do not
// count. They are compiled for their ISA only (not the whole file), and run only after a CPU check.
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512bf16")
double probe512(int threads, long iterations, bool bf16) {
    double rate = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : rate)
    {
        __m512 acc[kChains512];
        for (int i = 0; i < kChains512; ++i) acc[i] = _mm512_set1_ps(1e-3f * float(i + omp_get_thread_num()));
        const __m512 a = _mm512_set1_ps(0.999f), b = _mm512_set1_ps(1e-4f);
        const __m512bh ha = (__m512bh)_mm512_set1_epi16(0x3f80), hb = (__m512bh)_mm512_set1_epi16(0x3a83);
        const double t0 = thread_cpu_seconds();
        for (long it = 0; it < iterations; ++it) {
            if (bf16) {
#pragma GCC unroll 16
                for (int i = 0; i < kChains512; ++i) acc[i] = _mm512_dpbf16_ps(acc[i], ha, hb);
            } else {
#pragma GCC unroll 16
                for (int i = 0; i < kChains512; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
            }
        }
        double seconds = thread_cpu_seconds() - t0;
        __m512 sum = acc[0];
        for (int i = 1; i < kChains512; ++i) sum = _mm512_add_ps(sum, acc[i]);
        alignas(64) float lanes[16];
        _mm512_store_ps(lanes, sum);
        if (lanes[0] == 1234.5f) seconds += 1e-9;  // keeps the chains alive
        rate = double(iterations) * kChains512 * (bf16 ? 64.0 : 32.0) / seconds * 1e-9;
    }
    return rate;
}
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2,fma")
double probe256(int threads, long iterations) {
    double rate = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : rate)
    {
        __m256 acc[kChains256];
        for (int i = 0; i < kChains256; ++i) acc[i] = _mm256_set1_ps(1e-3f * float(i + omp_get_thread_num()));
        const __m256 a = _mm256_set1_ps(0.999f), b = _mm256_set1_ps(1e-4f);
        const double t0 = thread_cpu_seconds();
        for (long it = 0; it < iterations; ++it) {
#pragma GCC unroll 12
            for (int i = 0; i < kChains256; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
        }
        double seconds = thread_cpu_seconds() - t0;
        __m256 sum = acc[0];
        for (int i = 1; i < kChains256; ++i) sum = _mm256_add_ps(sum, acc[i]);
        alignas(32) float lanes[8];
        _mm256_store_ps(lanes, sum);
        if (lanes[0] == 1234.5f) seconds += 1e-9;
        rate = double(iterations) * kChains256 * 16.0 / seconds * 1e-9;
    }
    return rate;
}
#pragma GCC pop_options

}  // namespace

double probe_flops(int threads, long iterations, bool bf16) {
    const double per_iteration = bf16 ? kChains512 * 64.0 : cpu_features().avx512f ? kChains512 * 32.0 : kChains256 * 16.0;
    return double(threads) * double(iterations) * per_iteration;
}

double probe_fp32_peak_gflops(int threads, long iterations) {
    if (cpu_features().avx512f) return probe512(threads, iterations, false);
    return cpu_features().avx2 ? probe256(threads, iterations) : 0.0;
}

double probe_bf16_peak_gflops(int threads, long iterations) {
    return cpu_features().avx512_bf16 ? probe512(threads, iterations, true) : 0.0;
}

}  // namespace conv1d::xsmm
