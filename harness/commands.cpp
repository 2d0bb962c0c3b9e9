#include "commands.hpp"

#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include "baselines/onednn/onednn_backend.hpp"
#include "build_info.hpp"
#include "conv1d/bf16.hpp"
#include "conv1d/registry.hpp"
#include "harness/arg_checks.hpp"
#include "harness/buffers.hpp"
#include "harness/check.hpp"
#include "harness/interrupt.hpp"
#include "harness/merge.hpp"
#include "harness/npy.hpp"
#include "harness/plugins.hpp"
#include "harness/report.hpp"
#include "harness/sweep.hpp"

namespace conv1d {

namespace {

std::vector<Job> jobs_from_args(const RunArgs& args) {
    if (args.problems.empty() == args.sweep.empty())
        throw UsageError("give either --problem DESC (repeatable) or --sweep FILE");
    std::vector<Job> jobs;
    if (!args.sweep.empty()) {
        jobs = load_sweep(args.sweep);
    } else {
        for (const std::string& desc : args.problems) {
            const Problem shape = Problem::parse(desc);
            for (const std::string& dt : args.dts.empty() ? std::vector<std::string>{"f32"} : args.dts)
                for (const std::string& dir : args.dirs.empty() ? std::vector<std::string>{"FWD_D", "BWD_D", "BWD_W"} : args.dirs) {
                    Job job{shape, default_backend_names()};
                    job.problem.dt = parse_data_type(dt);
                    job.problem.pass = parse_pass(dir);
                    jobs.push_back(job);
                }
        }
    }
    // Command-line lists narrow or override what a sweep says.
    std::vector<Job> kept;
    for (Job& job : jobs) {
        bool keep = true;
        if (!args.sweep.empty() && !args.dts.empty()) {
            keep = false;
            for (const std::string& dt : args.dts) keep = keep || parse_data_type(dt) == job.problem.dt;
        }
        if (!args.sweep.empty() && !args.dirs.empty()) {
            bool pass_ok = false;
            for (const std::string& dir : args.dirs) pass_ok = pass_ok || parse_pass(dir) == job.problem.pass;
            keep = keep && pass_ok;
        }
        if (!args.backends.empty()) job.backends = expand_backend_names(args.backends);
        if (keep) kept.push_back(std::move(job));
    }
    if (!args.shard.empty()) {
        const ShardSpec spec = parse_shard(args.shard);
        kept = shard(kept, spec.index, spec.count);
    }
    if (kept.empty()) throw UsageError("nothing to run: the --dt/--dir filters leave no problem of the sweep");
    return kept;
}

std::string format_ms(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ms >= 100 ? "%.1f" : ms >= 1 ? "%.3f" : "%.4f", ms);
    return buf;
}

void print_table_header() {
    std::printf("%-40s %-5s %-4s %-10s %-13s %10s %9s %6s  %s\n", "problem", "pass", "dt", "backend", "status",
                "median_ms", "GFLOP/s", "%peak", "impl");
    std::fflush(stdout);
}

void print_table_row(const Record& r) {
    std::printf("%-40s %-5s %-4s %-10s %-13s %10s %9s %6s  %s\n", r.problem.descriptor().c_str(), to_string(r.problem.pass),
                to_string(r.problem.dt), r.backend.c_str(), to_string(r.status),
                r.timed ? format_ms(r.timing.median_ms).c_str() : "-",
                r.timed ? std::to_string(int64_t(r.gflops + 0.5)).c_str() : "-",
                r.timed && !r.peak_flag.empty()               ? "?"
                : r.timed && r.peak_gflops > 0 ? std::to_string(int(r.pct_peak + 0.5)).c_str()
                                               : "-",
                r.reason.empty() ? r.impl.c_str() : r.reason.c_str());
    for (const std::string& m : r.verdict.first) std::printf("    %s\n", m.c_str());
    if (!r.peak_flag.empty()) std::printf("    %s\n", r.peak_flag.c_str());
    std::fflush(stdout);
}


// A floor for the run time: every timed backend spends at least reps x min-time per problem.
double estimate_seconds(const RunConfig& c) {
    double total = 0;
    for (const Job& job : c.jobs) {
        const double per_backend = c.time ? c.repetitions * (c.iterations > 0 ? 0.01 * c.iterations : c.min_time_s) : 0;
        total += double(job.backends.size()) * (per_backend + 0.05) + (c.verify ? 0.1 : 0);
    }
    return total;
}

}  // namespace

std::string format_duration(double seconds) {
    char buf[32];
    const long s = long(seconds + 0.5);
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
    else std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
    return buf;
}

