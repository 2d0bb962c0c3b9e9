#include "weight_gradient_f32.hpp"

#include <omp.h>

#include <algorithm>

#include "conv1d/cpu.hpp"
#include "pack_f32.hpp"
#include "weight_partials.hpp"
#include "work_split.hpp"

namespace conv1d::xsmm {

WeightGradientF32::WeightGradientF32(const Problem& p, const WeightGradientTuning& tuning, int threads)
    : p_(p), tuning_(tuning), threads_(std::max(1, threads)),
      // AVX2 has no mask registers: LIBXSMM finishes a K that is not a multiple of 8 with vmaskmovps,
      // which made C = K = 15 4.5x slower than C = K = 16 on an EPYC (15 vs 68 GFLOP/s, 1 thread). So
      // there the GEMM computes K rounded up to 8 rows, the extra rows of dyT being zero.
      k_rows_(cpu_features().avx512f ? p.K : round_up(p.K, 8)) {
    const int64_t bw = tuning_.width_block, Q = p.Q();
    // d > bw: the window would be mostly gaps, so copy the S slices of bw columns instead.
    window_packing_ = p.d <= bw;
    window_ld_ = round_up(window_packing_ ? bw + (p.S - 1) * p.d : bw, 16);
    const int64_t widths[2] = {std::min(bw, Q), Q % bw};
    for (int i = 0; i < 2; ++i) {
        if (widths[i] != 0) gemm_[i] = SmallGemm<float>(tap_gradient_shape(p, widths[i], window_ld_, false, k_rows_));
    }
    for (int t = 0; t < threads_; ++t) {
        acc_.emplace_back(size_t(p.S * p.C * k_rows_));
        dyt_.emplace_back(size_t(bw * k_rows_));  // zeroed: rows K..k_rows_ stay zero
        window_.emplace_back(size_t((window_packing_ ? 1 : p.S) * p.C * window_ld_));
    }
}

void WeightGradientF32::run(const float* input, const float* diff_dst, float* diff_wei) const noexcept {
    const int64_t N = p_.N, C = p_.C, K = p_.K, W = p_.W, S = p_.S, d = p_.d, Q = p_.Q();
    const int64_t bw = tuning_.width_block, rows = k_rows_;
    const int64_t blocks = ceil_div(Q, bw);
#pragma omp parallel num_threads(threads_)
    {
        const int tid = omp_get_thread_num(), nt = omp_get_num_threads();
        float* acc = acc_[tid].data();
        float* dyt = dyt_[tid].data();
        float* window = window_[tid].data();
        std::fill(acc, acc + S * C * rows, 0.f);
        const ItemRange range = split_items(N * blocks, tid, nt);
        for (int64_t item = range.begin; item < range.end; ++item) {
            const int64_t n = item / blocks, q0 = (item % blocks) * bw;
            const int64_t m = std::min(bw, Q - q0);
            const float* dy = diff_dst + n * K * Q + q0;
            for (int64_t k = 0; k < K; ++k)
                for (int64_t q = 0; q < m; ++q) dyt[q * rows + k] = dy[k * Q + q];
            const SmallGemm<float>& gemm = gemm_[m == bw ? 0 : 1];
            const float* image = input + n * C * W;
            if (window_packing_) {
                copy_window(image, C, W, q0, m + (S - 1) * d, window, window_ld_);
                for (int64_t s = 0; s < S; ++s) gemm(dyt, window + s * d, acc + s * C * rows);
            } else {
                for (int64_t s = 0; s < S; ++s) {
                    float* slice = window + s * C * window_ld_;
                    copy_window(image, C, W, q0 + s * d, m, slice, window_ld_);
                    gemm(dyt, slice, acc + s * C * rows);
                }
            }
        }
#pragma omp barrier
        // Sum the partials of all threads; each thread owns a slice of filters k.
        sum_partials(acc_, nt, tid, K, rows, C, S, diff_wei, [](float v) { return v; });
    }
}

PlanParams WeightGradientF32::params() const {
    return {{"width_block", std::to_string(tuning_.width_block)},
            {"pack", window_packing_ ? "window" : "taps"},
            {"gemm_rows", std::to_string(k_rows_)},
            {"threads", std::to_string(threads_)}};
}

}  // namespace conv1d::xsmm
