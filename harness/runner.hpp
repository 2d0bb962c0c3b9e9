// Runs problems on backends: verify against the reference, then time with Google Benchmark.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "conv1d/kernel.hpp"
#include "harness/peak.hpp"
#include "conv1d/sysinfo.hpp"
#include "harness/verify.hpp"

namespace conv1d {

// One problem (dt and pass set) and the backends to run it on.
struct Job {
    Problem problem;
    std::vector<std::string> backends;   // names from the registry
};

struct RunConfig {
    std::vector<Job> jobs;
    int threads = 1;
    bool verify = true;                  // benchdnn --mode C
    bool time = true;                    // benchdnn --mode P
    int repetitions = 5;
    double min_time_s = 0.1;             // per repetition, when iterations == 0
    long iterations = 0;                 // fixed iterations per repetition (0: by time)
    double peak_seconds = 0.25;          // duration of the first peak measurement
    double problem_peak_seconds = 0.1;   // ... and of those just before and after each problem
};

struct Timing {
    double min_ms = 0, median_ms = 0, max_ms = 0;
    int repetitions = 0;
    long iterations = 0;          // per repetition
    std::vector<double> samples;  // ms per call of each repetition, in the order run
};

struct Record {
    Problem problem;
    std::string backend;
    Role role = Role::ours;
    int threads = 1;
    std::string impl;
    Isa isa = Isa::none;
    Status status = Status::NOT_VERIFIED;
    std::string reason;                  // why SKIPPED / UNIMPLEMENTED / FAILED
    bool verified = false;               // false when the user turned verification off
    Verdict verdict;
    bool timed = false;
    Timing timing;
    double gflops = 0, pct_peak = 0, pct_nominal_peak = 0;
    double peak_gflops = 0, nominal_peak_gflops = 0;  // of `isa`, for `threads`
    std::string peak_flag;               // why pct_peak is withheld: the peak measured around it is implausible
    double reorder_ms = 0;
    PlanParams params;
};

// Above this a kernel's % of the measured peak is not believed (judge_against_peak).
constexpr double kMaxPlausiblePctPeak = 110.0;
// Sets r's peak fields from the peaks measured around its problem. A peak of zero, or one the kernel beats
// by more than kMaxPlausiblePctPeak %, leaves pct_peak at 0 (null in the JSON) and says why in peak_flag.
void judge_against_peak(Record& r, const PeakTable& peaks);

// Identifies a record for --resume and merge: backend, descriptor, pass, dt, threads.
std::string record_key(const Problem& p, const std::string& backend, int threads);

// Throws UsageError for an unknown backend or a problem that does not fit in memory, so that bad
// input fails before any work is done and a run never stops half-way on it.
void check_jobs(const RunConfig& config);

using RecordSink = std::function<void(const Record&)>;
// Called before each problem; returning true skips it (used by --resume).
using SkipPredicate = std::function<bool(const Problem&, const std::string& backend)>;

// Runs every problem on every backend, in order; backends of one problem are verified and then
// timed together with interleaved repetitions, so their ratio is meaningful on a noisy machine.
// The peaks a problem's records are judged against are measured just before and just after its
// timing (the faster of the two counts); `peaks` is updated with them, so it ends as the last ones.
void run_all(const RunConfig& config, const SystemInfo& sys, PeakTable& peaks, const RecordSink& sink,
             const SkipPredicate& skip = nullptr);

}  // namespace conv1d
