// The JSON results format (schema documented in results/SCHEMA.md): a context block describing
// the machine and build, and one record per (problem, pass, dt, backend, threads).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "harness/peak.hpp"
#include "harness/runner.hpp"
#include "conv1d/sysinfo.hpp"

namespace conv1d {

constexpr const char* kSchema = "conv1d-bench/results/1";

nlohmann::json context_json(const SystemInfo& sys, const PeakTable& peaks);
nlohmann::json peaks_json(const PeakTable& peaks);
nlohmann::json record_json(const Record& r);

// Appends each record to <out>.jsonl as it finishes (flushed, so a killed run keeps what it did),
// and writes <out> atomically (temporary file + rename) at the end.
class ResultsWriter {
public:
    // Throws UsageError when `path` cannot be written. With resume, keeps the records already in
    // <path>.jsonl; otherwise starts it afresh.
    ResultsWriter(std::string path, bool resume);
    bool has(const std::string& key) const;  // a record with this record_key() is already there
    void add(const nlohmann::json& record);
    void finish(const nlohmann::json& context);

private:
    std::string path_, jsonl_path_;
    nlohmann::json records_ = nlohmann::json::array();
};

// record_key() of a record read back from JSON.
std::string record_key(const nlohmann::json& record);

}  // namespace conv1d
