// Compiled for any x86-64, like every caller of the loops: the CPU check below runs before any
// instruction of the ISA being measured (the loops switch on their ISA themselves).
#include "peak/measure.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <utility>

namespace conv1d::peak {

namespace {

using Clock = std::chrono::steady_clock;

volatile float g_sink;  // keeps the loops' results alive

// Seconds for `threads` threads each running loop(iterations).
double time_parallel(float (*loop)(long), long iterations, int threads) {
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
// returns (iterations, fastest time). Each calibration step takes the fastest of three runs: a single
// run that a neighbour stalled (e.g. 0.5 s for 1000 iterations) once made the count so small that
// the trials timed OpenMP's fork and join instead of the loop, and the AVX-512 "peak" read 0.6 GFLOP/s
// instead of ~200 on this VM under load (2026-11-29), which put kernels at 6000 % of it.
std::pair<long, double> calibrated_run(float (*loop)(long), int threads, double seconds) {
    const double trial = seconds / kTrials;
    const auto fastest_of_three = [&](long n) {
        return std::min({time_parallel(loop, n, threads), time_parallel(loop, n, threads), time_parallel(loop, n, threads)});
    };
    long iterations = 1000;
    double t = fastest_of_three(iterations);
    while (t < trial / 4) {
        iterations *= 4;
        t = fastest_of_three(iterations);
    }
    iterations = long(double(iterations) * trial / t) + 1;
    double best = time_parallel(loop, iterations, threads);
    for (int i = 1; i < kTrials; ++i) best = std::min(best, time_parallel(loop, iterations, threads));
    return {iterations, best};
}

}  // namespace

double measure_gflops(const IsaRow& row, const CpuFeatures& cpu, int threads, double seconds) {
    if (!row.present(cpu) || threads < 1) return 0.0;
    const PeakLoop& loop = row.peak;
    if (loop.self_timed_gflops) {
        double best = 0.0;
        for (int i = 0; i < kTrials; ++i) best = std::max(best, loop.self_timed_gflops(threads, seconds / kTrials));
        return best;
    }
    if (!loop.per_thread.run) return 0.0;
    const auto [iterations, t] = calibrated_run(loop.per_thread.run, threads, seconds);
    return double(threads) * double(iterations) * loop.per_thread.flop_per_iteration / t * 1e-9;
}

double implied_ghz(const IsaRow& row, const CpuFeatures& cpu, double seconds) {
    if (!row.present(cpu) || !row.peak.latency_chain) return 0.0;
    const auto [iterations, t] = calibrated_run(row.peak.latency_chain, 1, seconds);
    return double(iterations) * 4.0 / t * 1e-9;  // 4 cycles per link (vfmadd231ps: Intel since Skylake, Zen 2 and 3)
}

}  // namespace conv1d::peak
