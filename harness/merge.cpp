#include "merge.hpp"

#include <fstream>
#include <map>
#include <set>

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

json load_results(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw UsageError("cannot read results file '" + path + "'");
    json doc;
    try {
        doc = json::parse(in);
    } catch (const json::parse_error& e) {
        throw UsageError("results file '" + path + "' is not valid JSON: " + e.what());
    }
    if (!doc.is_object() || !doc.contains("context") || !doc.contains("records") || !doc["records"].is_array())
        throw UsageError("'" + path + "' is not a conv1d-bench results file (needs context and records)");
    if (doc["context"].value("schema", "") != kSchema)
        throw UsageError("'" + path + "' has schema '" + doc["context"].value("schema", "?") + "', this build reads '" +
                         kSchema + "'");
    return doc;
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
        const json shard = run.value("shard", json());
        if (!shard.is_string()) continue;
        ShardSpec spec;
        try {
            spec = parse_shard(shard.get<std::string>());
        } catch (const UsageError&) {
            continue;  // not written by `run --shard`: nothing to check it against
        }
        const json sweep = run.value("sweep", json());
        given[{sweep.is_string() ? sweep.get<std::string>() : "the command line's problems", spec.count}].insert(
            spec.index);
        const size_t asked = run.value("records", size_t(0));
        if (docs[i]["records"].size() < asked)
            add("'" + names[i] + "' (shard " + shard.get<std::string>() + ") holds " +
                std::to_string(docs[i]["records"].size()) + " of its " + std::to_string(asked) + " records");
    }
    for (const auto& [key, indices] : given) {
        std::string absent;
        for (int i = 1; i <= key.second; ++i)
            if (!indices.count(i)) absent += (absent.empty() ? "" : ", ") + std::to_string(i) + "/" + std::to_string(key.second);
        if (!absent.empty()) add("shards " + absent + " of " + key.first + " are missing");
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
