#include "runner.hpp"

#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

#include "conv1d/registry.hpp"
#include "harness/buffers.hpp"
#include "harness/check.hpp"

namespace conv1d {

std::string record_key(const Problem& p, const std::string& backend, int threads) {
    return backend + "|" + p.descriptor() + "|" + to_string(p.pass) + "|" + to_string(p.dt) + "|" +
           std::to_string(threads);
}

namespace {


// Google Benchmark is driven programmatically; it reads its flags once. Random interleaving
// runs the repetitions of the registered backends in shuffled order, so a slow minute of the
// machine hits all of them alike.
void init_google_benchmark() {
    static bool done = false;
    if (done) return;
    done = true;
    static char arg0[] = "conv1d-bench", interleave[] = "--benchmark_enable_random_interleaving=true";
    char* argv[] = {arg0, interleave, nullptr};
    int argc = 2;
    benchmark::Initialize(&argc, argv);
}

// Collects the per-repetition runs and the aggregates Google Benchmark computes.
class CaptureReporter final : public benchmark::BenchmarkReporter {
public:
    bool ReportContext(const Context&) override { return true; }
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& r : runs) {
            Timing& t = timings[r.run_name.function_name];
            if (r.error_occurred) errors[r.run_name.function_name] = r.error_message;
            if (r.run_type == Run::RT_Iteration) {
                ++t.repetitions;
                t.iterations = long(r.iterations);
                t.samples.push_back(r.GetAdjustedRealTime());
            } else if (r.aggregate_name == "median") {
                t.median_ms = r.GetAdjustedRealTime();
            } else if (r.aggregate_name == "min") {
                t.min_ms = r.GetAdjustedRealTime();
            } else if (r.aggregate_name == "max") {
                t.max_ms = r.GetAdjustedRealTime();
            }
        }
    }
    std::map<std::string, Timing> timings;
    std::map<std::string, std::string> errors;
};

struct Candidate {
    Record record;
    BackendCheck check;  // holds the plan that is timed, and the buffers it is bound to
};

void time_candidates(const RunConfig& config, std::vector<Candidate*>& timed) {
    if (timed.empty()) return;
    init_google_benchmark();
    benchmark::ClearRegisteredBenchmarks();
    auto min_of = [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); };
    auto max_of = [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); };
    for (Candidate* c : timed) {
        Plan* plan = c->check.plan.get();
        auto* b = benchmark::RegisterBenchmark(c->record.backend.c_str(), [plan](benchmark::State& state) {
            for (auto _ : state) plan->execute();
        });
        b->UseRealTime()->Unit(benchmark::kMillisecond)->Repetitions(config.repetitions);
        b->ComputeStatistics("min", min_of)->ComputeStatistics("max", max_of);
        if (config.iterations > 0)
            b->Iterations(config.iterations);
        else
            b->MinTime(config.min_time_s);
    }
    CaptureReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::ClearRegisteredBenchmarks();
    for (Candidate* c : timed) {
        Record& r = c->record;
        auto it = reporter.timings.find(r.backend);
        if (it == reporter.timings.end() || reporter.errors.count(r.backend)) continue;
        r.timed = true;
        r.timing = it->second;
        // Google Benchmark computes no aggregates for a single repetition: its one sample is all three.
        if (r.timing.samples.size() == 1) r.timing.median_ms = r.timing.min_ms = r.timing.max_ms = r.timing.samples[0];
        if (r.timing.median_ms > 0) r.gflops = r.problem.flops() / (r.timing.median_ms * 1e-3) * 1e-9;
    }
}

