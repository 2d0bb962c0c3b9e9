// The engine behind the FP32 forward (paper Alg. 2) and backward-data (Alg. 3) passes. Both are
//   out[n][r][x] = sum_t sum_j src[n][j][x + offset + t*d] * taps[t][r][j]   (src is zero outside [0, src_len))
// forward:       src = input (C, W),  out = output (K, Q),  taps[t] = weight[:, :, t],      offset = 0
// backward data: src = diff_dst (K, Q), out = diff_src (C, W), taps[t] = weight[:, :, S-1-t]^T, offset = -(S-1)*d
//
// Per image and output width block of bw columns, one BRGEMM over the S taps:
//   out block (bw x out_rows, column-major, ld out_len)  =  sum_t  src window_t (bw x src_rows, ld src_len)
//                                                                 * taps[t] (src_rows x out_rows, ld src_rows)
// so the width is the vector (m) dimension and the taps of one block are a constant stride d
// apart (the strd variant).
//
// Where A comes from (the source window of a block, src_rows x (bw + (S-1)*d)):
//  - direct: straight from the PyTorch tensor. Each of the src_rows rows is a separate page
//    (ld = the whole width), so the k loop of the kernel takes a DTLB miss per step.
//  - window pack: the window is copied (zero outside the source) into a compact per-thread
//    scratch first; costs src_rows*(bw+span) copies per block against out_rows*src_rows*S*bw FMAs.
//  - tap pack: when d > bw the window is mostly gaps, so only the S used slices (bw wide) are copied.
// Blocks whose window leaves the source (the edge blocks of backward data) are always packed,
// so the gradient tensor is never padded as a whole.
#pragma once

#include <cstdint>
#include <vector>

#include "aligned_buffer.hpp"
#include "brgemm.hpp"
#include "conv1d/kernel.hpp"

namespace conv1d::xsmm {

struct CorrelationShape {
    int64_t batch = 1;
    int64_t src_rows = 1, src_len = 1;  // j, and the width of the source
    int64_t out_rows = 1, out_len = 1;  // r, and the width of the result
    int64_t taps = 1, dilation = 1;
    int64_t offset = 0;                 // source column of output column 0 for tap 0
};

struct CorrelationTuning {
    int64_t width_block = 64;
    BatchVariant variant = BatchVariant::stride;
    bool pack_always = true;  // pack every block (false: only the blocks that leave the source)
    // Taps per BRGEMM call (0: all S in one call). Smaller groups shrink the part of the window
    // and of the weights one call sweeps for each of its n register blocks, so they stay in L1;
    // the output block is then accumulated over S/group calls (beta = 1 after the first).
    int64_t tap_group = 0;
};

class DilatedCorrelationF32 {
public:
    // taps: [taps][out_rows][src_rows] (each tap column-major src_rows x out_rows).
    DilatedCorrelationF32(const CorrelationShape& shape, const CorrelationTuning& tuning, AlignedBuffer<float> taps,
                          int threads);
    void run(const float* src, float* out) const noexcept;
    PlanParams params() const;
    const CorrelationTuning& tuning() const { return tuning_; }

private:
    // Copies columns [lo, lo + m + span) of every source row into pack (ld window_ld_), zero outside the source.
    void pack_window(const float* src_image, int64_t lo, int64_t m, float* pack) const noexcept;
    // Copies the S slices (columns lo + t*d .. + m) into pack (tap-major, ld tap_ld_), zero outside the source.
    void pack_taps(const float* src_image, int64_t lo, int64_t m, float* pack) const noexcept;

    CorrelationShape shape_;
    CorrelationTuning tuning_;
    AlignedBuffer<float> taps_;
    int threads_;
    // Runs the S taps of one block as BRGEMM calls of at most group_ taps; kernels[beta]:
    // [0] writes the block (first call), [1] accumulates. a_stride: elements between taps in A.
    void run_taps(const BatchReduce<float, float>* kernels, const float* a, int64_t a_stride, float* out_block,
                  const void** pointers) const noexcept;

    bool window_packing_;  // pack windows (d <= bw) or tap slices (d > bw)
    int64_t window_ld_, tap_ld_, group_;
    // [width][beta]: width 0 full blocks, 1 the last, narrower block (if any); beta 0 or 1.
    BatchReduce<float, float> direct_[2][2], packed_[2][2];
    mutable std::vector<AlignedBuffer<float>> pack_;          // per thread
    mutable std::vector<std::vector<const void*>> pointers_;  // per thread, for the address variant
};

}  // namespace conv1d::xsmm
