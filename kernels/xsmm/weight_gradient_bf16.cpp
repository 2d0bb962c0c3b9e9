#include "weight_gradient_bf16.hpp"

#include <omp.h>

#include <algorithm>

#include "bf16_pack.hpp"
#include "weight_partials.hpp"
#include "work_split.hpp"

namespace conv1d::xsmm {

WeightGradientBF16::WeightGradientBF16(const Problem& p, const WeightGradientTuning& tuning, int threads)
    : p_(p), tuning_(tuning), threads_(std::max(1, threads)) {
    const int64_t bw = tuning_.width_block, Q = p.Q(), span = (p.S - 1) * p.d;
    const int64_t bw_even = round_up(bw, 2);
    window_packing_ = p.d <= bw;  // else copy the S slices of the block instead of a gappy window
    window_ld_ = round_up(window_packing_ ? bw_even + span : bw_even, 32);  // even, as the bf16 GEMM needs for ldb
    const int64_t widths[2] = {std::min(bw, Q), Q % bw};
    for (int i = 0; i < 2; ++i) {
        // the bf16 GEMM reduces pairs: an odd width gets a zero partner (packed that way)
        if (widths[i] != 0) gemm_[i] = SmallGemm<bf16_t>(tap_gradient_shape(p, round_up(widths[i], 2), window_ld_, true, p.K));
    }
    for (int t = 0; t < threads_; ++t) {
        acc_.emplace_back(size_t(p.S * p.C * p.K));
        dyt_.emplace_back(size_t(bw_even * p.K));
        window_.emplace_back(size_t((window_packing_ ? 1 : p.S) * p.C * window_ld_));
    }
}

void WeightGradientBF16::run(const bf16_t* input, const bf16_t* diff_dst, bf16_t* diff_wei) const noexcept {
    const int64_t N = p_.N, C = p_.C, K = p_.K, W = p_.W, S = p_.S, d = p_.d, Q = p_.Q();
    const int64_t bw = tuning_.width_block, span = (S - 1) * d;
    const int64_t blocks = ceil_div(Q, bw);
#pragma omp parallel num_threads(threads_)
    {
        const int tid = omp_get_thread_num(), nt = omp_get_num_threads();
        float* acc = acc_[tid].data();
        bf16_t* dyt = dyt_[tid].data();
        bf16_t* window = window_[tid].data();
        std::fill(acc, acc + S * C * K, 0.f);
        const ItemRange range = split_items(N * blocks, tid, nt);
        for (int64_t item = range.begin; item < range.end; ++item) {
            const int64_t n = item / blocks, q0 = (item % blocks) * bw;
            const int64_t m = std::min(bw, Q - q0), m_even = round_up(m, 2);
            pack_vnni_transposed(diff_dst + n * K * Q + q0, Q, K, m, dyt);
            const SmallGemm<bf16_t>& gemm = gemm_[m == bw ? 0 : 1];
            const bf16_t* image = input + n * C * W;
            if (window_packing_) {
                pack_rows(image, C, W, q0, m + span, m_even + span, window, window_ld_);
                for (int64_t s = 0; s < S; ++s) gemm(dyt, window + s * d, acc + s * C * K);
            } else {
                for (int64_t s = 0; s < S; ++s) {
                    bf16_t* slice = window + s * C * window_ld_;
                    pack_rows(image, C, W, q0 + s * d, m, m_even, slice, window_ld_);
                    gemm(dyt, slice, acc + s * C * K);
                }
            }
        }
#pragma omp barrier
        sum_partials(acc_, nt, tid, K, K, C, S, diff_wei, float_to_bf16);
    }
}

PlanParams WeightGradientBF16::params() const {
    return {{"width_block", std::to_string(tuning_.width_block)},
            {"pack", window_packing_ ? "window" : "taps"},
            {"threads", std::to_string(threads_)}};
}

}  // namespace conv1d::xsmm
