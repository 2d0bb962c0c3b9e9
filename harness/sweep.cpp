#include "sweep.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <type_traits>

#include "conv1d/registry.hpp"

namespace conv1d {

using nlohmann::json;

namespace {

[[noreturn]] void bad(const std::string& origin, const std::string& why) {
    throw UsageError("bad sweep file '" + origin + "': " + why + " (format: sweeps/README.md)");
}

// A JSON number that is a whole number within int64 (8 and 8.0, not 8.5, 1e30 or true), as an axis value.
bool whole_number(const json& v, int64_t& out) {
    if (v.is_number_unsigned()) {
        if (v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) return false;
        out = int64_t(v.get<uint64_t>());
        return true;
    }
    if (v.is_number_integer()) {
        out = v.get<int64_t>();
        return true;
    }
    if (v.is_number_float()) {
        const double x = v.get<double>();
        if (!(x >= -0x1p63 && x < 0x1p63) || x != std::trunc(x)) return false;  // NaN fails too
        out = int64_t(x);
        return true;
    }
    return false;
}

template <class T>
std::vector<T> axis(const std::string& origin, const std::string& where, const json& set, const std::string& key,
                    std::vector<T> fallback) {
    if (!set.contains(key)) {
        if (fallback.empty()) bad(origin, where + " has no '" + key + "' list");
        return fallback;
    }
    const json& list = set[key];
    if (!list.is_array() || list.empty()) bad(origin, where + ": '" + key + "' must be a non-empty list");
    std::vector<T> values;
    for (const json& v : list) {
        const auto wrong_type = [&](const char* expected) {
            bad(origin,
                where + ": '" + key + "' holds " + v.dump() + ", which is not of the right type (" + expected + ")");
        };
        if constexpr (std::is_same_v<T, int64_t>) {
            int64_t value = 0;
            if (!whole_number(v, value)) wrong_type("an integer");
            values.push_back(value);
        } else {
            if (!v.is_string()) wrong_type("a string");
            values.push_back(v.get<std::string>());
        }
    }
    return values;
}

// How many problems a sweep may expand to: ten times the paper's grid (103,680), and a bound on the memory
// and the time its expansion takes, whatever the file says.
constexpr size_t kMaxSweepJobs = 1'000'000;

// Adds `count` jobs to the sweep's `total`, refusing a sweep that would exceed kMaxSweepJobs.
void count_jobs(const std::string& origin, const std::string& where, double count, size_t& total) {
    if (double(total) + count > double(kMaxSweepJobs))
        bad(origin, where + " takes the sweep beyond " + std::to_string(kMaxSweepJobs) +
                        " problems (the product of its lists); split it into several sweep files");
    total += size_t(count);
}

std::vector<Job> expand_set(const std::string& origin, const json& set, size_t index,
                            const std::vector<std::string>& default_backends, size_t& total_jobs) {
    const std::string where = "set " + std::to_string(index);
    if (!set.is_object()) bad(origin, where + " must be an object");
    static const std::set<std::string> keys = {"N", "C", "K", "Q", "S", "d", "dt", "pass", "backend", "problems", "comment"};
    for (const auto& [key, value] : set.items())
        if (!keys.count(key)) bad(origin, where + ": unknown key '" + key + "' (known: N C K Q S d dt pass backend problems comment)");
    std::vector<DataType> dts;
    for (const std::string& s : axis<std::string>(origin, where, set, "dt", {"f32"})) {
        try { dts.push_back(parse_data_type(s)); } catch (const UsageError& e) { bad(origin, where + ": " + e.what()); }
    }
    std::vector<Pass> passes;
    for (const std::string& s : axis<std::string>(origin, where, set, "pass", {"FWD_D", "BWD_D", "BWD_W"})) {
        try { passes.push_back(parse_pass(s)); } catch (const UsageError& e) { bad(origin, where + ": " + e.what()); }
    }
    std::vector<std::string> backends;
    try {
        backends = expand_backend_names(axis<std::string>(origin, where, set, "backend", default_backends));
    } catch (const UsageError& e) {
        bad(origin, where + ": " + e.what());
    }

    std::vector<Problem> shapes;
    if (set.contains("problems")) {
        const std::vector<std::string> descs = axis<std::string>(origin, where, set, "problems", {});
        count_jobs(origin, where, double(descs.size()) * double(dts.size()) * double(passes.size()), total_jobs);
        for (const std::string& desc : descs) {
            try { shapes.push_back(Problem::parse(desc)); } catch (const UsageError& e) { bad(origin, where + ": " + e.what()); }
        }
    } else {
        const std::vector<int64_t> Ns = axis<int64_t>(origin, where, set, "N", {1}),
                                   Cs = axis<int64_t>(origin, where, set, "C", {}),
                                   Ks = axis<int64_t>(origin, where, set, "K", {}),
                                   Ss = axis<int64_t>(origin, where, set, "S", {}),
                                   ds = axis<int64_t>(origin, where, set, "d", {1}),
                                   Qs = axis<int64_t>(origin, where, set, "Q", {});
        count_jobs(origin, where,
                   double(Ns.size()) * double(Cs.size()) * double(Ks.size()) * double(Ss.size()) * double(ds.size()) *
                       double(Qs.size()) * double(dts.size()) * double(passes.size()),
                   total_jobs);
        for (int64_t n : Ns)
            for (int64_t c : Cs)
                for (int64_t k : Ks)
                    for (int64_t s : Ss)
                        for (int64_t d : ds)
                            for (int64_t q : Qs) {
                                Problem p;
                                p.N = n, p.C = c, p.K = k, p.S = s, p.d = d, p.W = q;  // validate() names S, d < 1
                                int64_t span = 0;  // W = Q + (S-1)*d
                                if (s >= 1 && d >= 1 &&
                                    (__builtin_mul_overflow(s - 1, d, &span) || __builtin_add_overflow(q, span, &p.W)))
                                    bad(origin, where + ": S = " + std::to_string(s) + ", d = " + std::to_string(d) +
                                                    " and Q = " + std::to_string(q) +
                                                    " make the input width W = Q + (S-1)*d too large");
                                try { p.validate(); } catch (const UsageError& e) { bad(origin, where + ": " + e.what()); }
                                shapes.push_back(p);
                            }
    }
    std::vector<Job> jobs;
    for (const Problem& shape : shapes)
        for (DataType dt : dts)
            for (Pass pass : passes) {
                Job job{shape, backends};
                job.problem.dt = dt;
                job.problem.pass = pass;
                jobs.push_back(job);
            }
    return jobs;
}

}  // namespace

std::vector<Job> parse_sweep(const std::string& text, const std::string& origin) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number beyond double (1e999)
        bad(origin, std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object() || !doc.contains("sets")) bad(origin, "the top level must be an object with a 'sets' list");
    for (const auto& [key, value] : doc.items())
        if (key != "sets" && key != "description" && key != "backend")
            bad(origin, "unknown top-level key '" + key + "' (known: description backend sets)");
    const std::vector<std::string> default_backends =
        doc.contains("backend") ? axis<std::string>(origin, "the top level", doc, "backend", {}) : default_backend_names();
    if (!doc["sets"].is_array() || doc["sets"].empty()) bad(origin, "'sets' must be a non-empty list");
    std::vector<Job> jobs;
    size_t total_jobs = 0;
    for (size_t i = 0; i < doc["sets"].size(); ++i)
        for (Job& j : expand_set(origin, doc["sets"][i], i, default_backends, total_jobs)) jobs.push_back(std::move(j));
    return jobs;
}

