// The oneDNN baseline ("onednn"): oneDNN's direct convolution for all three passes, f32 and bf16.
#pragma once

#include "conv1d/kernel.hpp"

namespace conv1d {

const Backend& onednn_backend();

}  // namespace conv1d
