// Tuning benchmark for the xsmm backend: compares width blocks and BRGEMM variants on the same
// problems in one run (the machine is noisy: read ratios and medians, not single numbers).
//   bench_xsmm --problem mb1ic64iw10014oc64kw15 --pass FWD_D --threads 1 --blocks 32,64,128
//              --variants strd,offs,addr --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "harness/buffers.hpp"
#include "harness/fill.hpp"
#include "kernels/xsmm/peak_probe.hpp"
#include "kernels/xsmm/brgemm.hpp"
#include "kernels/xsmm/plans.hpp"
#include "kernels/xsmm/tuning.hpp"
#include "kernels/xsmm/xsmm_backend.hpp"
#include "conv1d/cpu.hpp"

using namespace conv1d;

namespace {

struct Case {
    Problem problem;
    xsmm::Tuning tuning;
    bool is_default;
    int threads;
};

double process_cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

void run_case(benchmark::State& state, const Case& c, double peak_gflops) {
    ProblemBuffers buffers(c.problem);
    fill_inputs(c.problem, buffers.tensors());
    auto plan = xsmm::make_plan(c.problem, buffers.tensors(), c.threads, c.tuning);
    plan->execute();  // warm-up: first touch of scratch and output
    const double cpu0 = process_cpu_seconds();
    for (auto _ : state) plan->execute();
    const double cpu_per_thread = (process_cpu_seconds() - cpu0) / double(c.threads);
    const double flops = c.problem.flops();
    // The machine is shared: the rate per CPU second of our threads is the kernel's own speed.
    const double cpu_gflops = flops * double(state.iterations()) / cpu_per_thread * 1e-9;
    state.counters["GFLOPs_cpu"] = cpu_gflops;
    state.counters["pct_cpu"] = 100.0 * cpu_gflops / peak_gflops;
    state.counters["GFLOPs"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
    std::string label = plan->impl();
    for (const auto& [k, v] : plan->params()) label += " " + k + "=" + v;
    state.SetLabel(label);
}

// The FMA peak probe as a benchmark of its own, so that with random interleaving its median
// is taken under the same neighbours as the kernels' (compare medians of the same run).
void run_peak(benchmark::State& state, DataType dt, int threads) {
    constexpr long iterations = 1000000;
    double rate_sum = 0.0;
    for (auto _ : state)
        rate_sum += dt == DataType::f32 ? xsmm::probe_fp32_peak_gflops(threads, iterations)
                                        : xsmm::probe_bf16_peak_gflops(threads, iterations);
    const double flops = xsmm::probe_flops(threads, iterations, dt == DataType::bf16);
    state.counters["GFLOPs"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["GFLOPs_cpu"] = rate_sum / double(state.iterations());
    state.counters["pct_cpu"] = 100.0;
}

// The BRGEMM of one FP32 forward/backward-data block called again and again on the same
// L1-resident packed window, weights and output block: what LIBXSMM's kernel alone reaches for
// this shape, to tell the kernel's limit from the convolution's own overheads.
void run_kernel_ceiling(benchmark::State& state, const Problem& p, int64_t bw) {
    const bool fwd = p.pass == Pass::FWD_D;
    const int64_t src_rows = fwd ? p.C : p.K, out_rows = fwd ? p.K : p.C, span = (p.S - 1) * p.d;
    const int64_t lda = (bw + span + 15) / 16 * 16;
    xsmm::GemmShape g;
    g.m = bw, g.n = out_rows, g.k = src_rows, g.lda = lda, g.ldb = src_rows, g.ldc = bw, g.beta_zero = true;
    const xsmm::BatchReduce<float> kernel(xsmm::BatchVariant::stride, g, p.S, p.d, src_rows * out_rows);
    std::vector<float> a(size_t((src_rows + 16) * lda), 1.f), b(size_t(p.S * src_rows * out_rows), 0.5f),
        c(size_t(bw * out_rows));
    const void* pointers[2] = {};
    const double cpu0 = process_cpu_seconds();
    for (auto _ : state) kernel(a.data(), b.data(), c.data(), pointers);
    const double flops = 2.0 * double(bw * out_rows * src_rows * p.S);
    state.counters["GFLOPs"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["GFLOPs_cpu"] = flops * double(state.iterations()) / (process_cpu_seconds() - cpu0) * 1e-9;
    state.counters["pct_cpu"] = 0.0;
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t comma = s.find(',', start);
        const std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"xsmm tuning benchmark"};
    std::string problems = "mb1ic64iw10014oc64kw15", passes = "FWD_D", dtype = "f32", blocks = "", variants = "", packs = "", groups = "";
    int threads = 1;
    app.add_option("--problem", problems, "comma-separated benchdnn descriptors");
    app.add_option("--pass", passes, "comma-separated passes: FWD_D,BWD_D,BWD_W");
    app.add_option("--dt", dtype, "comma-separated data types: f32,bf16");
    app.add_option("--threads", threads, "OpenMP threads");
    app.add_option("--blocks", blocks, "comma-separated width blocks (default: the tuned choice)");
    app.add_option("--variants", variants, "comma-separated BRGEMM variants strd,offs,addr (default: tuned)");
    app.add_option("--groups", groups, "comma-separated taps per BRGEMM call, 0 = all (default: tuned)");
    bool ceiling = false;
    app.add_flag("--kernel-ceiling", ceiling, "also time the bare FP32 BRGEMM of one block (L1-resident)");
    app.add_option("--packs", packs, "comma-separated source packing: always,edges (default: tuned)");
    // Google Benchmark's own flags (--benchmark_*) go to it untouched; the rest is ours.
    std::vector<char*> ours = {argv[0]}, theirs = {argv[0]};
    for (int i = 1; i < argc; ++i) (std::string(argv[i]).rfind("--benchmark_", 0) == 0 ? theirs : ours).push_back(argv[i]);
    CLI11_PARSE(app, int(ours.size()), ours.data());

    std::vector<Case> cases;
    std::vector<DataType> dts;
    for (const auto& name : split(dtype)) dts.push_back(parse_data_type(name));
    for (DataType dt : dts)
    for (const auto& desc : split(problems))
        for (const auto& pass : split(passes)) {
            const Problem p = Problem::parse(desc, dt, parse_pass(pass));
            const xsmm::Tuning def = xsmm::default_tuning(p, cpu_features());
            std::vector<int64_t> bws;
            for (const auto& b : split(blocks)) bws.push_back(std::stoll(b));
            if (bws.empty()) bws.push_back(def.width_block);
            std::vector<xsmm::BatchVariant> vs;
            for (const auto& v : split(variants)) vs.push_back(xsmm::parse_batch_variant(v));
            if (vs.empty()) vs.push_back(def.variant);
            std::vector<bool> pks;
            for (const auto& k : split(packs)) pks.push_back(k == "always");
            if (pks.empty()) pks.push_back(def.pack_always);
            std::vector<int64_t> gs;
            for (const auto& g : split(groups)) gs.push_back(std::stoll(g));
            if (gs.empty()) gs.push_back(def.tap_group);
            for (int64_t g : gs)
                for (bool pk : pks)
                    for (auto v : vs)
                        for (auto bw : bws) {
                            xsmm::Tuning t = def;
                            t.width_block = bw;
                            t.variant = v;
                            t.pack_always = pk;
                            t.tap_group = g;
                            const bool is_def = bw == def.width_block && v == def.variant && pk == def.pack_always &&
                                                g == def.tap_group;
                            cases.push_back({p, t, is_def, threads});
                        }
        }
    double start_peak[2] = {0.0, 0.0};  // quick start-up estimate per type, for the pct_cpu column only
    for (DataType dt : dts) {
        const SupportAnswer here = xsmm_backend().supports(Problem::parse("mb1ic1iw1oc1kw1", dt, Pass::FWD_D), cpu_features());
        if (here.support != Support::supported) {
            std::fprintf(stderr, "bench_xsmm: %s cannot run here: %s\n", to_string(dt), here.reason.c_str());
            return 2;
        }
        const bool bf16 = dt == DataType::bf16;
        start_peak[bf16] = bf16 ? xsmm::probe_bf16_peak_gflops(threads) : xsmm::probe_fp32_peak_gflops(threads);
        std::printf("estimated %s peak with %d thread(s): %.1f GFLOP/s\n", to_string(dt), threads, start_peak[bf16]);
        benchmark::RegisterBenchmark((std::string("peak/") + to_string(dt) + "/t" + std::to_string(threads)).c_str(),
                                     [dt, threads](benchmark::State& s) { run_peak(s, dt, threads); })
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
    }
    for (const Case& c : cases) {
        if (ceiling && c.problem.dt == DataType::f32 && c.problem.pass != Pass::BWD_W && c.is_default && c.threads == 1) {
            const std::string name = "ceiling/" + c.problem.descriptor() + "/" + to_string(c.problem.pass) + "/bw" +
                                     std::to_string(c.tuning.width_block);
            const Problem p = c.problem;
            const int64_t bw = c.tuning.width_block;
            benchmark::RegisterBenchmark(name.c_str(), [p, bw](benchmark::State& s) { run_kernel_ceiling(s, p, bw); })
                ->UseRealTime()
                ->Unit(benchmark::kMillisecond);
        }
        const std::string name = c.problem.descriptor() + "/" + to_string(c.problem.pass) + "/" + to_string(c.problem.dt) +
                                 "/bw" + std::to_string(c.tuning.width_block) + "/" + xsmm::to_string(c.tuning.variant) +
                                 (c.tuning.pack_always ? "/pack" : "/direct") + "/g" + std::to_string(c.tuning.tap_group) +
                                 "/t" + std::to_string(c.threads) + (c.is_default ? "/default" : "");
        const double peak = start_peak[c.problem.dt == DataType::bf16];
        benchmark::RegisterBenchmark(name.c_str(), [c, peak](benchmark::State& s) { run_case(s, c, peak); })
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
    }
    int their_argc = int(theirs.size());
    benchmark::Initialize(&their_argc, theirs.data());
    if (benchmark::ReportUnrecognizedArguments(their_argc, theirs.data())) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
