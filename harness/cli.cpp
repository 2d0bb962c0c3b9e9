#include "cli.hpp"

#include "harness/arg_checks.hpp"
#include "harness/merge.hpp"
#include "harness/report.hpp"

namespace conv1d {

Cli::Cli() : app_("conv1d-bench: verify, time and characterize 1D dilated convolution (BRGEMM, AMX, oneDNN)") {
    app_.require_subcommand(1);
    app_.failure_message(CLI::FailureMessage::simple);

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
    run_ = app_.add_subcommand("run", "Verify and time problems on backends; print a table, write JSON");
    add_run_options(run_, args_.run);
    run_->add_option("--out,-o", args_.run.out, "write results JSON here (records also stream to <out>l)");
    run_->add_flag("--resume", args_.run.resume, "keep the records already in <out>l and skip them");
    run_->add_option("--shard", args_.run.shard, "run only the i-th of n interleaved slices, e.g. 2/8");

    estimate_ = app_.add_subcommand(
        "estimate", "Estimate the run time of each shard of a run on nodes like this one (calibrated here)");
    add_run_options(estimate_, args_.planned);
    estimate_->add_option("--nodes,-n", args_.nodes, "number of shards, one per node (default 1)");
    estimate_->add_option("--calibrate", args_.calibrate_s, "seconds of calibration runs on this machine (default 60)");

    dump_ = app_.add_subcommand("dump", "Run one pass and save its tensors as .npy (PyTorch layouts)");
    dump_->add_option("--problem,-p", args_.dump.problem, "benchdnn descriptor")->required();
    dump_->add_option("--dt", args_.dump.dt, "f32 or bf16 (bf16 is saved as float32 holding the bf16 values)");
    dump_->add_option("--dir", args_.dump.dir, "FWD_D, BWD_D or BWD_W");
    dump_->add_option("--backend,-b", args_.dump.backend, "backend whose output is saved (default ref)");
    dump_->add_option("--save", args_.dump.save, "directory to write src/wei/dst (names depend on the pass)")->required();
    dump_->add_option("--threads,-t", args_.dump.threads, "OpenMP threads");

    app_.add_subcommand("info", "CPU model, ISA features, cores, caches, library versions");

    peak_ = app_.add_subcommand("peak", "Measure the peak GFLOP/s of each ISA path, beside the nominal peak");
    peak_->add_option("--threads,-t", args_.peak_threads, "OpenMP threads (default: all)");
    peak_->add_option("--seconds", args_.peak_seconds, "duration of each loop (default 0.5)");

    merge_ = app_.add_subcommand("merge", "Join results files (e.g. shards of a sweep) into one");
    merge_->add_option("inputs", args_.merge_inputs, "results files (.json)")->required();
    merge_->add_option("--out,-o", args_.merge_out, "merged results file (.json)")->required();
    merge_->add_flag("--allow-mismatch", args_.allow_mismatch, "merge files measured on different machines or builds");
    merge_->add_flag("--allow-incomplete", args_.allow_incomplete,
                     "merge shards of a sweep even when some are missing (the result is marked incomplete)");
}

void Cli::parse(int argc, const char* const* argv) {
    app_.parse(argc, argv);
    args_.subcommand = *run_        ? Subcommand::run
                       : *estimate_ ? Subcommand::estimate
                       : *dump_     ? Subcommand::dump
                       : *peak_     ? Subcommand::peak
                       : *merge_    ? Subcommand::merge
                                    : Subcommand::info;
}

void validate(const CliArgs& args) {
    switch (args.subcommand) {
        case Subcommand::run: check_run_args(args.run); break;
        case Subcommand::estimate: check_estimate_args(args.planned, args.nodes, args.calibrate_s); break;
        case Subcommand::dump: check_dump_args(args.dump); break;
        case Subcommand::peak: check_peak_args(args.peak_threads, args.peak_seconds); break;
        case Subcommand::merge: {
            std::vector<nlohmann::json> docs;
            for (const std::string& path : args.merge_inputs) docs.push_back(load_results(path));
            merge_results(docs, args.merge_inputs, args.allow_mismatch, args.allow_incomplete);
            check_results_path(args.merge_out);
            break;
        }
        case Subcommand::info: break;
    }
}

int execute(const CliArgs& args) {
    switch (args.subcommand) {
        case Subcommand::run: return run_command(args.run);
        case Subcommand::estimate: return estimate_command(args.planned, args.nodes, args.calibrate_s);
        case Subcommand::dump: return dump_command(args.dump);
        case Subcommand::peak: return peak_command(args.peak_threads, args.peak_seconds);
        case Subcommand::merge:
            return merge_command(args.merge_inputs, args.merge_out, args.allow_mismatch, args.allow_incomplete);
        case Subcommand::info: return info_command();
    }
    return info_command();
}

}  // namespace conv1d