// Verifies (when asked) and times every backend on one problem.
std::vector<Record> run_problem(const RunConfig& config, const Problem& p, const std::vector<std::string>& backends) {
    std::vector<Candidate> candidates;
    std::optional<ReferenceResult> reference;
    if (config.verify) reference.emplace(p);
    for (const std::string& name : backends) {
        const Backend& backend = find_backend(name);
        Candidate c;
        c.check = check_backend(backend, p, config.threads, reference ? &*reference : nullptr);
        Record& r = c.record;
        r.problem = p;
        r.backend = name;
        r.role = backend.role();
        r.threads = config.threads;
        r.verified = config.verify;
        r.status = c.check.status;
        r.reason = c.check.reason;
        r.verdict = c.check.verdict;
        if (const Plan* plan = c.check.plan.get()) {
            r.impl = plan->impl();
            r.isa = plan->isa();
            r.params = plan->params();
            r.reorder_ms = plan->reorder_ms();
        }
        candidates.push_back(std::move(c));
    }
    reference.reset();
    std::vector<Candidate*> timed;
    for (Candidate& c : candidates)
        if (config.time && c.check.runnable()) timed.push_back(&c);
    time_candidates(config, timed);
    std::vector<Record> records;
    for (Candidate& c : candidates) records.push_back(std::move(c.record));
    return records;
}

}  // namespace

void judge_against_peak(Record& r, const PeakTable& peaks) {
    const IsaPeak* peak = peaks.find(r.isa);
    if (!peak || !peak->available) return;  // no peak for this kernel's ISA on this CPU (or the reference)
    r.peak_gflops = peak->measured_gflops;
    r.nominal_peak_gflops = peak->nominal_gflops;
    if (r.nominal_peak_gflops > 0) r.pct_nominal_peak = 100.0 * r.gflops / r.nominal_peak_gflops;
    char why[256];
    if (r.peak_gflops <= 0) {
        std::snprintf(why, sizeof why, "the %s peak measured around this problem is zero: %% of peak withheld",
                      to_string(r.isa));
        r.peak_flag = why;
        return;
    }
    const double pct = 100.0 * r.gflops / r.peak_gflops;
    if (pct > kMaxPlausiblePctPeak) {
        // A kernel cannot beat the machine's own FMA loop by much: the peak loop was slowed (another process
        // on these cores, a frequency drop while it ran), so the percentage would be absurd.
        std::snprintf(why, sizeof why,
                      "kernel at %.0f %% of the %s peak measured around it (%.1f GFLOP/s): the peak measurement "
                      "was disturbed (another process on these cores?); %% of peak withheld",
                      pct, to_string(r.isa), r.peak_gflops);
        r.peak_flag = why;
        return;
    }
    r.pct_peak = pct;
}

void check_jobs(const RunConfig& config) {
    for (const Job& job : config.jobs) {
        for (const std::string& name : job.backends) find_backend(name);
        check_fits_in_memory(job.problem, int(job.backends.size()) + (config.verify ? 3 : 0));
    }
}

void run_all(const RunConfig& config, const SystemInfo& sys, PeakTable& peaks, const RecordSink& sink,
             const SkipPredicate& skip) {
    omp_set_num_threads(config.threads);
    check_jobs(config);
    for (const Job& job : config.jobs) {
        const Problem& p = job.problem;
        std::vector<std::string> backends;
        for (const std::string& name : job.backends)
            if (!skip || !skip(p, name)) backends.push_back(name);
        if (backends.empty()) continue;
        // The shared machine's speed drifts: measure the ISAs this problem's kernels use right around
        // its timing, so a kernel is judged against the machine as it was when it ran.
        const std::vector<Isa> isas = peak_isas(p.dt, sys.features);
        PeakTable around;
        if (config.time) around = measure_peaks(sys, config.threads, config.problem_peak_seconds, isas);
        std::vector<Record> records = run_problem(config, p, backends);
        if (config.time) {
            around = faster_of(around, measure_peaks(sys, config.threads, config.problem_peak_seconds, isas));
            for (IsaPeak& latest : peaks.isas)
                if (const IsaPeak* now = around.find(latest.isa); now && now->measured_gflops > 0) latest = *now;
            if (around.fma_implied_ghz > 0) peaks.fma_implied_ghz = around.fma_implied_ghz;
        }
        for (Record& r : records) {
            if (r.timed) judge_against_peak(r, around);
            sink(r);
        }
    }
}

}  // namespace conv1d
