#include "weight_gradient.hpp"

#include <omp.h>

#include <algorithm>

#include "kernels/common/window.hpp"
#include "kernels/common/work_split.hpp"

namespace conv1d::xsmm {

using common::ceil_div;
using common::round_up;

namespace {

// acc_s (rows x C, ld rows) += dyT (rows x reduction, ld rows) * window (reduction x C, ld window_ld).
GemmShape tap_gradient_shape(const Problem& p, int64_t reduction, int64_t window_ld, bool vnni, int64_t rows) {
    GemmShape g;
    g.m = rows, g.n = p.C, g.k = reduction;
    g.lda = rows, g.ldb = window_ld, g.ldc = rows;
    g.beta_zero = false;
    g.vnni_a = vnni;
    return g;
}

}  // namespace

template <class T>
WeightGradient<T>::WeightGradient(const Problem& p, const Tuning& tuning, int threads)
    : p_(p), tuning_(tuning), threads_(std::max(1, threads)),
      k_rows_(Traits::has_variants ? round_up(p.K, tuning.gemm_rows_multiple) : p.K),
      partials_(threads_, p.S * p.C * k_rows_) {
    const int64_t bw = tuning_.width_block, Q = p.Q(), span = (p.S - 1) * p.d, granule = Traits::granule;
    const int64_t bw_padded = round_up(bw, granule);
    // d > bw: the window would be mostly gaps, so copy the S slices of bw columns instead.
    window_packing_ = p.d <= bw;
    // Whole cache lines per row (for bf16 also the even ldb its GEMM needs).
    window_ld_ = round_up(window_packing_ ? bw_padded + span : bw_padded, 64 / int64_t(sizeof(T)));
    const int64_t widths[2] = {std::min(bw, Q), Q % bw};
    for (int i = 0; i < 2; ++i) {
        if (widths[i] == 0) continue;
        gemm_[i] = SmallGemm<T>(tap_gradient_shape(p, round_up(widths[i], granule), window_ld_, Traits::vnni, k_rows_));
    }
    for (int t = 0; t < threads_; ++t) {
        dyt_.emplace_back(bw_padded * k_rows_);  // zeroed: rows K..k_rows_ stay zero
        window_.emplace_back((window_packing_ ? 1 : p.S) * p.C * window_ld_);
    }
}

template <class T>
void WeightGradient<T>::run(const T* input, const T* diff_dst, T* diff_wei) const noexcept {
    const int64_t N = p_.N, C = p_.C, K = p_.K, W = p_.W, S = p_.S, d = p_.d, Q = p_.Q();
    const int64_t bw = tuning_.width_block, rows = k_rows_, span = (S - 1) * d;
    const int64_t blocks = ceil_div(Q, bw);
#pragma omp parallel num_threads(threads_)
    {
        const int tid = omp_get_thread_num(), nt = omp_get_num_threads();
        float* acc = partials_.zeroed(tid);
        T* dyt = dyt_[tid].data();
        T* window = window_[tid].data();
        const common::ItemRange range = common::split_items(N * blocks, tid, nt);
        for (int64_t item = range.begin; item < range.end; ++item) {
            const int64_t n = item / blocks, q0 = (item % blocks) * bw;
            const int64_t m = std::min(bw, Q - q0), m_padded = round_up(m, Traits::granule);
            Traits::pack_transposed(diff_dst + n * K * Q + q0, Q, K, m, dyt, rows);
            const SmallGemm<T>& gemm = gemm_[m == bw ? 0 : 1];
            const T* image = input + n * C * W;
            if (window_packing_) {
                common::copy_window(image, C, W, q0, m + span, m_padded + span, window, window_ld_);
                for (int64_t s = 0; s < S; ++s) gemm(dyt, window + s * d, acc + s * C * rows);
            } else {
                for (int64_t s = 0; s < S; ++s) {
                    T* slice = window + s * C * window_ld_;
                    common::copy_window(image, C, W, q0 + s * d, m, m_padded, slice, window_ld_);
                    gemm(dyt, slice, acc + s * C * rows);
                }
            }
        }
        partials_.sum_if_last(
            nt, K, C, S, [C, rows](int64_t k, int64_t c, int64_t s) { return (s * C + c) * rows + k; },
            [](float v) { return Traits::round(v); }, diff_wei);
    }
}

template <class T>
PlanParams WeightGradient<T>::params() const {
    PlanParams params = {{"width_block", std::to_string(tuning_.width_block)},
                         {"pack", window_packing_ ? "window" : "taps"}};
    if (Traits::has_variants) params.push_back({"gemm_rows", std::to_string(k_rows_)});
    params.push_back({"threads", std::to_string(threads_)});
    return params;
}

template class WeightGradient<float>;
template class WeightGradient<bf16_t>;

}  // namespace conv1d::xsmm
