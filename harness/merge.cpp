#include "merge.hpp"

#include <fstream>
#include <map>
#include <set>
#include <utility>

#include "conv1d/problem.hpp"
#include "harness/report.hpp"
#include "harness/sweep.hpp"

namespace conv1d {

using nlohmann::json;

const std::vector<std::string>& comparable_context_fields() {
    static const std::vector<std::string> fields = {"schema", "cpu_model", "isa_features", "threads", "compiler",
                                                    "compiler_flags", "libxsmm_version", "onednn_version", "onednn_plugins",
                                                    "git_commit"};
    return fields;
}

namespace {

// Why `record` is not one that merge and --resume can key (record_key: descriptor, dt, pass, backend,
// threads), or "" when it is.
std::string unkeyable(const json& record) {
    if (!record.is_object()) return "it is not an object";
    try {  // record_key checks each field it reads, the thread count's range too
        record_key(record);
    } catch (const json::exception& e) {
        return e.what();
    } catch (const UsageError& e) {
        return e.what();
    }
    return "";
}

// The checks of a parsed results file, named `origin` in messages.
json checked_results(json doc, const std::string& origin) {
    if (!doc.is_object() || !doc.contains("context") || !doc.contains("records") || !doc["context"].is_object() ||
        !doc["records"].is_array())
        throw UsageError("'" + origin + "' is not a conv1d-bench results file (needs context and records)");
    const json schema = doc["context"].value("schema", json());
    if (schema != kSchema)
        throw UsageError("'" + origin + "' has schema '" +
                         (schema.is_string() ? schema.get<std::string>() : schema.is_null() ? "?" : schema.dump()) +
                         "', this build reads '" + kSchema + "'");
    const json& records = doc["records"];
    for (size_t i = 0; i < records.size(); ++i)
        if (const std::string why = unkeyable(records[i]); !why.empty())
            throw UsageError("'" + origin + "': record " + std::to_string(i + 1) +
                             " is not a conv1d-bench record: " + why);
    return doc;
}

// json::parse of text or a stream (which stops at the first byte that is not JSON, however long the file).
template <class Input>
json parsed_results(Input&& input, const std::string& origin) {
    json doc;
    try {
        doc = json::parse(std::forward<Input>(input));
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number beyond double (1e999)
        throw UsageError("results file '" + origin + "' is not valid JSON: " + e.what());
    }
    return checked_results(std::move(doc), origin);
}

}  // namespace

json parse_results(const std::string& text, const std::string& origin) { return parsed_results(text, origin); }

json load_results(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw UsageError("cannot read results file '" + path + "'");
    try {
        return parsed_results(in, path);
    } catch (const std::ios_base::failure& e) {  // e.g. a directory, which opens but cannot be read
        throw UsageError("cannot read results file '" + path + "': " + e.what());
    }
}

namespace {

// What is missing from the shards among `docs` ("" when nothing): shard indices of each (sweep, n) never
// given, and shards holding fewer records than their run was asked for.
std::string missing_shards(const std::vector<json>& docs, const std::vector<std::string>& names) {
    std::map<std::pair<std::string, int>, std::set<int>> given;  // (sweep, n) -> indices
    std::string missing;
    const auto add = [&](const std::string& what) { missing += (missing.empty() ? "" : "; ") + what; };
    for (size_t i = 0; i < docs.size(); ++i) {
        const json run = docs[i]["context"].value("run", json::object());
        if (!run.is_object()) continue;
        const json shard = run.value("shard", json());
        if (!shard.is_string()) continue;
        ShardSpec spec;
        try {
            spec = parse_shard(shard.get<std::string>());
        } catch (const UsageError&) {
            continue;  // not written by `run --shard`: nothing to check it against
        }
        if (spec.index < 1 || spec.index > spec.count) continue;  // nor is this
        const json sweep = run.value("sweep", json());
        given[{sweep.is_string() ? sweep.get<std::string>() : "the command line's problems", spec.count}].insert(
            spec.index);
        const json asked = run.value("records", json());
        if (asked.is_number_unsigned() && docs[i]["records"].size() < asked.get<uint64_t>())
            add("'" + names[i] + "' (shard " + shard.get<std::string>() + ") holds " +
                std::to_string(docs[i]["records"].size()) + " of its " + std::to_string(asked.get<uint64_t>()) +
                " records");
    }
    // The absent indices of each (sweep, n), the first few by name: n comes from the files, however large.
    constexpr size_t kNamed = 10;
    for (const auto& [key, indices] : given) {
        const size_t absent = size_t(key.second) - indices.size();
        if (absent == 0) continue;
        std::string named;
        size_t listed = 0;
        for (int i = 1; i <= key.second && listed < kNamed; ++i)
            if (!indices.count(i)) {
                named += (named.empty() ? "" : ", ") + std::to_string(i) + "/" + std::to_string(key.second);
                ++listed;
            }
        if (absent > listed) named += " and " + std::to_string(absent - listed) + " more";
        add("shards " + named + " of " + key.first + " are missing");
    }
    return missing;
}

}  // namespace

json merge_results(const std::vector<json>& docs, const std::vector<std::string>& names, bool allow_mismatch,
                   bool allow_incomplete) {
    if (docs.empty()) throw UsageError("merge needs at least one results file");
    json merged = {{"context", docs[0]["context"]}, {"records", json::array()}};
    json contexts = json::array();
    for (size_t i = 0; i < docs.size(); ++i) {
        const json& ctx = docs[i]["context"];
        contexts.push_back(ctx);
        for (const std::string& field : comparable_context_fields()) {
            if (ctx.value(field, json()) == docs[0]["context"].value(field, json()) || allow_mismatch) continue;
            throw UsageError("'" + names[i] + "' and '" + names[0] + "' were measured differently: " + field + " is " +
                             ctx.value(field, json()).dump() + " vs " + docs[0]["context"].value(field, json()).dump() +
                             " (pass --allow-mismatch to merge anyway; every context is then kept)");
        }
    }
    std::set<std::string> seen;
    for (const json& doc : docs)
        for (const json& r : doc["records"])
            if (seen.insert(record_key(r)).second) merged["records"].push_back(r);
    merged["context"]["merged_from"] = contexts;
    merged["context"].erase("run");  // the inputs' runs are in merged_from
    const std::string missing = missing_shards(docs, names);
    if (!missing.empty()) {
        if (!allow_incomplete)
            throw UsageError("the shards are incomplete: " + missing +
                             " (a task failed, was cancelled or is still running: rerun it, with --resume to keep what "
                             "it did, or pass --allow-incomplete to merge anyway, marked incomplete)");
        merged["context"]["incomplete"] = missing;
    }
    return merged;
}

}  // namespace conv1d
