// `conv1d-bench estimate`: how long each shard of a sweep will run on nodes like this one, for planning a
// Slurm array. The cost of a problem is fitted, not guessed: problems of the sweep itself, from the
// smallest up and spread over its FLOP range, are run for real with the same options (verification,
// timing, peaks around each problem: everything a shard does) within a time budget, and their wall times
// fitted by least squares as  t = a · backends + b · GFLOP  (a: the per-backend floor of planning and
// timing repetitions; b: what grows with the work, mostly the reference and the kernels' repetitions).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "conv1d/sysinfo.hpp"
#include "harness/arg_checks.hpp"
#include "harness/commands.hpp"
#include "harness/peak.hpp"

namespace conv1d {

namespace {

struct Sample {
    double backends, gflop, seconds;
};

struct Fit {
    double per_backend = 0, per_gflop = 0;
    double predict(double backends, double gflop) const { return per_backend * backends + per_gflop * gflop; }
};

// Least squares without intercept on two non-negative regressors; a negative coefficient (collinear or
// noisy samples) is refitted as zero, since no part of a run takes negative time.
Fit fit(const std::vector<Sample>& s) {
    double xx = 0, xy = 0, yy = 0, xt = 0, yt = 0;
    for (const Sample& v : s) {
        xx += v.backends * v.backends;
        xy += v.backends * v.gflop;
        yy += v.gflop * v.gflop;
        xt += v.backends * v.seconds;
        yt += v.gflop * v.seconds;
    }
    Fit f;
    const double det = xx * yy - xy * xy;
    if (det > 1e-12 * xx * yy) {
        f.per_backend = (xt * yy - yt * xy) / det;
        f.per_gflop = (yt * xx - xt * xy) / det;
    }
    if (det <= 1e-12 * xx * yy || f.per_backend < 0 || f.per_gflop < 0) {
        const Fit backends_only{xx > 0 ? xt / xx : 0, 0}, gflop_only{0, yy > 0 ? yt / yy : 0};
        double e1 = 0, e2 = 0;
        for (const Sample& v : s) {
            e1 += std::pow(backends_only.predict(v.backends, v.gflop) - v.seconds, 2);
            e2 += std::pow(gflop_only.predict(v.backends, v.gflop) - v.seconds, 2);
        }
        f = e1 <= e2 ? backends_only : gflop_only;
    }
    return f;
}

}  // namespace

int estimate_command(const RunArgs& args, int nodes, double calibration_s) {
    const RunConfig config = check_estimate_args(args, nodes, calibration_s);
    const std::vector<Job>& jobs = config.jobs;
    const auto gflop = [](const Job& j) { return j.problem.flops() * 1e-9; };
    size_t records = 0;
    for (const Job& j : jobs) records += j.backends.size();
    std::printf("sweep: %s, %zu problems, %zu records, mode %s, %d threads\n",
                args.sweep.empty() ? "command-line problems" : args.sweep.c_str(), jobs.size(), records,
                args.mode.c_str(), config.threads);

    // Calibration order: the smallest problem, the largest, then the FLOP quantiles by bisection (1/2, 1/4,
    // 3/4, 1/8, ...), so that the fit spans the sweep's range however soon the budget runs out.
    std::vector<size_t> by_size(jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) by_size[i] = i;
    std::stable_sort(by_size.begin(), by_size.end(), [&](size_t a, size_t b) { return gflop(jobs[a]) < gflop(jobs[b]); });
    std::vector<size_t> order;
    const auto take = [&](double q) {
        const size_t i = by_size[size_t(std::lround(q * double(jobs.size() - 1)))];
        if (std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
    };
    take(0.0);
    take(1.0);
    for (int level = 1; level <= 5; ++level)
        for (int k = 1; k < (1 << level); k += 2) take(double(k) / double(1 << level));
    const SystemInfo sys = system_info();
    PeakTable peaks;
    peaks.threads = config.threads;
    if (config.time) peaks = measure_peaks(sys, config.threads, config.peak_seconds);
    std::vector<Sample> samples;
    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    RunConfig one = config;  // the run's options, one job at a time
    one.jobs.clear();
    for (size_t i : order) {
        const Job& job = jobs[i];
        // Skip a problem the fit so far says would overrun the budget (the smallest always runs).
        if (!samples.empty() && elapsed() + fit(samples).predict(double(job.backends.size()), gflop(job)) > calibration_s)
            continue;
        one.jobs = {job};
        const auto t0 = std::chrono::steady_clock::now();
        run_all(one, sys, peaks, [](const Record&) {}, nullptr);
        samples.push_back({double(job.backends.size()), gflop(job),
                           std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
        if (elapsed() > calibration_s) break;
    }
    const Fit f = fit(samples);
    double worst_error = 0;
    for (const Sample& v : samples) worst_error = std::max(worst_error, std::fabs(f.predict(v.backends, v.gflop) - v.seconds));
    double largest = 0;
    for (const Sample& v : samples) largest = std::max(largest, v.gflop);
    std::printf("calibration: %zu problems of the sweep run here in %s (up to %.3g GFLOP each): about %.3g s per "
                "backend + %.3g s per GFLOP; largest miss %.2g s\n",
                samples.size(), format_duration(elapsed()).c_str(), largest, f.per_backend, f.per_gflop, worst_error);
    double sweep_largest = 0;
    for (const Job& j : jobs) sweep_largest = std::max(sweep_largest, gflop(j));
    if (sweep_largest > 4 * largest)
        std::printf("note: the sweep's largest problem (%.3g GFLOP) is beyond what was calibrated: its time is "
                    "extrapolated (--calibrate more seconds to reach it)\n", sweep_largest);

    // The shards are interleaved slices, exactly as `run --shard i/n` takes them.
    std::vector<double> shard_s(size_t(nodes), 0.0);
    std::vector<size_t> shard_jobs(size_t(nodes), 0);
    for (size_t j = 0; j < jobs.size(); ++j) {
        shard_s[j % size_t(nodes)] += f.predict(double(jobs[j].backends.size()), gflop(jobs[j]));
        ++shard_jobs[j % size_t(nodes)];
    }
    const double longest = *std::max_element(shard_s.begin(), shard_s.end());
    double total = 0;
    for (double s : shard_s) total += s;
    for (int i = 0; i < nodes && i < 64; ++i)
        std::printf("shard %d/%d: %zu problems, about %s\n", i + 1, nodes, shard_jobs[size_t(i)],
                    format_duration(shard_s[size_t(i)]).c_str());
    if (nodes > 64) std::printf("... (%d more shards)\n", nodes - 64);
    // sbatch's --time: half again the longest shard, in whole minutes.
    const long minutes = std::max(1L, long(std::ceil(1.5 * longest / 60.0)));
    std::printf("estimate: %d shards of about %s each at most (%s of node time in all); for run_shards.sbatch: "
                "--array=1-%d --time=%ld:%02ld:00\n",
                nodes, format_duration(longest).c_str(), format_duration(total).c_str(), nodes, minutes / 60,
                minutes % 60);
    return 0;
}

}  // namespace conv1d
