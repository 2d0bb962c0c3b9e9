// conv1d-bench: benchmark and verify 1D dilated convolution backends. See README.md.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.hpp"
#include "conv1d/problem.hpp"

int main(int argc, char** argv) {
    using namespace conv1d;
    CLI::App app{"conv1d-bench: verify, time and characterize 1D dilated convolution (BRGEMM, AMX, oneDNN)"};
    app.require_subcommand(1);
    app.failure_message(CLI::FailureMessage::simple);

    // The options that describe a run: `run` takes them, and `estimate` plans the same run.
    const auto add_run_options = [](CLI::App* cmd, RunArgs& run) {
        cmd->add_option("--problem,-p", run.problems, "benchdnn descriptor, e.g. mb2ic15iw60400oc15ow60000kw51dw7 (repeatable)");
        cmd->add_option("--sweep", run.sweep, "sweep file (sweeps/*.json)");
        cmd->add_option("--dir", run.dirs, "passes: FWD_D,BWD_D,BWD_W (default: all three, or the sweep's)")->delimiter(',');
        cmd->add_option("--dt", run.dts, "data types: f32,bf16 (default f32, or the sweep's)")->delimiter(',');
        cmd->add_option("--backend,-b", run.backends, "backends: xsmm,direct,amx,onednn,pytorch,ref, plugins (onednn-3.2, ...), or the groups ours, baselines (default: all but ref, or the sweep's)")->delimiter(',');
        cmd->add_option("--threads,-t", run.threads, "OpenMP threads (default: OMP_NUM_THREADS or all CPUs)");
        cmd->add_option("--mode", run.mode, "C: verify only, P: time only, CP: verify then time (default)");
        cmd->add_option("--reps", run.repetitions, "timed repetitions per backend (default 5)");
        cmd->add_option("--min-time", run.min_time_s, "seconds per repetition (default 0.1)");
        cmd->add_option("--iterations", run.iterations, "fixed iterations per repetition instead of --min-time");
    };
    RunArgs run;
    CLI::App* run_cmd = app.add_subcommand("run", "Verify and time problems on backends; print a table, write JSON");
    add_run_options(run_cmd, run);
    run_cmd->add_option("--out,-o", run.out, "write results JSON here (records also stream to <out>l)");
    run_cmd->add_flag("--resume", run.resume, "keep the records already in <out>l and skip them");
    run_cmd->add_option("--shard", run.shard, "run only the i-th of n interleaved slices, e.g. 2/8");

    RunArgs planned;
    int nodes = 1;
    double calibrate_s = 60;
    CLI::App* estimate_cmd = app.add_subcommand(
        "estimate", "Estimate the run time of each shard of a run on nodes like this one (calibrated here)");
    add_run_options(estimate_cmd, planned);
    estimate_cmd->add_option("--nodes,-n", nodes, "number of shards, one per node (default 1)");
    estimate_cmd->add_option("--calibrate", calibrate_s, "seconds of calibration runs on this machine (default 60)");

    DumpArgs dump;
    CLI::App* dump_cmd = app.add_subcommand("dump", "Run one pass and save its tensors as .npy (PyTorch layouts)");
    dump_cmd->add_option("--problem,-p", dump.problem, "benchdnn descriptor")->required();
    dump_cmd->add_option("--dt", dump.dt, "f32 or bf16 (bf16 is saved as float32 holding the bf16 values)");
    dump_cmd->add_option("--dir", dump.dir, "FWD_D, BWD_D or BWD_W");
    dump_cmd->add_option("--backend,-b", dump.backend, "backend whose output is saved (default ref)");
    dump_cmd->add_option("--save", dump.save, "directory to write src/wei/dst (names depend on the pass)")->required();
    dump_cmd->add_option("--threads,-t", dump.threads, "OpenMP threads");

    app.add_subcommand("info", "CPU model, ISA features, cores, caches, library versions");

    int peak_threads = 0;
    double peak_seconds = 0.5;
    CLI::App* peak_cmd = app.add_subcommand("peak", "Measure the peak GFLOP/s of each ISA path, beside the nominal peak");
    peak_cmd->add_option("--threads,-t", peak_threads, "OpenMP threads (default: all)");
    peak_cmd->add_option("--seconds", peak_seconds, "duration of each loop (default 0.5)");

    std::vector<std::string> merge_inputs;
    std::string merge_out;
    bool allow_mismatch = false;
    CLI::App* merge_cmd = app.add_subcommand("merge", "Join results files (e.g. shards of a sweep) into one");
    merge_cmd->add_option("inputs", merge_inputs, "results files (.json)")->required();
    merge_cmd->add_option("--out,-o", merge_out, "merged results file (.json)")->required();
    merge_cmd->add_flag("--allow-mismatch", allow_mismatch, "merge files measured on different machines or builds");
    bool allow_incomplete = false;
    merge_cmd->add_flag("--allow-incomplete", allow_incomplete,
                        "merge shards of a sweep even when some are missing (the result is marked incomplete)");

    try {
        app.parse(argc, argv);
        if (*run_cmd) return run_command(run);
        if (*estimate_cmd) return estimate_command(planned, nodes, calibrate_s);
        if (*dump_cmd) return dump_command(dump);
        if (*peak_cmd) return peak_command(peak_threads, peak_seconds);
        if (*merge_cmd) return merge_command(merge_inputs, merge_out, allow_mismatch, allow_incomplete);
        return info_command();
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "conv1d-bench: error: " << e.what() << " (see conv1d-bench --help)\n";
        return 2;
    } catch (const UsageError& e) {
        std::cerr << "conv1d-bench: error: " << e.what() << "\n";
        return 2;
    } catch (const std::bad_alloc&) {
        std::cerr << "conv1d-bench: error: out of memory; make the problem smaller\n";
        return 2;
    }
}
