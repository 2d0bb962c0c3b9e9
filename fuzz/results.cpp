// Fuzz target "results": results files as `run --resume` reads the .jsonl (read_jsonl_records, record_key)
// and as `merge` reads and joins .json files (parse_results, the text-level load_results, and merge_results).
// Input: the whole input is read as a .jsonl; split at lines "---" it is also one or more .json documents,
// merged as `merge` would.
// Beyond not crashing: what --resume keeps has a record_key and is what the .jsonl cut after kept_bytes reads
// back as; documents that load merge without error when mismatches and incomplete shards are allowed; the
// merged file holds each record once and loads again.
#include <set>
#include <sstream>

#include "fuzz/support/fuzz_input.hpp"
#include "harness/merge.hpp"
#include "harness/report.hpp"

using namespace conv1d;
using nlohmann::json;

namespace {

void resume(const std::string& text) {
    std::istringstream in(text);
    const JsonlRecords kept = read_jsonl_records(in);
    size_t lines = 0;
    std::istringstream count(text);
    for (std::string line; std::getline(count, line);) lines += !line.empty();
    if (kept.records.size() + kept.dropped != lines)
        fuzz::violated("read_jsonl_records kept " + std::to_string(kept.records.size()) + " and dropped " +
                           std::to_string(kept.dropped) + " of " + std::to_string(lines) + " lines",
                       text);
    for (const json& r : kept.records) {
        try {
            record_key(r);
        } catch (const std::exception& e) {
            fuzz::violated(std::string("a record --resume keeps has no record_key: ") + e.what(), text);
        }
    }
    // --resume cuts the .jsonl after kept_bytes: what is left must read back as the same records, none dropped.
    if (kept.kept_bytes > text.size()) fuzz::violated("kept_bytes beyond the end of the .jsonl", text);
    std::istringstream prefix(text.substr(0, kept.kept_bytes));
    const JsonlRecords again = read_jsonl_records(prefix);
    if (again.records != kept.records || again.dropped != 0)
        fuzz::violated("the .jsonl cut after kept_bytes does not read back as the records kept", text);
}

void merge(const std::vector<std::string>& texts) {
    std::vector<json> docs;
    std::vector<std::string> names;
    for (const std::string& text : texts) {
        names.push_back("input" + std::to_string(docs.size() + 1) + ".json");
        try {
            docs.push_back(parse_results(text, names.back()));
        } catch (const UsageError&) {
            return;  // merge refuses the whole set when one file is bad
        }
    }
    try {
        merge_results(docs, names, false, false);
    } catch (const UsageError&) {
    }
    json merged;
    try {
        merged = merge_results(docs, names, true, true);
    } catch (const UsageError& e) {
        fuzz::violated(std::string("files that load do not merge with --allow-mismatch --allow-incomplete: ") +
                           e.what(),
                       texts[0]);
    }
    std::set<std::string> keys;
    for (const json& r : merged["records"])
        if (!keys.insert(record_key(r)).second) fuzz::violated("the merged file holds a record twice", texts[0]);
    try {
        parse_results(merged.dump(), "merged.json");
    } catch (const UsageError& e) {
        fuzz::violated(std::string("the merged file does not load: ") + e.what(), texts[0]);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    resume(text);
    merge(fuzz::split(data, size, "---"));
    return 0;
}
