// The JSON results format (schema documented in results/SCHEMA.md): a context block describing
// the machine and build, and one record per (problem, pass, dt, backend, threads).
#pragma once

#include <istream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "harness/peak.hpp"
#include "harness/runner.hpp"
#include "conv1d/sysinfo.hpp"

namespace conv1d {

constexpr const char* kSchema = "conv1d-bench/results/1";

nlohmann::json context_json(const SystemInfo& sys, const PeakTable& peaks);
nlohmann::json peaks_json(const PeakTable& peaks);
nlohmann::json record_json(const Record& r);

// A results path (--out of run and merge): must end in .json, the .jsonl streams beside it.
void check_results_path(const std::string& path);

// Appends each record to <out>.jsonl as it finishes (one write per line, so a killed run keeps what it
// did), and writes <out> atomically (temporary file + rename) at the end. A failed write (a full or
// vanishing disk) throws UsageError with the reason, leaving the .jsonl as it was before that record and
// no temporary file; a good <out> from an earlier run is never replaced by a truncated one.
class ResultsWriter {
public:
    // Throws UsageError when `path` cannot be written. With resume, keeps the records already in
    // <path>.jsonl (cutting off a torn last line); otherwise starts it afresh.
    ResultsWriter(std::string path, bool resume);
    ~ResultsWriter();
    ResultsWriter(const ResultsWriter&) = delete;
    ResultsWriter& operator=(const ResultsWriter&) = delete;
    bool has(const std::string& key) const;  // a record with this record_key() is already there
    void add(const nlohmann::json& record);
    void finish(const nlohmann::json& context);
    const std::string& jsonl_path() const { return jsonl_path_; }

private:
    std::string path_, jsonl_path_;
    int jsonl_fd_ = -1;
    nlohmann::json records_ = nlohmann::json::array();
    std::set<std::string> keys_;
};

// The records of a .jsonl as --resume reads it: every line up to the first that is not a JSON object whose
// record_key() can be computed (a killed run's last line may be cut short); `dropped` counts the lines from
// that one on, and `kept_bytes` is where the kept lines end. A last line without its newline counts as torn.
struct JsonlRecords {
    nlohmann::json records = nlohmann::json::array();
    size_t dropped = 0;
    size_t kept_bytes = 0;
};
JsonlRecords read_jsonl_records(std::istream& in);

// record_key() of a record read back from JSON.
std::string record_key(const nlohmann::json& record);

}  // namespace conv1d
