#include "peak_probe.hpp"

#include <omp.h>

#include <ctime>

#include "conv1d/isa.hpp"

namespace conv1d::xsmm {

namespace {

double thread_cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// The ISA table's peak loops (peak/, as `conv1d-bench peak` runs them), timed differently: each
// thread's rate over its own CPU time, summed, so neighbours taking the CPU away do not count.
double probe(int threads, long iterations, ThroughputLoop loop) {
    if (loop.run == nullptr) return 0.0;
    double rate = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : rate)
    {
        const double t0 = thread_cpu_seconds();
        volatile float sink = loop.run(iterations);  // keeps the chains alive
        (void)sink;
        rate = double(iterations) * loop.flop_per_iteration / (thread_cpu_seconds() - t0) * 1e-9;
    }
    return rate;
}

// isa's register loop where this CPU has it ({} otherwise: rate 0). FP32: the widest FMA it has.
ThroughputLoop loop_here(Isa isa) {
    const IsaRow& row = isa_row(isa);
    return row.present(cpu_features()) ? row.peak.per_thread : ThroughputLoop{};
}
ThroughputLoop fp32_loop() { return loop_here(fp32_isa(cpu_features())); }
ThroughputLoop bf16_loop() { return loop_here(Isa::avx512_bf16); }

}  // namespace

double probe_flops(int threads, long iterations, bool bf16) {
    return double(threads) * double(iterations) * (bf16 ? bf16_loop() : fp32_loop()).flop_per_iteration;
}

double probe_fp32_peak_gflops(int threads, long iterations) { return probe(threads, iterations, fp32_loop()); }

double probe_bf16_peak_gflops(int threads, long iterations) { return probe(threads, iterations, bf16_loop()); }

}  // namespace conv1d::xsmm
