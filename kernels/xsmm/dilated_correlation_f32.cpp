#include "dilated_correlation_f32.hpp"

#include <omp.h>

#include <algorithm>

#include "pack_f32.hpp"
#include "work_split.hpp"

namespace conv1d::xsmm {

DilatedCorrelationF32::DilatedCorrelationF32(const CorrelationShape& s, const CorrelationTuning& tuning,
                                             AlignedBuffer<float> taps, int threads)
    : shape_(s), tuning_(tuning), taps_(std::move(taps)), threads_(std::max(1, threads)) {
    const int64_t bw = tuning_.width_block, span = (s.taps - 1) * s.dilation;
    window_packing_ = s.dilation <= bw;
    window_ld_ = round_up(bw + span, 16);  // whole cache lines per packed row
    tap_ld_ = round_up(bw, 16);
    group_ = tuning_.tap_group > 0 ? std::min(tuning_.tap_group, s.taps) : s.taps;
    const int64_t tail = s.out_len % bw;
    const int64_t widths[2] = {std::min(bw, s.out_len), tail};
    for (int i = 0; i < 2; ++i) {
        if (widths[i] == 0) continue;
        GemmShape g;
        g.m = widths[i];
        g.n = s.out_rows;
        g.k = s.src_rows;
        g.ldb = s.src_rows;
        g.ldc = s.out_len;
        const int64_t tap_stride_b = s.src_rows * s.out_rows;
        const int64_t packed_tap_stride = window_packing_ ? s.dilation : s.src_rows * tap_ld_;
        for (int beta = 0; beta < (group_ < s.taps ? 2 : 1); ++beta) {
            g.beta_zero = beta == 0;
            g.lda = s.src_len;
            if (g.m <= s.src_len)  // otherwise no block of this width fits the source without packing
                direct_[i][beta] = BatchReduce<float, float>(tuning_.variant, g, group_, s.dilation, tap_stride_b);
            g.lda = window_packing_ ? window_ld_ : tap_ld_;
            packed_[i][beta] = BatchReduce<float, float>(tuning_.variant, g, group_, packed_tap_stride, tap_stride_b);
        }
    }
    const bool any_edge = s.offset < 0 || s.offset + s.out_len + span > s.src_len;
    const int64_t pack_rows = window_packing_ ? s.src_rows : s.taps * s.src_rows;
    // LIBXSMM's BRGEMM prefetches A 16 columns (rows of the pack) ahead: keep those inside the buffer.
    const int64_t pack_size = (pack_rows + 16) * (window_packing_ ? window_ld_ : tap_ld_);
    for (int t = 0; t < threads_; ++t) {
        pack_.emplace_back(tuning_.pack_always || any_edge ? size_t(pack_size) : 0);
        pointers_.emplace_back(size_t(2 * s.taps));
    }
}

void DilatedCorrelationF32::pack_window(const float* src_image, int64_t lo, int64_t m, float* pack) const noexcept {
    const CorrelationShape& s = shape_;
    copy_window(src_image, s.src_rows, s.src_len, lo, m + (s.taps - 1) * s.dilation, pack, window_ld_);
}

void DilatedCorrelationF32::pack_taps(const float* src_image, int64_t lo, int64_t m, float* pack) const noexcept {
    const CorrelationShape& s = shape_;
    for (int64_t t = 0; t < s.taps; ++t)
        copy_window(src_image, s.src_rows, s.src_len, lo + t * s.dilation, m, pack + t * s.src_rows * tap_ld_, tap_ld_);
}

void DilatedCorrelationF32::run_taps(const BatchReduce<float, float>* kernels, const float* a, int64_t a_stride,
                                     float* out_block, const void** pointers) const noexcept {
    const int64_t taps = shape_.taps, b_stride = shape_.src_rows * shape_.out_rows;
    for (int64_t t0 = 0; t0 < taps; t0 += group_)
        kernels[t0 == 0 ? 0 : 1](a + t0 * a_stride, taps_.data() + t0 * b_stride, out_block, pointers,
                                 static_cast<unsigned long long>(std::min(group_, taps - t0)));
}

void DilatedCorrelationF32::run(const float* src, float* out) const noexcept {
    const CorrelationShape& s = shape_;
    const int64_t bw = tuning_.width_block;
    const int64_t blocks = ceil_div(s.out_len, bw);
    const int64_t items = s.batch * blocks;
    const int64_t span = (s.taps - 1) * s.dilation;
#pragma omp parallel num_threads(threads_)
    {
        const int tid = omp_get_thread_num();
        const ItemRange range = split_items(items, tid, omp_get_num_threads());
        float* pack = pack_[tid].data();
        const void** pointers = pointers_[tid].data();
        for (int64_t item = range.begin; item < range.end; ++item) {
            const int64_t n = item / blocks, x0 = (item % blocks) * bw;
            const int64_t m = std::min(bw, s.out_len - x0);
            const int which = m == bw ? 0 : 1;
            const float* src_image = src + n * s.src_rows * s.src_len;
            float* out_block = out + n * s.out_rows * s.out_len + x0;
            const int64_t lo = x0 + s.offset;
            if (!tuning_.pack_always && lo >= 0 && lo + m + span <= s.src_len) {
                run_taps(direct_[which], src_image + lo, s.dilation, out_block, pointers);
            } else {
                if (window_packing_)
                    pack_window(src_image, lo, m, pack);
                else
                    pack_taps(src_image, lo, m, pack);
                run_taps(packed_[which], pack, window_packing_ ? s.dilation : s.src_rows * tap_ld_, out_block, pointers);
            }
        }
    }
}

PlanParams DilatedCorrelationF32::params() const {
    return {{"width_block", std::to_string(tuning_.width_block)},
            {"brgemm_variant", to_string(tuning_.variant)},
            {"pack", tuning_.pack_always ? (window_packing_ ? "window" : "taps") : "edges"},
            {"tap_group", std::to_string(group_)},
            {"threads", std::to_string(threads_)}};
}

}  // namespace conv1d::xsmm