std::vector<Job> load_sweep(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw UsageError("cannot read sweep file '" + path + "': check the path (sweeps are in sweeps/)");
    // Read up to a bound: a sweep file is a few KB, and /dev/zero or a runaway pipe has no end.
    constexpr size_t kMaxBytes = size_t(16) << 20;
    std::string text;
    char chunk[65536];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, size_t(in.gcount()));
        if (text.size() > kMaxBytes) bad(path, "it is larger than 16 MiB, which no sweep file is");
    }
    return parse_sweep(text, path);
}

ShardSpec parse_shard(const std::string& spec) {
    // Exactly two ints, whole: sscanf's %d would take 4294967297 as 1 (or anything, its overflow is undefined).
    const auto whole_int = [&spec](size_t begin, size_t end, int& value) {
        const char *first = spec.data() + begin, *last = spec.data() + end;
        const std::from_chars_result r = std::from_chars(first, last, value);
        return first != last && r.ec == std::errc() && r.ptr == last;
    };
    ShardSpec s;
    const size_t slash = spec.find('/');
    if (slash == std::string::npos || !whole_int(0, slash, s.index) || !whole_int(slash + 1, spec.size(), s.count))
        throw UsageError("bad --shard '" + spec + "': use i/n, e.g. --shard 2/8");
    return s;
}

std::vector<Job> shard(const std::vector<Job>& jobs, int index, int count) {
    if (count < 1 || index < 1 || index > count)
        throw UsageError("bad --shard " + std::to_string(index) + "/" + std::to_string(count) +
                         ": use i/n with 1 <= i <= n, e.g. --shard 2/8");
    std::vector<Job> mine;
    for (size_t j = size_t(index - 1); j < jobs.size(); j += size_t(count)) mine.push_back(jobs[j]);
    return mine;
}

}  // namespace conv1d
