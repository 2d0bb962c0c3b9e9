#include "dilated_correlation_bf16.hpp"

#include <omp.h>

#include <algorithm>

#include "bf16_pack.hpp"
#include "work_split.hpp"

namespace conv1d::xsmm {

DilatedCorrelationBF16::DilatedCorrelationBF16(const CorrelationShape& s, const CorrelationTuning& tuning,
                                               AlignedBuffer<bf16_t> taps, int threads)
    : shape_(s), tuning_(tuning), taps_(std::move(taps)), threads_(std::max(1, threads)) {
    const int64_t bw = tuning_.width_block, span = (s.taps - 1) * s.dilation;
    src_rows_even_ = even(s.src_rows);
    window_packing_ = s.dilation <= bw;
    window_ld_ = round_up(bw + span, 16);
    tap_ld_ = round_up(bw, 16);
    acc_ld_ = round_up(bw, 16);
    const int64_t widths[2] = {std::min(bw, s.out_len), s.out_len % bw};
    for (int i = 0; i < 2; ++i) {
        if (widths[i] == 0) continue;
        GemmShape g;
        g.m = widths[i];
        g.n = s.out_rows;
        g.k = src_rows_even_;
        g.lda = window_packing_ ? window_ld_ : tap_ld_;
        g.ldb = src_rows_even_;
        g.ldc = acc_ld_;
        g.beta_zero = true;
        g.vnni_a = true;
        // In VNNI a step of one column is two bf16 elements.
        const int64_t stride_a = window_packing_ ? 2 * s.dilation : src_rows_even_ * tap_ld_;
        kernel_[i] = BatchReduce<bf16_t, float>(tuning_.variant, g, s.taps, stride_a, src_rows_even_ * s.out_rows);
    }
    const int64_t pack_size = window_packing_ ? src_rows_even_ * window_ld_ : s.taps * src_rows_even_ * tap_ld_;
    for (int t = 0; t < threads_; ++t) {
        // + room for LIBXSMM's A prefetch ahead of the last k
        pack_.emplace_back(size_t(pack_size + 32 * std::max(window_ld_, tap_ld_)));
        acc_.emplace_back(size_t(acc_ld_ * s.out_rows));
        pointers_.emplace_back(size_t(2 * s.taps));
    }
}

void DilatedCorrelationBF16::run(const bf16_t* src, bf16_t* out) const noexcept {
    const CorrelationShape& s = shape_;
    const int64_t bw = tuning_.width_block;
    const int64_t blocks = ceil_div(s.out_len, bw);
    const int64_t span = (s.taps - 1) * s.dilation;
    const int64_t tap_pack = src_rows_even_ * tap_ld_;
#pragma omp parallel num_threads(threads_)
    {
        const int tid = omp_get_thread_num();
        const ItemRange range = split_items(s.batch * blocks, tid, omp_get_num_threads());
        bf16_t* pack = pack_[tid].data();
        float* acc = acc_[tid].data();
        const void** pointers = pointers_[tid].data();
        for (int64_t item = range.begin; item < range.end; ++item) {
            const int64_t n = item / blocks, x0 = (item % blocks) * bw;
            const int64_t m = std::min(bw, s.out_len - x0);
            const bf16_t* src_image = src + n * s.src_rows * s.src_len;
            const int64_t lo = x0 + s.offset;
            if (window_packing_) {
                pack_vnni_window(src_image, s.src_rows, s.src_len, lo, m + span, pack, window_ld_);
            } else {
                for (int64_t t = 0; t < s.taps; ++t)
                    pack_vnni_window(src_image, s.src_rows, s.src_len, lo + t * s.dilation, m, pack + t * tap_pack,
                                     tap_ld_);
            }
            kernel_[m == bw ? 0 : 1](pack, taps_.data(), acc, pointers);
            bf16_t* out_block = out + n * s.out_rows * s.out_len + x0;
            for (int64_t r = 0; r < s.out_rows; ++r) round_to_bf16(acc + r * acc_ld_, m, out_block + r * s.out_len);
        }
    }
}

PlanParams DilatedCorrelationBF16::params() const {
    return {{"width_block", std::to_string(tuning_.width_block)},
            {"brgemm_variant", to_string(tuning_.variant)},
            {"pack", window_packing_ ? "vnni_window" : "vnni_taps"},
            {"threads", std::to_string(threads_)}};
}

}  // namespace conv1d::xsmm
