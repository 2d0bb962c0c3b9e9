// Tuning benchmark for the amx backend (not a test; times vary 2x on a shared machine, so compare
// rows of one run). Usage:
//   bench_amx [--set=fig6|atac|big|all] [--pass=FWD_D|BWD_D|BWD_W|all] [--threads=1,2] [gbench flags]
// Reports GFLOP/s per problem; the first rows are the AMX peak loop for 1 and 2 threads.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "conv1d/cpu.hpp"
#include "conv1d/isa.hpp"
#include "conv1d/registry.hpp"
#include "harness/buffers.hpp"
#include "harness/fill.hpp"
#include "kernels/amx/amx_backend.hpp"
#include "peak/measure.hpp"

using namespace conv1d;

namespace {

std::vector<std::string> shapes(const std::string& set) {
    std::vector<std::string> out;
    if (set == "fig6" || set == "all")
        for (int s : {5, 9, 15, 21, 25, 31, 49, 51})
            for (int q : {1000, 10000, 60000})
                out.push_back("mb1ic32oc32ow" + std::to_string(q) + "kw" + std::to_string(s) + "dw3");
    if (set == "atac" || set == "all")
        for (const char* d : {"mb1ic16oc16ow60000kw51dw7", "mb2ic16oc16ow60000kw51dw7", "mb1ic15oc15ow60000kw51dw7",
                              "mb2ic15oc15ow60000kw51dw7"})
            out.push_back(d);
    if (set == "big" || set == "all") out.push_back("mb1ic64oc64ow10000kw51dw0");
    return out;
}

void run_problem(benchmark::State& state, Problem p, int threads) {
    ProblemBuffers buffers(p);
    fill_inputs(p, buffers.tensors());
    auto plan = amx_backend().plan(p, buffers.tensors(), threads);
    plan->execute();  // warm-up: first touch of the scratch
    for (auto _ : state) plan->execute();
    state.counters["GFLOPs"] = benchmark::Counter(p.flops() * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
    state.SetLabel(plan->impl());
}

void run_peak(benchmark::State& state, int threads) {
    double g = 0;
    for (auto _ : state) g = peak::measure_gflops(isa_row(Isa::amx_bf16), cpu_features(), threads, 0.2);
    state.counters["GFLOPs"] = g;
}

std::string take_flag(int& argc, char** argv, const char* name, const std::string& fallback) {
    const size_t len = std::strlen(name);
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], name, len) == 0) {
            std::string v = argv[i] + len;
            for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
            --argc;
            return v;
        }
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    if (!cpu_features().amx_bf16) {
        std::fprintf(stderr, "bench_amx: %s\n", lacks_reason(Isa::amx_bf16).c_str());
        return 2;
    }
    const std::string set = take_flag(argc, argv, "--set=", "all");
    const std::string pass = take_flag(argc, argv, "--pass=", "all");
    const std::string thread_list = take_flag(argc, argv, "--threads=", "1,2");
    std::vector<int> thread_counts;
    for (char c : thread_list)
        if (c >= '1' && c <= '9') thread_counts.push_back(c - '0');
    for (int t : thread_counts)
        benchmark::RegisterBenchmark(("amx_peak/threads:" + std::to_string(t)).c_str(), run_peak, t)
            ->Iterations(1)->UseRealTime();
    for (const std::string& desc : shapes(set))
        for (Pass ps : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W}) {
            if (pass != "all" && pass != to_string(ps)) continue;
            const Problem p = Problem::parse(desc, DataType::bf16, ps);
            for (int t : thread_counts)
                benchmark::RegisterBenchmark((desc + "/" + to_string(ps) + "/threads:" + std::to_string(t)).c_str(),
                                             run_problem, p, t)
                    ->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(0.2);
        }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
