// The LIBXSMM BRGEMM backend ("xsmm"): the paper's Algorithms 2-4, FP32 and AVX512-BF16.
#pragma once

#include "conv1d/kernel.hpp"

namespace conv1d {

const Backend& xsmm_backend();

}  // namespace conv1d
