// Every blocking decision of the "direct" backend, in one place: register blocks from a cost model of
// the micro-kernel's inner step, cache blocks from the cache sizes. CONV1D_DIRECT_BLOCKING overrides the
// register block ("RxN": rows x vectors, or rows x taps for the weight gradient) to measure others.
#pragma once

#include <cstdint>

#include "kernels/direct/microkernels.hpp"

namespace conv1d::direct {

struct RegisterBlock {
    int rows = 1;  // result rows held (output channels; input channels in backward data)
    int cols = 1;  // vectors of width (correlation) or taps (weight gradient)
};

// For the correlation: result rows `rows`; for the weight gradient: diff_dst rows `rows`, taps `taps`.
RegisterBlock correlation_block(const MicroKernels& m, int64_t rows);
RegisterBlock weight_grad_block(const MicroKernels& m, int64_t rows, int64_t taps);

// Width of the blocks the correlation's threads share out (a multiple of the register block's width):
// the window of a block, src_rows x (width + span) floats, stays in the L2 of its core.
int64_t correlation_block_width(const MicroKernels& m, RegisterBlock b, int64_t src_rows, int64_t span,
                                int64_t out_len);
// Columns of a weight-gradient chunk (a multiple of a vector's elements): diff_dst rows of a register block
// and one source row stay in L1.
int64_t weight_grad_chunk(const MicroKernels& m, RegisterBlock b, int64_t span);

}  // namespace conv1d::direct
