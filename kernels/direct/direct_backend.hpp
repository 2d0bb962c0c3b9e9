// The "direct" backend: our own register-blocked kernels (intrinsics, specialised at plan time by choosing
// from tables of templated micro-kernels), on the PyTorch layouts without reorders. FP32 on AVX-512 or
// AVX2 + FMA. See README.md.
#pragma once

#include "conv1d/kernel.hpp"

namespace conv1d {

const Backend& direct_backend();

}  // namespace conv1d
