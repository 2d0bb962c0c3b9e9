// Blocking choices of the xsmm plans, picked per shape and CPU (measurements in README.md).
#pragma once

#include <cstdint>

#include "brgemm.hpp"
#include "conv1d/cpu.hpp"
#include "conv1d/problem.hpp"

namespace conv1d::xsmm {

struct Tuning {
    int64_t width_block = 64;                      // output columns per BRGEMM / per weight-gradient GEMM
    BatchVariant variant = BatchVariant::stride;   // how the BRGEMM names the S taps
    // Forward / backward data, FP32: copy every source window to a compact scratch (false: only the
    // blocks that leave the source; the others are read straight from the tensor).
    bool pack_always = true;
    // Forward / backward data, FP32: taps per BRGEMM call (0: all S in one call). Smaller groups
    // shrink the part of the window and of the weights one call sweeps for each of its n register
    // blocks, so they stay in L1; the output block is then accumulated over S/group calls (beta = 1
    // after the first).
    int64_t tap_group = 0;
    // Backward weight, FP32: the GEMM computes K rounded up to a multiple of this (the extra rows of
    // the transposed diff_dst block are zero).
    int64_t gemm_rows_multiple = 1;
};

// The default for p (any pass, any type) on a CPU with these features.
Tuning default_tuning(const Problem& p, const CpuFeatures& cpu);

}  // namespace conv1d::xsmm
