// Backward weight (paper Alg. 4): per image, width block and tap one small GEMM
//   acc[s] (K x C, column-major) += dyT (K x bw) * In[:, q0+s*d : q0+s*d+bw]^T viewed as (bw x C, ld W)
// where dyT is the block of diff_dst transposed into (bw, K) once per block (LIBXSMM 1.17 cannot
// transpose A, and the reduction runs along the width, the contiguous axis of both tensors), and
// In is read from a compact copy of the block's input window (C x (bw + (S-1)d)) rather than
// from C rows a whole image width apart (one DTLB miss per broadcast column otherwise).
// BF16: the reduction comes in pairs, so dyT is packed into VNNI pairs of columns (a 32-bit
// transpose, dyT[q/2][k][q%2]) and the input rows of the window are copied with a zero tail (an
// odd width gets a zero partner; the bf16 GEMM needs an even reduction and an even ldb).
// Every thread accumulates into its own f32 partial [S][C][K]; the partials are summed straight
// into the (K, C, S) result (kernels/common/partials.hpp), rounded once for bf16, so there are no races.
#pragma once

#include <vector>

#include "brgemm.hpp"
#include "conv1d/kernel.hpp"
#include "element_traits.hpp"
#include "kernels/common/partials.hpp"
#include "kernels/common/scratch.hpp"
#include "tuning.hpp"

namespace conv1d::xsmm {

template <class T>
class WeightGradient {
public:
    WeightGradient(const Problem& p, const Tuning& tuning, int threads);
    void run(const T* input, const T* diff_dst, T* diff_wei) const noexcept;
    PlanParams params() const;

private:
    using Traits = XsmmTraits<T>;
    Problem p_;
    Tuning tuning_;
    int threads_;
    int64_t k_rows_;        // K, or K rounded up to tuning.gemm_rows_multiple
    bool window_packing_;   // one input window per block (d <= bw) or S slices (d > bw)
    int64_t window_ld_;
    SmallGemm<T> gemm_[2];  // [0] full blocks, [1] the narrower last block
    mutable common::ThreadPartials partials_;         // per thread [S][C][k_rows_]
    mutable std::vector<common::Scratch<T>> dyt_;     // per thread [bw][k_rows_] (bf16: [bw/2][k_rows_][2])
    mutable std::vector<common::Scratch<T>> window_;  // per thread [C][window_ld_] or [S][C][window_ld_]
};

}  // namespace conv1d::xsmm
