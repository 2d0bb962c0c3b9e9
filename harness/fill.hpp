// benchdnn-style data for verification: small nonzero integers from a fixed seed, chosen so that
// every partial sum of the pass is an integer below 2^23 (fill_plan() keeps a factor two of headroom
// under 2^24, up to which float holds every integer) and hence exact in float, whatever the
// summation order. Then any correct kernel must match the reference bit for bit.
#pragma once

#include <cstdint>

#include "conv1d/tensors.hpp"

namespace conv1d {

struct FillPlan {
    int64_t magnitude = 4;  // values are drawn from [-magnitude, magnitude] \ {0}
    int64_t thinning = 1;   // only every thinning-th element of the first factor is nonzero
};

// The value range and thinning that keep p's partial sums exact.
FillPlan fill_plan(const Problem& p);

// The seed verification fills with unless a test asks for other data.
constexpr uint64_t kDefaultSeed = 0x5eed;

// Fills the tensors the pass reads (deterministic per element index, independent of thread count)
// and sets every element of the tensor it writes to NaN, so an element a kernel forgets shows up.
void fill_inputs(const Problem& p, const Tensors& t, uint64_t seed = kDefaultSeed);

// NaN in the pass's output tensor.
void poison_output(const Problem& p, const Tensors& t);

}  // namespace conv1d
