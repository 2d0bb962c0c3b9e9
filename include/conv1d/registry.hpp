// All backends, in a fixed order. Adding a backend is one line in harness/registry.cpp.
#pragma once

#include <string>
#include <vector>

#include "conv1d/kernel.hpp"

namespace conv1d {

const std::vector<const Backend*>& all_backends();
// Throws UsageError naming the known backends when `name` is not one.
const Backend& find_backend(const std::string& name);

}  // namespace conv1d
