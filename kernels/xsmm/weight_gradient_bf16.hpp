// BF16 backward weight: the FP32 scheme of weight_gradient_f32.hpp on bf16 small GEMMs with f32
// accumulation. The reduction runs along the width, so the diff_dst block is packed into VNNI
// pairs of columns (a 32-bit transpose, dyT[q/2][k][q%2]) and the input rows of the block's
// window are copied with a zero tail (the bf16 GEMM needs an even reduction and an even ldb).
// Per-thread f32 partials [S][C][K] are summed after a barrier and rounded to bf16 once.
#pragma once

#include <vector>

#include "aligned_buffer.hpp"
#include "brgemm.hpp"
#include "conv1d/kernel.hpp"
#include "weight_gradient_f32.hpp"

namespace conv1d::xsmm {

class WeightGradientBF16 {
public:
    WeightGradientBF16(const Problem& p, const WeightGradientTuning& tuning, int threads);
    void run(const bf16_t* input, const bf16_t* diff_dst, bf16_t* diff_wei) const noexcept;
    PlanParams params() const;

private:
    Problem p_;
    WeightGradientTuning tuning_;
    int threads_;
    bool window_packing_;  // one input window per block (d <= bw) or S slices (d > bw)
    int64_t window_ld_;
    SmallGemm<bf16_t> gemm_[2];                       // [0] full blocks, [1] the narrower last block
    mutable std::vector<AlignedBuffer<float>> acc_;   // per thread [S][C][K]
    mutable std::vector<AlignedBuffer<bf16_t>> dyt_;  // per thread [bw/2][K][2]
    mutable std::vector<AlignedBuffer<bf16_t>> window_;  // per thread [C][window_ld_] or [S][C][window_ld_]
};

}  // namespace conv1d::xsmm
