// Blocking choices of the xsmm plans, picked per shape (measurements in README.md).
#pragma once

#include <cstdint>

#include "brgemm.hpp"
#include "conv1d/problem.hpp"

namespace conv1d::xsmm {

struct Tuning {
    int64_t width_block = 64;                      // output columns per BRGEMM / per weight-gradient GEMM
    BatchVariant variant = BatchVariant::stride;   // how the BRGEMM names the S taps
    bool pack_always = true;                       // fwd/bwd-data: copy every source window to a compact scratch
    int64_t tap_group = 0;                         // fwd/bwd-data FP32: taps per BRGEMM call (0: all)
};

// The default for p (any pass, any type).
Tuning default_tuning(const Problem& p);

}  // namespace conv1d::xsmm
