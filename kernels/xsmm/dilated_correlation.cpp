#include "dilated_correlation.hpp"

#include <omp.h>

#include <algorithm>

#include "kernels/common/work_split.hpp"

namespace conv1d::xsmm {

using common::ceil_div;
using common::round_up;

template <class T>
DilatedCorrelation<T>::DilatedCorrelation(const CorrelationShape& s, const Tuning& tuning, int threads)
    : shape_(s), tuning_(tuning), threads_(std::max(1, threads)) {
    const int64_t bw = tuning_.width_block, span = (s.taps - 1) * s.dilation, granule = Traits::granule;
    src_rows_padded_ = round_up(s.src_rows, granule);
    taps_ = common::Scratch<T>(s.taps * s.out_rows * src_rows_padded_);
    window_packing_ = s.dilation <= bw;
    direct_ = Traits::has_variants && !tuning_.pack_always;
    // Whole cache lines per packed row: 16 columns of 4 bytes (an f32, or a VNNI pair of bf16).
    window_ld_ = round_up(bw + span, 16);
    tap_ld_ = round_up(bw, 16);
    acc_ld_ = round_up(bw, 16);
    // In VNNI a step of one column is `granule` elements.
    packed_tap_stride_ = window_packing_ ? granule * s.dilation : src_rows_padded_ * tap_ld_;
    group_ = Traits::has_variants && tuning_.tap_group > 0 ? std::min(tuning_.tap_group, s.taps) : s.taps;
    const int64_t widths[2] = {std::min(bw, s.out_len), s.out_len % bw};
    for (int i = 0; i < 2; ++i) {
        if (widths[i] == 0) continue;
        GemmShape g;
        g.m = widths[i];
        g.n = s.out_rows;
        g.k = src_rows_padded_;
        g.ldb = src_rows_padded_;
        g.ldc = Traits::rounds_output ? acc_ld_ : s.out_len;
        g.vnni_a = Traits::vnni;
        const int64_t tap_stride_b = src_rows_padded_ * s.out_rows;
        for (int beta = 0; beta < (group_ < s.taps ? 2 : 1); ++beta) {
            g.beta_zero = beta == 0;
            g.lda = s.src_len;
            if (direct_ && g.m <= s.src_len)  // otherwise no block of this width fits the source without packing
                direct_kernels_[i][beta] = BatchReduce<T>(tuning_.variant, g, group_, s.dilation, tap_stride_b);
            g.lda = window_packing_ ? window_ld_ : tap_ld_;
            packed_kernels_[i][beta] = BatchReduce<T>(tuning_.variant, g, group_, packed_tap_stride_, tap_stride_b);
        }
    }
    const bool any_edge = s.offset < 0 || s.offset + s.out_len + span > s.src_len;
    const int64_t pack_ld = window_packing_ ? window_ld_ : tap_ld_;
    const int64_t pack_rows = (window_packing_ ? 1 : s.taps) * src_rows_padded_;
    // LIBXSMM's BRGEMM prefetches A 16 k steps (rows of the pack, or VNNI pair rows) ahead: keep
    // those inside the buffer.
    const int64_t pack_size = (pack_rows + 16 * granule) * pack_ld;
    for (int t = 0; t < threads_; ++t) {
        pack_.emplace_back(!direct_ || any_edge ? pack_size : 0);
        if (Traits::rounds_output) acc_.emplace_back(acc_ld_ * s.out_rows);
        pointers_.emplace_back(size_t(2 * s.taps));
    }
}

template <class T>
void DilatedCorrelation<T>::pack(const T* src_image, int64_t lo, int64_t m, T* pack) const noexcept {
    const CorrelationShape& s = shape_;
    if (window_packing_) {
        Traits::pack_window(src_image, s.src_rows, s.src_len, lo, m + (s.taps - 1) * s.dilation, pack, window_ld_);
    } else {
        for (int64_t t = 0; t < s.taps; ++t)
            Traits::pack_window(src_image, s.src_rows, s.src_len, lo + t * s.dilation, m,
                                pack + t * src_rows_padded_ * tap_ld_, tap_ld_);
    }
}

template <class T>
void DilatedCorrelation<T>::run_taps(const BatchReduce<T>* kernels, const T* a, int64_t a_stride, float* c_block,
                                     const void** pointers) const noexcept {
    const int64_t taps = shape_.taps, b_stride = src_rows_padded_ * shape_.out_rows;
    for (int64_t t0 = 0; t0 < taps; t0 += group_)
        kernels[t0 == 0 ? 0 : 1](a + t0 * a_stride, taps_.data() + t0 * b_stride, c_block, pointers,
                                 static_cast<unsigned long long>(std::min(group_, taps - t0)));
}

template <class T>
void DilatedCorrelation<T>::run(const T* src, T* out) const noexcept {
    const CorrelationShape& s = shape_;
    const int64_t bw = tuning_.width_block;
    const int64_t blocks = ceil_div(s.out_len, bw);
    const int64_t span = (s.taps - 1) * s.dilation;
#pragma omp parallel num_threads(threads_)
    {
        const int tid = omp_get_thread_num();
        const common::ItemRange range = common::split_items(s.batch * blocks, tid, omp_get_num_threads());
        T* pack = pack_[tid].data();
        const void** pointers = pointers_[tid].data();
        for (int64_t item = range.begin; item < range.end; ++item) {
            const int64_t n = item / blocks, x0 = (item % blocks) * bw;
            const int64_t m = std::min(bw, s.out_len - x0);
            const int which = m == bw ? 0 : 1;
            const T* src_image = src + n * s.src_rows * s.src_len;
            T* out_block = out + n * s.out_rows * s.out_len + x0;
            float* c_block;
            if constexpr (Traits::rounds_output)
                c_block = acc_[tid].data();
            else
                c_block = out_block;
            const int64_t lo = x0 + s.offset;
            if (direct_ && lo >= 0 && lo + m + span <= s.src_len) {
                run_taps(direct_kernels_[which], src_image + lo, s.dilation, c_block, pointers);
            } else {
                this->pack(src_image, lo, m, pack);
                run_taps(packed_kernels_[which], pack, packed_tap_stride_, c_block, pointers);
            }
            if constexpr (Traits::rounds_output) {
                for (int64_t r = 0; r < s.out_rows; ++r)
                    Traits::round_array(c_block + r * acc_ld_, m, out_block + r * s.out_len);
            }
        }
    }
}

template <class T>
PlanParams DilatedCorrelation<T>::params() const {
    const std::string packed = std::string(Traits::vnni ? "vnni_" : "") + (window_packing_ ? "window" : "taps");
    PlanParams params = {{"width_block", std::to_string(tuning_.width_block)},
                         {"brgemm_variant", to_string(tuning_.variant)},
                         {"pack", direct_ ? "edges" : packed}};
    if (Traits::has_variants) params.push_back({"tap_group", std::to_string(group_)});
    params.push_back({"threads", std::to_string(threads_)});
    return params;
}

template class DilatedCorrelation<float>;
template class DilatedCorrelation<bf16_t>;

}  // namespace conv1d::xsmm
