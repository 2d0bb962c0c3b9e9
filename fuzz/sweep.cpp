// Fuzz target "sweep": sweep files (conv1d::parse_sweep, as `run --sweep` and `estimate --sweep` read them)
// and the --shard value (parse_shard, shard).
// Input: a first line with the shard ("2/8"), then the sweep file's text.
// Beyond not crashing: every job of an accepted sweep is a valid problem on known backends, and a shard is
// exactly the interleaved slice it names.
#include <algorithm>
#include <stdexcept>

#include "conv1d/registry.hpp"
#include "fuzz/support/fuzz_input.hpp"
#include "harness/sweep.hpp"

using namespace conv1d;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<std::string> parts = fuzz::split(data, size, "\n", 2);
    const std::string& shard_spec = parts[0];
    const std::string& text = parts.size() > 1 ? parts[1] : parts[0];
    std::vector<Job> jobs;
    try {
        jobs = parse_sweep(text, "fuzz.json");
    } catch (const UsageError&) {
        jobs.clear();
    }
    const std::vector<std::string>* checked_backends = nullptr;  // jobs of a set share their list: check it once
    for (const Job& job : jobs) {
        try {
            job.problem.validate();
        } catch (const UsageError& e) {
            fuzz::violated(std::string("a job of an accepted sweep is not a valid problem: ") + e.what(), text);
        }
        if (job.backends.empty()) fuzz::violated("a job of an accepted sweep has no backend", text);
        if (checked_backends && *checked_backends == job.backends) continue;
        checked_backends = &job.backends;
        for (const std::string& name : job.backends) {
            try {
                find_backend(name);
            } catch (const UsageError& e) {
                fuzz::violated(std::string("a job of an accepted sweep names an unknown backend: ") + e.what(), text);
            }
            if (std::count(job.backends.begin(), job.backends.end(), name) != 1)
                fuzz::violated("a job of an accepted sweep names backend " + name + " twice", text);
        }
    }

    ShardSpec spec;
    try {
        spec = parse_shard(shard_spec);
    } catch (const UsageError&) {
        return 0;
    }
    // The numbers are those the text says (not, say, 4294967297 read as 1).
    const size_t slash = shard_spec.find('/');
    try {
        if (slash == std::string::npos || std::stoll(shard_spec.substr(0, slash)) != spec.index ||
            std::stoll(shard_spec.substr(slash + 1)) != spec.count)
            fuzz::violated("parse_shard read other numbers than " + shard_spec, shard_spec);
    } catch (const std::logic_error&) {  // stoll: no number, or beyond long long
        fuzz::violated("parse_shard accepted " + shard_spec, shard_spec);
    }
    std::vector<Job> mine;
    try {
        mine = shard(jobs, spec.index, spec.count);
    } catch (const UsageError&) {
        if (spec.count >= 1 && spec.index >= 1 && spec.index <= spec.count)
            fuzz::violated("shard() refuses a valid i/n: " + shard_spec, shard_spec);
        return 0;
    }
    if (spec.count < 1 || spec.index < 1 || spec.index > spec.count)
        fuzz::violated("shard() accepts an invalid i/n: " + shard_spec, shard_spec);
    const size_t first = size_t(spec.index - 1), step = size_t(spec.count);
    const size_t expected = jobs.size() > first ? (jobs.size() - first - 1) / step + 1 : 0;
    if (mine.size() != expected) fuzz::violated("shard " + shard_spec + " has the wrong number of jobs", shard_spec);
    for (size_t k = 0; k < mine.size(); ++k)
        if (!(mine[k].problem == jobs[first + k * step].problem) || mine[k].backends != jobs[first + k * step].backends)
            fuzz::violated("shard " + shard_spec + " is not the interleaved slice", shard_spec);
    return 0;
}
