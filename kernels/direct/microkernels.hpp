// The micro-kernels of the "direct" backend and their tables, one table per ISA. A micro-kernel keeps a
// block of results in vector registers for a whole reduction; the frames (correlation.cpp,
// weight_grad.cpp) are ISA-free C++ that choose blocks, pack edges, thread, and call these through the
// table (BLIS's split of frame and micro-kernel). The tables are filled by templates over the vector
// type in microkernels_avx512.cpp and microkernels_avx2.cpp, each compiled for its ISA behind a
// `#pragma GCC target`; nothing else is, so no ISA-specific code can leak into shared inline functions.
#pragma once

#include <cstdint>

namespace conv1d::direct {

// Register block limits of the tables (rows of results x vectors of width).
constexpr int kMaxRows = 16;
constexpr int kMaxVecs = 8;

// out[r][x] = sum_{i < steps} w[i][r] * src[offsets[i] + x], for r < rows (the kernel's row block) and
// x < vecs * lanes * tiles: `tiles` register blocks side by side along the width. A step is a (source row c,
// tap t) pair, offsets[c * taps + t] = c * (row stride) + t * dilation; src must be readable up to
// offsets[i] + x; w is the row block's packed taps ([steps][rows]); out rows are out_ld apart.
struct CorrArgs {
    const float* src;
    const int64_t* offsets;
    int64_t steps;
    const float* w;
    float* out;
    int64_t out_ld;
    int64_t tiles;
};
using CorrKernel = void (*)(const CorrArgs&);

// acc[r][t] (+)= dy[r][q] * x[q + t * dilation] over q < len (a multiple of lanes), kept per lane: acc is
// [rows][taps_block][lanes] floats, accumulated into (beta 1) or overwritten (beta 0). dy rows are dy_ld apart.
struct WgradArgs {
    const float* dy;
    int64_t dy_ld;
    const float* x;
    int64_t dilation;
    int64_t len;
    float* acc;
    bool accumulate;
};
using WgradKernel = void (*)(const WgradArgs&);

struct MicroKernels {
    int lanes = 0;                  // floats per vector
    int registers = 0;              // vector registers (the blocking budget)
    double load_cycles = 0;         // extra cycles per vector load in the blocking model (blocking.cpp)
    // corr[rows][vecs], wgrad[rows][taps]: index 0 unused; null where the block does not fit the registers.
    CorrKernel corr[kMaxRows + 1][kMaxVecs + 1] = {};
    WgradKernel wgrad[kMaxRows + 1][kMaxVecs + 1] = {};
};

// Call only on a CPU with the ISA (the backend checks the ISA table first).
const MicroKernels& avx512_kernels();
const MicroKernels& avx2_kernels();

}  // namespace conv1d::direct
