// The checks of the subcommands' options that need no run, each throwing UsageError as its subcommand does
// before any work. harness/cli.hpp's validate() is made of them.
#pragma once

#include <string>

#include "conv1d/problem.hpp"
#include "harness/commands.hpp"

namespace conv1d {

// --threads: 0 means all (OpenMP's maximum); otherwise 1..4 x the CPUs. Returns the thread count.
int checked_threads(int requested);
// `run`: the run the options describe (run_config), --resume with --out, --out a .json path.
RunConfig check_run_args(const RunArgs& args);
// `estimate`: --nodes, --calibrate, no --shard, and the run it plans.
RunConfig check_estimate_args(const RunArgs& args, int nodes, double calibration_s);
// `dump`: the problem with its --dt and --dir, the backend, --save an existing directory, --threads, and
// that the problem fits in memory.
Problem check_dump_args(const DumpArgs& args);
// `peak`: --seconds in (0, 60], --threads.
void check_peak_args(int threads, double seconds);

}  // namespace conv1d
