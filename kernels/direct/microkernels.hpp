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

// Element types: f32 kernels read and write float; bf16 kernels (AVX512-BF16, vdpbf16ps) read the
// correlation's source and weights as VNNI pairs (uint32_t: two bf16 of consecutive reduction rows), the
// weight gradient's operands as plain bf16 rows (consecutive columns are the pairs), and write bf16 rounded
// to nearest even. Pointers are void here; each table's kernels know their types.

// out[r][x] = sum_{i < steps} w[i][r] * src[offsets[i] + x], for r < rows (the kernel's row block) and
// x < vecs * lanes * tiles: `tiles` register blocks side by side along the width. A step is a (source row c,
// tap t) pair (a pair of rows for bf16), offsets[c * taps + t] = c * (row stride) + t * dilation in source
// elements; src must be readable up to offsets[i] + x; w is the row block's packed taps ([steps][rows]);
// out rows are out_ld elements apart.
struct CorrArgs {
    const void* src;
    const int64_t* offsets;
    int64_t steps;
    const void* w;
    void* out;
    int64_t out_ld;
    int64_t tiles;
};
using CorrKernel = void (*)(const CorrArgs&);

// acc[r][t] (+)= dy[r][q] * x[q + t * dilation] over q < len elements (a multiple of a vector's elements),
// kept per lane: acc is [rows][taps_block][lanes] floats, accumulated into or overwritten. dy rows are
// dy_ld elements apart.
struct WgradArgs {
    const void* dy;
    int64_t dy_ld;
    const void* x;
    int64_t dilation;
    int64_t len;
    float* acc;
    bool accumulate;
};
using WgradKernel = void (*)(const WgradArgs&);

struct MicroKernels {
    int lanes = 0;                  // f32 accumulators per vector
    int elems_per_lane = 1;         // weight-gradient elements per lane: 1 (f32), 2 (a bf16 pair)
    double load_cycles = 0;         // extra cycles per vector load in the blocking model (blocking.cpp)
    // corr[rows][vecs], wgrad[rows][taps]: index 0 unused; null where the block does not fit the registers.
    CorrKernel corr[kMaxRows + 1][kMaxVecs + 1] = {};
    WgradKernel wgrad[kMaxRows + 1][kMaxVecs + 1] = {};
};

// Call only on a CPU with the ISA (the backend checks the ISA table first).
const MicroKernels& avx512_kernels();       // f32, AVX-512
const MicroKernels& avx2_kernels();         // f32, AVX2 + FMA
const MicroKernels& avx512_bf16_kernels();  // bf16, AVX512-BF16

}  // namespace conv1d::direct