RunConfig run_config(const RunArgs& args) {
    RunConfig config;
    config.jobs = jobs_from_args(args);
    config.threads = checked_threads(args.threads);
    if (args.mode != "C" && args.mode != "P" && args.mode != "CP")
        throw UsageError("bad --mode '" + args.mode + "': use C (verify), P (time) or CP (both)");
    config.verify = args.mode.find('C') != std::string::npos;
    config.time = args.mode.find('P') != std::string::npos;
    if (args.repetitions < 1) throw UsageError("--reps must be at least 1");
    // written so that NaN fails too (every comparison with NaN is false)
    if (!(args.min_time_s > 0) || !std::isfinite(args.min_time_s)) throw UsageError("--min-time must be positive (seconds)");
    if (args.iterations < 0) throw UsageError("--iterations must be positive");
    config.repetitions = args.repetitions;
    config.min_time_s = args.min_time_s;
    config.iterations = args.iterations;
    check_jobs(config);
    return config;
}

int run_command(const RunArgs& args) {
    RunConfig config = check_run_args(args);

    std::unique_ptr<ResultsWriter> writer;
    std::unique_ptr<InterruptHandler> interrupts;  // SIGINT/SIGTERM: stop between records, say how to go on
    if (!args.out.empty()) {
        writer = std::make_unique<ResultsWriter>(args.out, args.resume);
        interrupts = std::make_unique<InterruptHandler>(writer->jsonl_path());
    }

    const SystemInfo sys = system_info();
    std::fprintf(stderr, "conv1d-bench: %zu problems x backends, %d threads, estimated at least %s\n", config.jobs.size(),
                 config.threads, format_duration(estimate_seconds(config)).c_str());
    PeakTable peaks;
    peaks.threads = config.threads;
    if (config.time) peaks = measure_peaks(sys, config.threads, config.peak_seconds);

    print_table_header();
    int failures = 0;
    size_t done = 0;
    const auto start = std::chrono::steady_clock::now();
    std::string last_problem;
    auto sink = [&](const Record& r) {
        print_table_row(r);
        if (r.status == Status::FAILED) ++failures;
        if (writer) writer->add(record_json(r));
    };
    auto skip = [&](const Problem& p, const std::string& backend) {
        // progress on stderr: problems done / total, elapsed, remaining (extrapolated)
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (done > 0 && p.descriptor() + to_string(p.pass) + to_string(p.dt) != last_problem)
            std::fprintf(stderr, "[%zu/%zu] elapsed %s, remaining ~%s\n", done, config.jobs.size(),
                         format_duration(elapsed).c_str(),
                         format_duration(elapsed / double(done) * double(config.jobs.size() - done)).c_str());
        const std::string key = p.descriptor() + to_string(p.pass) + to_string(p.dt);
        if (key != last_problem) { ++done; last_problem = key; }
        return writer && writer->has(record_key(p, backend, config.threads));
    };
    run_all(config, sys, peaks, sink, skip);
    if (writer) {
        nlohmann::json context = context_json(sys, peaks);
        // What this run was asked for, so that `merge` can tell a complete set of shards from an incomplete one.
        size_t records = 0;
        for (const Job& job : config.jobs) records += job.backends.size();
        context["run"] = {{"sweep", args.sweep.empty() ? nlohmann::json() : nlohmann::json(args.sweep)},
                          {"shard", args.shard.empty() ? nlohmann::json() : nlohmann::json(args.shard)},
                          {"records", records}};
        writer->finish(context);
    }
    if (failures > 0) std::fprintf(stderr, "conv1d-bench: %d record(s) FAILED verification\n", failures);
    return failures > 0 ? 1 : 0;
}

int dump_command(const DumpArgs& args) {
    const Problem p = check_dump_args(args);
    const Backend& backend = find_backend(args.backend);
    const int threads = checked_threads(args.threads);
    omp_set_num_threads(threads);
    ReferenceResult reference(p);
    const BackendCheck check = check_backend(backend, p, threads, &reference);
    if (check.status == Status::SKIPPED || check.status == Status::UNIMPLEMENTED)
        throw UsageError("backend '" + args.backend + "' cannot run " + p.descriptor() + " " + args.dir + " " + args.dt +
                         ": " + check.reason);
    if (!check.plan) {  // nothing ran, so there is nothing to save
        std::printf("%s %s %s %s: %s: %s\n", p.descriptor().c_str(), args.dir.c_str(), args.dt.c_str(),
                    args.backend.c_str(), to_string(check.status), check.reason.c_str());
        return 1;
    }

    auto save = [&](const char* name, const void* data, std::vector<int64_t> shape) {
        int64_t n = 1;
        for (int64_t s : shape) n *= s;
        std::vector<float> f(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i)
            f[i] = p.dt == DataType::f32 ? static_cast<const float*>(data)[i] : bf16_to_float(static_cast<const bf16_t*>(data)[i]);
        write_npy_f32(args.save + "/" + name + ".npy", shape, f.data());
    };
    const Tensors& t = check.buffers->tensors();
    const std::vector<int64_t> in_shape = {p.N, p.C, p.W}, wei_shape = {p.K, p.C, p.S}, out_shape = {p.N, p.K, p.Q()};
    switch (p.pass) {
        case Pass::FWD_D: save("src", t.input, in_shape); save("wei", t.weight, wei_shape); save("dst", t.output, out_shape); break;
        case Pass::BWD_D: save("diff_dst", t.output, out_shape); save("wei", t.weight, wei_shape); save("diff_src", t.input, in_shape); break;
        case Pass::BWD_W: save("src", t.input, in_shape); save("diff_dst", t.output, out_shape); save("diff_wei", t.weight, wei_shape); break;
    }
    std::printf("%s %s %s %s: %s; saved to %s (dilation d=%lld)\n", p.descriptor().c_str(), args.dir.c_str(), args.dt.c_str(),
                args.backend.c_str(), to_string(check.status), args.save.c_str(), static_cast<long long>(p.d));
    return check.status == Status::FAILED ? 1 : 0;
}

