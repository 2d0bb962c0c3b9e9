// All backends, in a fixed order. Adding a backend is one line in harness/registry.cpp.
#pragma once

#include <string>
#include <vector>

#include "conv1d/kernel.hpp"

namespace conv1d {

const std::vector<const Backend*>& all_backends();
// What runs when the user names no backend: every registered backend but the reference
// (which is the oracle, and slow).
std::vector<std::string> default_backend_names();
// Throws UsageError naming the known backends when `name` is not one.
const Backend& find_backend(const std::string& name);
// Backend names as a user gives them (--backend, a sweep's "backend"), with the groups "ours" and
// "baselines" replaced by the registered backends of that role (so a sweep asks for "every oneDNN this
// build has" without naming plugins that another node may lack), duplicates dropped, order kept. Throws
// UsageError for an unknown name.
std::vector<std::string> expand_backend_names(const std::vector<std::string>& names);

}  // namespace conv1d
