// Forward and backward data of the "direct" backend as one dilated correlation (the same mapping as
// xsmm's Algorithms 2 and 3): out[r][x] = sum_c sum_t W[t][r][c] * src[c][x + offset + t*d], zero outside
// the source. Forward: src = input (C, W), out = output (K, Q), offset 0. Backward data: src = diff_dst
// (K, Q), out = diff_src (C, W), taps flipped, offset -(S-1)d. T is float or bf16_t (element_traits.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "conv1d/kernel.hpp"
#include "kernels/common/scratch.hpp"
#include "kernels/direct/blocking.hpp"
#include "kernels/direct/element_traits.hpp"
#include "kernels/direct/microkernels.hpp"

namespace conv1d::direct {

struct CorrShape {
    int64_t batch = 1;
    int64_t src_rows = 1, src_len = 1;
    int64_t out_rows = 1, out_len = 1;
    int64_t taps = 1, dilation = 1;
    int64_t offset = 0;  // source column of output column 0 for tap 0
};

template <class T>
class Correlation {
public:
    using Traits = DirectTraits<T>;
    using Src = typename Traits::Src;
    Correlation(const CorrShape& shape, const MicroKernels& kernels, int threads);
    // Reads the weights, tap(t, r, c) = W[t][r][c], into the micro-kernels' layout (at every bind of the plan).
    void pack_taps(const std::function<T(int64_t, int64_t, int64_t)>& tap);
    void run(const T* src, T* out) const noexcept;
    PlanParams params() const;

private:
    CorrShape s_;
    const MicroKernels& k_;
    RegisterBlock block_;
    int64_t pair_rows_ = 0;  // source rows in steps of the type's granule (rows of bf16 pairs)
    int64_t width_ = 0;      // columns per work item
    int64_t window_ld_ = 0;  // leading dimension of a packed window
    int threads_ = 1;
    bool pack_all_ = false;  // copy every window, not only those at the edges
    common::Scratch<Src> taps_;  // per row block of block_.rows: [pair_rows][taps][rows of the block]
    // Source offset of each (row, tap) step, for rows src_len apart (read in place; not when every window is
    // packed) and window_ld_ apart
    std::vector<int64_t> in_place_offsets_, window_offsets_;
    std::vector<common::Scratch<Src>> window_;  // per thread: packed windows
    std::vector<common::Scratch<T>> result_;    // per thread: results of a block narrower than its tiles
};

}  // namespace conv1d::direct
