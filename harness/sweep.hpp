// Sweep files (sweeps/*.json): sets of problems, each either the cartesian product of axes or an
// explicit list of benchdnn descriptors, crossed with data types, passes and backends.
// Format documented in sweeps/README.md.
#pragma once

#include <string>
#include <vector>

#include "harness/runner.hpp"

namespace conv1d {

// Throws UsageError naming the file and what is wrong in it.
std::vector<Job> load_sweep(const std::string& path);
std::vector<Job> parse_sweep(const std::string& text, const std::string& origin);

// "i/n" as --shard takes it and context.run.shard records it; throws UsageError unless it is two integers
// (the bounds are shard()'s to check).
struct ShardSpec {
    int index = 1, count = 1;
};
ShardSpec parse_shard(const std::string& spec);

// The i-th (1-based) of n interleaved slices: jobs i-1, i-1+n, i-1+2n, ...
std::vector<Job> shard(const std::vector<Job>& jobs, int index, int count);

}  // namespace conv1d
