#include "merge.hpp"

#include <fstream>
#include <set>

#include "conv1d/problem.hpp"
#include "harness/report.hpp"

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

json merge_results(const std::vector<json>& docs, const std::vector<std::string>& names, bool allow_mismatch) {
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
    return merged;
}

}  // namespace conv1d
