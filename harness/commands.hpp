// The subcommands of conv1d-bench. Each returns the process exit code; bad input throws UsageError.
#pragma once

#include <string>
#include <vector>

#include "harness/runner.hpp"

namespace conv1d {

struct RunArgs {
    std::vector<std::string> problems;
    std::string sweep;
    std::vector<std::string> dirs, dts, backends;  // empty: the sweep's or the defaults
    int threads = 0;                                // 0: all (OMP_NUM_THREADS or the CPUs)
    std::string mode = "CP";
    int repetitions = 5;
    double min_time_s = 0.1;
    long iterations = 0;
    std::string out;
    bool resume = false;
    std::string shard;                              // "i/n"
};

struct DumpArgs {
    std::string problem, dt = "f32", dir = "FWD_D", backend = "ref", save;
    int threads = 0;
};

// The run the options describe (jobs of the sweep or problems, narrowed, sharded; threads; mode), checked.
// Throws UsageError naming what is wrong.
RunConfig run_config(const RunArgs& args);
// "1m05s", "2h03m".
std::string format_duration(double seconds);

int run_command(const RunArgs& args);
// Estimates the run time of each of `nodes` shards of the run the options describe, from a short calibration
// on this machine (problems of the sweep itself, run for real, within about calibration_s seconds).
int estimate_command(const RunArgs& args, int nodes, double calibration_s);
int dump_command(const DumpArgs& args);
int info_command();
int peak_command(int threads, double seconds);
int merge_command(const std::vector<std::string>& inputs, const std::string& out, bool allow_mismatch,
                  bool allow_incomplete);

}  // namespace conv1d
