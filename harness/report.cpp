#include "report.hpp"

#include <omp.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "build_info.hpp"
#include "harness/plugins.hpp"

namespace conv1d {

using nlohmann::json;

json peaks_json(const PeakTable& peaks) {
    json isas = json::object();
    for (const IsaPeak& p : peaks.isas) {
        json e = {{"available", p.available},
                  {"flop_per_cycle_per_core", p.flop_per_cycle_per_core},
                  {"measured_gflops", p.measured_gflops},
                  {"nominal_gflops", p.nominal_gflops}};
        if (!p.available) e["reason"] = p.reason;
        isas[to_string(p.isa)] = e;
    }
    return {{"threads", peaks.threads}, {"fma_implied_ghz", peaks.fma_implied_ghz}, {"isas", isas}};
}

namespace {

// The other oneDNN builds of the run (harness/plugins.hpp), by backend name: {"onednn-3.2": "3.2.0"}.
json plugin_versions() {
    json versions = json::object();
    for (const LoadedPlugin& plugin : plugins().loaded) versions[plugin.backend->name()] = plugin.running_version;
    return versions;
}

}  // namespace

json context_json(const SystemInfo& sys, const PeakTable& peaks) {
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return {{"schema", kSchema},
            {"date", date},
            {"host", sys.host},
            {"cpu_model", sys.cpu_model},
            {"isa_features", feature_list(sys.features)},
            {"logical_cpus", sys.logical_cpus},
            {"threads", peaks.threads},
            {"caches_bytes", {{"l1d", sys.l1d_bytes}, {"l2", sys.l2_bytes}, {"l3", sys.l3_bytes}}},
            {"nominal_ghz", sys.nominal_ghz},
            {"nominal_ghz_source", sys.nominal_ghz_source},
            {"measured_ghz", peaks.fma_implied_ghz},
            {"peaks", peaks_json(peaks)},
            {"compiler", kCompiler},
            {"compiler_flags", kCompilerFlags},
            {"libxsmm_version", kLibxsmmVersion},
            {"onednn_version", kOnednnVersion},
            {"onednn_plugins", plugin_versions()},
            {"git_commit", kGitCommit}};
}

json record_json(const Record& r) {
    const Problem& p = r.problem;
    json params = json::object();
    for (const auto& [k, v] : r.params) params[k] = v;
    json j = {{"descriptor", p.descriptor()},
              {"name", p.name},
              {"N", p.N}, {"C", p.C}, {"K", p.K}, {"W", p.W}, {"Q", p.Q()}, {"S", p.S}, {"d", p.d},
              {"pass", to_string(p.pass)},
              {"dt", to_string(p.dt)},
              {"backend", r.backend},
              {"role", to_string(r.role)},
              {"threads", r.threads},
              {"impl", r.impl},
              {"isa", to_string(r.isa)},
              {"status", to_string(r.status)},
              {"reason", r.reason},
              {"verification", {{"verified", r.verified},
                                {"checked", r.verdict.checked},
                                {"mismatches", r.verdict.mismatches},
                                {"zero_outputs", r.verdict.zeros},
                                {"first_mismatches", r.verdict.first}}},
              {"flops", p.flops()},
              {"params", params},
              {"reorder_ms", r.reorder_ms}};
    if (r.timed) {
        j["time_ms"] = {{"min", r.timing.min_ms},
                        {"median", r.timing.median_ms},
                        {"max", r.timing.max_ms},
                        {"samples", r.timing.samples}};
        j["repetitions"] = r.timing.repetitions;
        j["iterations_per_repetition"] = r.timing.iterations;
        j["gflops"] = r.gflops;
        j["peak_isa"] = to_string(r.isa);
        // null, not 0, where this CPU has no peak for the kernel's ISA (or the reference, which has none)
        auto or_null = [](double v) { return v > 0 ? json(v) : json(nullptr); };
        j["peak_gflops"] = or_null(r.peak_gflops);
        j["pct_peak"] = or_null(r.pct_peak);
        j["nominal_peak_gflops"] = or_null(r.nominal_peak_gflops);
        j["pct_nominal_peak"] = or_null(r.pct_nominal_peak);
        if (!r.peak_flag.empty()) j["peak_flag"] = r.peak_flag;
    } else {
        j["time_ms"] = nullptr;
        j["gflops"] = nullptr;
        j["pct_peak"] = nullptr;
        j["pct_nominal_peak"] = nullptr;
    }
    return j;
}

std::string record_key(const json& r) {
    Problem p = Problem::parse(r.at("descriptor").get<std::string>(), parse_data_type(r.at("dt")),
                               parse_pass(r.at("pass")));
    return record_key(p, r.at("backend").get<std::string>(), r.at("threads").get<int>());
}

ResultsWriter::ResultsWriter(std::string path, bool resume) : path_(std::move(path)), jsonl_path_(path_ + "l") {
    if (path_.size() < 5 || path_.compare(path_.size() - 5, 5, ".json") != 0)
        throw UsageError("--out '" + path_ + "' must end in .json (records stream to a .jsonl beside it)");
    if (resume) {
        std::ifstream in(jsonl_path_);
        std::string line;
        bool torn = false;
        while (std::getline(in, line)) {
            if (line.empty()) continue;
            try {
                records_.push_back(json::parse(line));
            } catch (const json::exception&) {
                torn = true;  // the last line of a killed run may be cut short
                break;
            }
        }
        std::fprintf(stderr, "conv1d-bench: --resume: kept %zu record(s) of %s%s\n", records_.size(),
                     jsonl_path_.c_str(), torn ? ", dropped a torn last line" : "");
    }
    // Rewrite the jsonl from what was kept, which also proves the location is writable.
    std::ofstream out(jsonl_path_, std::ios::trunc);
    if (!out) throw UsageError("cannot write '" + jsonl_path_ + "': check that the directory exists and is writable");
    for (const json& r : records_) out << r.dump() << '\n';
}

bool ResultsWriter::has(const std::string& key) const {
    for (const json& r : records_)
        if (record_key(r) == key) return true;
    return false;
}

void ResultsWriter::add(const json& record) {
    records_.push_back(record);
    std::ofstream out(jsonl_path_, std::ios::app);
    out << record.dump() << '\n';
    out.flush();
}

void ResultsWriter::finish(const json& context) {
    const json doc = {{"context", context}, {"records", records_}};
    const std::string tmp = path_ + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) throw UsageError("cannot write '" + tmp + "'");
        out << doc.dump(1) << '\n';
        if (!out.flush()) throw UsageError("writing '" + tmp + "' failed: is the disk full?");
    }
    if (std::rename(tmp.c_str(), path_.c_str()) != 0) throw UsageError("cannot rename '" + tmp + "' to '" + path_ + "'");
}

}  // namespace conv1d
