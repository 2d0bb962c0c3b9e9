// The naive reference, the oracle every other backend is verified against.
// Straight from the paper's equation (2): Out(n,k,q) = sum_c sum_s In(n,c,q+s*d) * Weight(k,c,s).
// f32: float in, float accumulate, float out. bf16: bf16 in, float accumulate, one
// round-to-nearest-even conversion to bf16 at the end.
#pragma once

#include <memory>

#include "conv1d/kernel.hpp"

namespace conv1d {

// Computes p.pass on t (PyTorch layouts), overwriting the tensor the pass writes.
void reference_pass(const Problem& p, const Tensors& t);

// The same loops in double on float64 tensors (p.dt is ignored): the PyTorch extension's path for
// torch.autograd.gradcheck (torch_ext/).
void reference_pass_f64(const Problem& p, const Tensors& t);

// The reference as a backend ("ref"), so it can be run and timed like any other.
const Backend& reference_backend();

}  // namespace conv1d