int info_command() {
    const SystemInfo sys = system_info();
    std::printf("cpu_model       %s\n", sys.cpu_model.c_str());
    std::printf("host            %s\n", sys.host.c_str());
    std::printf("logical_cpus    %d (OpenMP max threads %d)\n", sys.logical_cpus, omp_get_max_threads());
    std::printf("isa_features    %s\n", feature_list(sys.features).c_str());
    std::printf("caches          L1d %ld KiB, L2 %ld KiB, L3 %ld KiB\n", sys.l1d_bytes / 1024, sys.l2_bytes / 1024, sys.l3_bytes / 1024);
    std::printf("nominal_ghz     %.3f (from %s)\n", sys.nominal_ghz, sys.nominal_ghz_source.c_str());
    std::printf("libxsmm         %s\n", kLibxsmmVersion);
    std::printf("onednn          %s (linked in; at run time %s)\n", kOnednnVersion, onednn_library_version().c_str());
    for (const LoadedPlugin& plugin : plugins().loaded)
        std::printf("%-15s %s (plugin %s)\n", plugin.backend->name().c_str(), plugin.running_version.c_str(),
                    plugin.path.c_str());
    for (const std::string& why : plugins().not_loaded) std::printf("missing         %s\n", why.c_str());
    std::printf("compiler        %s\n", kCompiler);
    std::printf("flags           %s\n", kCompilerFlags);
    std::printf("git_commit      %s\n", kGitCommit);
    std::printf("backends        ");
    for (const Backend* b : all_backends()) {
        const Problem probe = Problem::parse("mb1ic16iw64oc16kw3", DataType::bf16);
        const SupportAnswer a = b->supports(probe, sys.features);
        std::printf("%s%s ", b->name().c_str(), a.support == Support::supported ? "" : ("(bf16: " + a.reason + ")").c_str());
    }
    std::printf("\n");
    return 0;
}

int peak_command(int threads, double seconds) {
    check_peak_args(threads, seconds);
    const int t = checked_threads(threads);
    const SystemInfo sys = system_info();
    const PeakTable peaks = measure_peaks(sys, t, seconds);
    std::printf("threads %d, nominal %.3f GHz (%s), FMA-implied %.3f GHz\n", t, sys.nominal_ghz, sys.nominal_ghz_source.c_str(),
                peaks.fma_implied_ghz);
    std::printf("%-12s %16s %16s %10s %12s\n", "isa", "measured_GFLOP/s", "nominal_GFLOP/s", "measured%", "FLOP/cyc/core");
    for (const IsaPeak& p : peaks.isas) {
        if (!p.available) {
            std::printf("%-12s SKIPPED: %s\n", to_string(p.isa), p.reason.c_str());
            continue;
        }
        std::printf("%-12s %16.1f %16.1f %9.1f%% %12.0f\n", to_string(p.isa), p.measured_gflops, p.nominal_gflops,
                    p.nominal_gflops > 0 ? 100.0 * p.measured_gflops / p.nominal_gflops : 0.0, p.flop_per_cycle_per_core);
    }
    return 0;
}

int merge_command(const std::vector<std::string>& inputs, const std::string& out, bool allow_mismatch,
                  bool allow_incomplete) {
    std::vector<nlohmann::json> docs;
    for (const std::string& path : inputs) docs.push_back(load_results(path));
    const nlohmann::json merged = merge_results(docs, inputs, allow_mismatch, allow_incomplete);
    if (merged["context"].contains("incomplete"))
        std::fprintf(stderr, "conv1d-bench: warning: %s is INCOMPLETE: %s\n", out.c_str(),
                     merged["context"]["incomplete"].get<std::string>().c_str());
    ResultsWriter writer(out, false);
    for (const auto& r : merged["records"]) writer.add(r);
    writer.finish(merged["context"]);
    std::printf("merged %zu records from %zu files into %s\n", merged["records"].size(), inputs.size(), out.c_str());
    return 0;
}

}  // namespace conv1d
