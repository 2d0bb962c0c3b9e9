// The engine behind the forward (paper Alg. 2) and backward-data (Alg. 3) passes. Both are
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
//  - direct (FP32 only): straight from the PyTorch tensor. Each of the src_rows rows is a separate
//    page (ld = the whole width), so the k loop of the kernel takes a DTLB miss per step.
//  - window pack: the window is copied (zero outside the source) into a compact per-thread
//    scratch first; costs src_rows*(bw+span) copies per block against out_rows*src_rows*S*bw FMAs.
//  - tap pack: when d > bw the window is mostly gaps, so only the S used slices (bw wide) are copied.
// Blocks whose window leaves the source (the edge blocks of backward data) are always packed,
// so the gradient tensor is never padded as a whole.
//
// BF16 (vdpbf16ps, f32 accumulation): the reduction rows come in pairs, so src_rows is padded to
// even with a zero row (weights at plan time, activations while packing), and every block's window
// is VNNI-packed in execute (the activation re-layout the bf16 kernel needs; zero outside the
// source, which also pads the edges of backward data). The f32 block goes to a per-thread scratch
// and is rounded once to bf16 into the output. Widths have no parity constraint.
#pragma once

#include <cstdint>
#include <vector>

#include "brgemm.hpp"
#include "conv1d/kernel.hpp"
#include "element_traits.hpp"
#include "kernels/common/scratch.hpp"
#include "tuning.hpp"

namespace conv1d::xsmm {

struct CorrelationShape {
    int64_t batch = 1;
    int64_t src_rows = 1, src_len = 1;  // j, and the width of the source
    int64_t out_rows = 1, out_len = 1;  // r, and the width of the result
    int64_t taps = 1, dilation = 1;
    int64_t offset = 0;                 // source column of output column 0 for tap 0
};

template <class T>
class DilatedCorrelation {
public:
    DilatedCorrelation(const CorrelationShape& shape, const Tuning& tuning, int threads);
    // Where the plan writes the weights at every bind: [taps][out_rows][src_rows rounded up to the granule]
    // (each tap column-major); the pad row stays zero.
    T* taps() { return taps_.data(); }
    void run(const T* src, T* out) const noexcept;
    PlanParams params() const;
    const Tuning& tuning() const { return tuning_; }

private:
    using Traits = XsmmTraits<T>;
    // Packs the window of the block at source column lo (m outputs wide), or its S tap slices.
    void pack(const T* src_image, int64_t lo, int64_t m, T* pack) const noexcept;
    // Runs the S taps of one block as BRGEMM calls of at most group_ taps; kernels[beta]:
    // [0] writes the block (first call), [1] accumulates. a_stride: elements between taps in A.
    void run_taps(const BatchReduce<T>* kernels, const T* a, int64_t a_stride, float* c_block,
                  const void** pointers) const noexcept;

    CorrelationShape shape_;
    Tuning tuning_;
    common::Scratch<T> taps_;
    int threads_;
    int64_t src_rows_padded_;  // src_rows rounded up to the granule: the GEMM's k
    bool window_packing_;      // pack windows (d <= bw) or tap slices (d > bw)
    bool direct_;              // read blocks inside the source straight from the tensor
    int64_t window_ld_, tap_ld_, group_, acc_ld_;
    int64_t packed_tap_stride_;  // elements between the taps' A blocks in the pack
    // [width][beta]: width 0 full blocks, 1 the last, narrower block (if any); beta 0 or 1.
    BatchReduce<T> direct_kernels_[2][2], packed_kernels_[2][2];
    mutable std::vector<common::Scratch<T>> pack_;            // per thread
    mutable std::vector<common::Scratch<float>> acc_;         // per thread when rounding: bw x out_rows, ld acc_ld_
    mutable std::vector<std::vector<const void*>> pointers_;  // per thread, for the address variant
};

}  // namespace conv1d::xsmm
