#include "arg_checks.hpp"

#include <omp.h>
#include <sys/stat.h>

#include <cmath>

#include "conv1d/registry.hpp"
#include "harness/buffers.hpp"
#include "harness/report.hpp"

namespace conv1d {

int checked_threads(int requested) {
    const int cpus = omp_get_num_procs();
    if (requested == 0) return omp_get_max_threads();
    if (requested < 0 || requested > 4 * cpus)
        throw UsageError("--threads " + std::to_string(requested) + " is out of range: use 1.." + std::to_string(cpus) +
                         " (this machine has " + std::to_string(cpus) + " CPUs)");
    return requested;
}

RunConfig check_run_args(const RunArgs& args) {
    RunConfig config = run_config(args);
    if (args.resume && args.out.empty()) throw UsageError("--resume needs --out FILE.json");
    if (!args.out.empty()) check_results_path(args.out);
    return config;
}

RunConfig check_estimate_args(const RunArgs& args, int nodes, double calibration_s) {
    if (nodes < 1) throw UsageError("--nodes must be at least 1 (the number of shards, one per node)");
    if (!(calibration_s > 0) || !std::isfinite(calibration_s))
        throw UsageError("--calibrate must be positive (seconds)");
    if (!args.shard.empty()) throw UsageError("estimate plans every shard: leave out --shard");
    return run_config(args);
}

Problem check_dump_args(const DumpArgs& args) {
    const Problem p = Problem::parse(args.problem, parse_data_type(args.dt), parse_pass(args.dir));
    find_backend(args.backend);
    struct stat st {};
    if (stat(args.save.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw UsageError("--save '" + args.save + "' is not a directory: create it first (mkdir -p " + args.save + ")");
    checked_threads(args.threads);
    check_fits_in_memory(p, 3);
    return p;
}

void check_peak_args(int threads, double seconds) {
    if (!(seconds > 0 && seconds <= 60)) throw UsageError("--seconds must be in (0, 60]");  // NaN too
    checked_threads(threads);
}

}  // namespace conv1d
