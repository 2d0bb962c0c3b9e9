// The engine behind the FP32 forward (paper Alg. 2) and backward-data (Alg. 3) passes. Both are
//   out[n][r][x] = sum_t sum_j src[n][j][x + offset + t*d] * taps[t][r][j]   (src is zero outside [0, src_len))
// forward:       src = input (C, W),  out = output (K, Q),  taps[t] = weight[:, :, t],      offset = 0
// backward data: src = diff_dst (K, Q), out = diff_src (C, W), taps[t] = weight[:, :, S-1-t]^T, offset = -(S-1)*d
//
// Per image and output width block of bw columns, one BRGEMM over the S taps:
//   out block (bw x out_rows, column-major, ld out_len)  =  sum_t  src window_t (bw x src_rows, ld src_len)
//                                                                 * taps[t] (src_rows x out_rows, ld src_rows)
// so the width is the vector (m) dimension, the PyTorch layouts are used as they are, and the taps
// of one block are a constant stride d apart (the strd variant). Blocks whose window leaves the
// source (only the edge blocks of backward data) copy their S windows, zero-padded, into a small
// per-thread scratch instead of padding the whole tensor.
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
    // Copies the S source windows of one block (columns lo + t*d .. + m) into pack, zero outside the source.
    void pack_windows(const float* src_image, int64_t lo, int64_t m, float* pack) const noexcept;

    CorrelationShape shape_;
    CorrelationTuning tuning_;
    AlignedBuffer<float> taps_;
    int threads_;
    int64_t pack_ld_;
    // [0] full blocks, [1] the last, narrower block (if any).
    BatchReduce<float, float> direct_[2], packed_[2];
    mutable std::vector<AlignedBuffer<float>> pack_;          // per thread
    mutable std::vector<std::vector<const void*>> pointers_;  // per thread, for the address variant
};

}  // namespace conv1d::xsmm
