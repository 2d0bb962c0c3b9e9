// The oneDNN baseline ("onednn"): oneDNN's direct convolution for all three passes, f32 and bf16.
#pragma once

#include <string>

#include "conv1d/kernel.hpp"

namespace conv1d {

// "onednn" for the oneDNN linked in; built as a plugin, "onednn-<major>.<minor>" (onednn_plugin.cpp).
const Backend& onednn_backend();
// The version of the oneDNN library the backend's calls reach, asked at run time ("2.6.3").
std::string onednn_library_version();

}  // namespace conv1d
