#include "sweep.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "conv1d/registry.hpp"

namespace conv1d {

using nlohmann::json;

namespace {

[[noreturn]] void bad(const std::string& origin, const std::string& why) {
    throw UsageError("bad sweep file '" + origin + "': " + why + " (format: sweeps/README.md)");
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
        try {
            values.push_back(v.get<T>());
        } catch (const json::exception&) {
            bad(origin, where + ": '" + key + "' holds " + v.dump() + ", which is not of the right type");
        }
    }
    return values;
}

std::vector<Job> expand_set(const std::string& origin, const json& set, size_t index,
                            const std::vector<std::string>& default_backends) {
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
        for (const std::string& desc : axis<std::string>(origin, where, set, "problems", {})) {
            try { shapes.push_back(Problem::parse(desc)); } catch (const UsageError& e) { bad(origin, where + ": " + e.what()); }
        }
    } else {
        for (int64_t n : axis<int64_t>(origin, where, set, "N", {1}))
            for (int64_t c : axis<int64_t>(origin, where, set, "C", {}))
                for (int64_t k : axis<int64_t>(origin, where, set, "K", {}))
                    for (int64_t s : axis<int64_t>(origin, where, set, "S", {}))
                        for (int64_t d : axis<int64_t>(origin, where, set, "d", {1}))
                            for (int64_t q : axis<int64_t>(origin, where, set, "Q", {})) {
                                Problem p;
                                p.N = n, p.C = c, p.K = k, p.S = s, p.d = d, p.W = q + (s - 1) * d;
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
    } catch (const json::parse_error& e) {
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
    for (size_t i = 0; i < doc["sets"].size(); ++i)
        for (Job& j : expand_set(origin, doc["sets"][i], i, default_backends)) jobs.push_back(std::move(j));
    return jobs;
}

std::vector<Job> load_sweep(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw UsageError("cannot read sweep file '" + path + "': check the path (sweeps are in sweeps/)");
    std::stringstream text;
    text << in.rdbuf();
    return parse_sweep(text.str(), path);
}

ShardSpec parse_shard(const std::string& spec) {
    ShardSpec s;
    char extra = 0;
    if (std::sscanf(spec.c_str(), "%d/%d%c", &s.index, &s.count, &extra) != 2)
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
