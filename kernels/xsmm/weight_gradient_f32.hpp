// FP32 backward weight (paper Alg. 4): per image, width block and tap one small GEMM
//   acc[s] (K x C, column-major) += dyT (K x bw) * In[:, q0+s*d : q0+s*d+bw]^T viewed as (bw x C, ld W)
// where dyT is the block of diff_dst transposed into (bw, K) once per block (LIBXSMM 1.17 cannot
// transpose A, and the reduction runs along the width, the contiguous axis of both tensors), and
// In is read from a compact copy of the block's input window (C x (bw + (S-1)d)) rather than
// from C rows a whole image width apart (one DTLB miss per broadcast column otherwise).
// Every thread accumulates into its own f32 partial [S][C][K]; after a barrier the partials are
// summed (each thread a slice of K) straight into the (K, C, S) result, so there are no races.
#pragma once

#include <vector>

#include "aligned_buffer.hpp"
#include "brgemm.hpp"
#include "conv1d/kernel.hpp"

namespace conv1d::xsmm {

struct WeightGradientTuning {
    int64_t width_block = 64;
};

class WeightGradientF32 {
public:
    WeightGradientF32(const Problem& p, const WeightGradientTuning& tuning, int threads);
    void run(const float* input, const float* diff_dst, float* diff_wei) const noexcept;
    PlanParams params() const;

private:
    Problem p_;
    WeightGradientTuning tuning_;
    int threads_;
    bool window_packing_;  // one input window per block (d <= bw) or S slices (d > bw)
    int64_t window_ld_;
    int64_t k_rows_;                                  // K, or K rounded up to 8 on AVX2 (see the constructor)
    SmallGemm<float> gemm_[2];                        // [0] full blocks, [1] the narrower last block
    mutable std::vector<AlignedBuffer<float>> acc_;   // per thread [S][C][k_rows_]
    mutable std::vector<AlignedBuffer<float>> dyt_;   // per thread [bw][k_rows_]
    mutable std::vector<AlignedBuffer<float>> window_;  // per thread [C][window_ld_] or [S][C][window_ld_]
};

}  // namespace conv1d::xsmm
