// Joins results files (e.g. the shards of a sweep) into one.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace conv1d {

// Context fields that must agree for records to be comparable.
const std::vector<std::string>& comparable_context_fields();

// Merges documents: records are concatenated, a record present in several inputs (same
// record_key) is kept once, from the first. Throws UsageError when the contexts disagree on a
// comparable field, unless allow_mismatch, in which case every input context is kept under
// context.merged_from. `names` label the inputs in messages.
// Shards (context.run.shard "i/n", written by `run --shard`) must be complete: every i of 1..n of each sweep
// present, each with the records its run was asked for (context.run.records). Otherwise throws UsageError
// naming the missing shards, unless allow_incomplete, in which case context.incomplete says what is missing.
nlohmann::json merge_results(const std::vector<nlohmann::json>& docs, const std::vector<std::string>& names,
                             bool allow_mismatch, bool allow_incomplete = false);

// Reads and checks a results file (schema, context, records); throws UsageError naming the file.
nlohmann::json load_results(const std::string& path);
// The same checks on the text of a results file; `origin` names it in messages.
nlohmann::json parse_results(const std::string& text, const std::string& origin);

}  // namespace conv1d
