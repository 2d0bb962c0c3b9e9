#include "peak.hpp"

// GCC 12 warns about _mm512_undefined_ps inside its own reduce intrinsics; the warning is spurious.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <chrono>

#include "kernels/amx/amx_peak.hpp"  // the tdpbf16ps loop lives with the other AMX code

namespace conv1d {

namespace {

// Enough independent accumulators to cover 4-cycle latency on 2 ports with room to spare.
constexpr int kAccumulators = 16;

using Clock = std::chrono::steady_clock;

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

volatile float g_sink;  // keeps the loops' results alive

// Seconds for `threads` threads each running loop(iterations).
template <class Loop>
double time_parallel(Loop loop, long iterations, int threads) {
    const auto t0 = Clock::now();
#pragma omp parallel num_threads(threads)
    { g_sink = loop(iterations); }
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// On a shared machine a neighbour can take a core for part of any one run, which would make the
// "peak" lower than what kernels reach a minute later. So the budget is split into kTrials runs and
// the fastest counts: interference only ever slows a run down.
constexpr int kTrials = 5;

// Grows the iteration count until one run takes about seconds / kTrials, then runs kTrials times;
// returns (iterations, fastest time).
template <class Loop>
std::pair<long, double> calibrated_run(Loop loop, int threads, double seconds) {
    const double trial = seconds / kTrials;
    long iterations = 1000;
    double t = time_parallel(loop, iterations, threads);
    while (t < trial / 4) {
        iterations *= 4;
        t = time_parallel(loop, iterations, threads);
    }
    iterations = long(double(iterations) * trial / t) + 1;
    double best = time_parallel(loop, iterations, threads);
    for (int i = 1; i < kTrials; ++i) best = std::min(best, time_parallel(loop, iterations, threads));
    return {iterations, best};
}

}  // namespace

double nominal_flop_per_cycle(const std::string& isa) {
    if (isa == "avx512_fp32") return 64;
    if (isa == "avx2_fp32") return 32;
    if (isa == "avx512_bf16") return 128;
    if (isa == "amx_bf16") return 1024;
    return 0;
}

ThroughputLoop throughput_loop(const std::string& isa) {
    if (isa == "avx512_fp32") return {fma_throughput_loop, kAccumulators * 32.0};       // 16 lanes x 2
    if (isa == "avx2_fp32") return {fma256_throughput_loop, kAccumulators256 * 16.0};   // 8 lanes x 2
    if (isa == "avx512_bf16") return {dpbf16_throughput_loop, kAccumulators * 64.0};    // 16 lanes x 2 x 2
    return {};
}

const IsaPeak* PeakTable::find(const std::string& isa) const {
    for (const IsaPeak& p : isas)
        if (p.isa == isa) return &p;
    return nullptr;
}

PeakTable faster_of(const PeakTable& a, const PeakTable& b) {
    PeakTable out = a;
    out.fma_implied_ghz = std::max(a.fma_implied_ghz, b.fma_implied_ghz);
    for (IsaPeak& p : out.isas)
        if (const IsaPeak* q = b.find(p.isa)) p.measured_gflops = std::max(p.measured_gflops, q->measured_gflops);
    return out;
}

PeakTable measure_peaks(const SystemInfo& sys, int threads, double seconds, const std::vector<std::string>& only) {
    auto wanted = [&](const char* isa) { return only.empty() || std::find(only.begin(), only.end(), isa) != only.end(); };
    PeakTable table;
    table.threads = threads;
    const CpuFeatures& f = sys.features;
    auto entry = [&](const char* isa, bool available, const char* lacking) {
        IsaPeak p;
        p.isa = isa;
        p.available = available;
        if (!available) p.reason = std::string("CPU lacks ") + lacking;
        p.flop_per_cycle_per_core = nominal_flop_per_cycle(isa);
        p.nominal_gflops = threads * sys.nominal_ghz * p.flop_per_cycle_per_core;
        return p;
    };
    IsaPeak fp32 = entry("avx512_fp32", f.avx512f, "AVX-512");
    IsaPeak fp32_256 = entry("avx2_fp32", f.avx2, "AVX2/FMA");
    IsaPeak bf16 = entry("avx512_bf16", f.avx512_bf16, "AVX512-BF16");
    IsaPeak amx = entry("amx_bf16", f.amx_bf16, "AMX-BF16 (or the OS did not grant tile data)");
    // Runs isa's throughput loop on `threads` threads: GFLOP/s.
    auto measured = [&](const char* isa) {
        const ThroughputLoop loop = throughput_loop(isa);
        auto [it, t] = calibrated_run(loop.run, threads, seconds);
        return double(threads) * double(it) * loop.flop_per_iteration / t * 1e-9;
    };
    if (fp32.available && wanted("avx512_fp32")) {
        fp32.measured_gflops = measured("avx512_fp32");
        auto [lit, lt] = calibrated_run(fma_latency_loop, 1, seconds / 2);
        table.fma_implied_ghz = double(lit) * 4.0 / lt * 1e-9;  // vfmadd231ps latency: 4 cycles
    }
    if (fp32_256.available && wanted("avx2_fp32")) {
        fp32_256.measured_gflops = measured("avx2_fp32");
        if (table.fma_implied_ghz == 0) {  // no AVX-512: the 256-bit FMA latency gives the clock
            auto [lit, lt] = calibrated_run(fma256_latency_loop, 1, seconds / 2);
            table.fma_implied_ghz = double(lit) * 4.0 / lt * 1e-9;  // 4 cycles on Intel since Skylake and on Zen 2 and 3
        }
    }
    if (bf16.available && wanted("avx512_bf16")) bf16.measured_gflops = measured("avx512_bf16");
    for (int i = 0; amx.available && wanted("amx_bf16") && i < kTrials; ++i)
        amx.measured_gflops = std::max(amx.measured_gflops, amx::measure_peak_gflops(threads, seconds / kTrials));
    table.isas = {fp32, fp32_256, bf16, amx};
    return table;
}

}  // namespace conv1d
