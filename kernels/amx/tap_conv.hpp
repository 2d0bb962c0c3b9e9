// Forward (FWD_D) and backward-data (BWD_D) passes, which are the same computation on AMX:
//   Out[m][w] = sum_s sum_r Wt[m][r][s] * Src[r][w + s*d]          (w < Wout)
// FWD_D: Src = input (C x W),    Out = output (K x Q),  Wt = weight.
// BWD_D: Src = diff_dst (K x Q) seen with (S-1)*d zeros on the left, Out = diff_src (C x W),
//        Wt[c][k][s] = weight[k][c][S-1-s] (taps flipped), which turns the transposed
//        convolution into a forward one.
#pragma once

#include <memory>

#include "conv1d/kernel.hpp"

namespace conv1d::amx {

// p.pass must be FWD_D or BWD_D and p.dt bf16. Packs the weights now and at every bind (they must be filled).
std::unique_ptr<Plan> make_tap_conv_plan(const Problem& p, const Tensors& t, int threads);

}  // namespace conv1d::amx
