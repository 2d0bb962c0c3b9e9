// Backward-weight pass (BWD_W) on AMX:
//   diff_wei[k][c][s] = sum_n sum_q In[n][c][q + s*d] * diff_dst[n][k][q]
// The reduction runs over q. A tiles are read straight from the input (16 channels x 32 q, rows W
// apart; tap s is just an offset of s*d), B tiles from diff_dst re-laid as q-pairs x k (VNNI),
// built inside execute(). Each thread accumulates its (n, q-range) share into its own f32 partial
// gradient; the partials are summed once at the end (no races).
#pragma once

#include <memory>

#include "conv1d/kernel.hpp"

namespace conv1d::amx {

// p.pass must be BWD_W and p.dt bf16.
std::unique_ptr<Plan> make_weight_grad_plan(const Problem& p, const Tensors& t, int threads);

}  // namespace conv1d::amx
