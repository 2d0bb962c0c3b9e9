// Kernel-only ceiling of the "direct" backend (not a test; compare rows of one run): every register block of
// the micro-kernel table of this CPU's FP32 ISA on data that stays in L1 (one register tile, C = 15 rows,
// S = 51 taps, d = 8, the AtacWorks layer's reduction), single-threaded, beside the ISA's peak loop. What the
// blocking model in blocking.cpp is fitted to (MEASUREMENTS.md §1).
//   bench_direct [gbench flags]     CONV1D_DISABLE_ISA=avx512f bench_direct   for the AVX2 table
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "conv1d/cpu.hpp"
#include "conv1d/isa.hpp"
#include "kernels/direct/microkernels.hpp"
#include "peak/measure.hpp"

using namespace conv1d;
using direct::CorrArgs;
using direct::MicroKernels;

namespace {

constexpr int64_t kRows = 15, kTaps = 51, kDilation = 8;

void run_block(benchmark::State& state, const MicroKernels* m, int r, int n) {
    const int64_t width = int64_t(n) * m->lanes, ld = width + (kTaps - 1) * kDilation + 16;
    std::vector<float> src(size_t(kRows * ld), 1.0f), w(size_t(kRows * kTaps * r), 0.5f), out(size_t(r * width));
    std::vector<int64_t> offsets;
    for (int64_t c = 0; c < kRows; ++c)
        for (int64_t t = 0; t < kTaps; ++t) offsets.push_back(c * ld + t * kDilation);
    const CorrArgs a{src.data(), offsets.data(), kRows * kTaps, w.data(), out.data(), width, 1};
    for (auto _ : state) {
        m->corr[r][n](a);
        benchmark::DoNotOptimize(out.data());
    }
    const double flops = 2.0 * r * width * kRows * kTaps;
    state.counters["GFLOPs"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void run_peak(benchmark::State& state, Isa isa) {
    double g = 0;
    for (auto _ : state) g = peak::measure_gflops(isa_row(isa), cpu_features(), 1, 0.2);
    state.counters["GFLOPs"] = g;
}

}  // namespace

int main(int argc, char** argv) {
    const Isa isa = fp32_isa(cpu_features());
    if (!isa_row(Isa::avx2_fp32).present(cpu_features())) {
        std::fprintf(stderr, "bench_direct: %s\n", lacks_reason(Isa::avx2_fp32).c_str());
        return 2;
    }
    const MicroKernels* m = isa == Isa::avx512_fp32 ? &direct::avx512_kernels() : &direct::avx2_kernels();
    benchmark::RegisterBenchmark((std::string("peak/") + isa_row(isa).name).c_str(), run_peak, isa)->Iterations(1);
    for (int r = 1; r <= direct::kMaxRows; ++r)
        for (int n = 1; n <= direct::kMaxVecs; ++n)
            if (m->corr[r][n] != nullptr)
                benchmark::RegisterBenchmark(("corr/" + std::to_string(r) + "x" + std::to_string(n)).c_str(), run_block,
                                             m, r, n);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
