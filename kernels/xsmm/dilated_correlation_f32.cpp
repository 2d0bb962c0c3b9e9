#include "dilated_correlation_f32.hpp"

#include <omp.h>

#include <algorithm>

#include "work_split.hpp"

namespace conv1d::xsmm {

DilatedCorrelationF32::DilatedCorrelationF32(const CorrelationShape& s, const CorrelationTuning& tuning,
                                             AlignedBuffer<float> taps, int threads)
    : shape_(s), tuning_(tuning), taps_(std::move(taps)), threads_(std::max(1, threads)) {
    const int64_t bw = tuning_.width_block;
    pack_ld_ = round_up(bw, 16);  // whole cache lines per packed row
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
        g.beta_zero = true;
        const int64_t tap_stride_b = s.src_rows * s.out_rows;
        g.lda = s.src_len;
        if (g.m <= s.src_len)  // otherwise no block of this width fits the source without packing
            direct_[i] = BatchReduce<float, float>(tuning_.variant, g, s.taps, s.dilation, tap_stride_b);
        g.lda = pack_ld_;
        packed_[i] = BatchReduce<float, float>(tuning_.variant, g, s.taps, s.src_rows * pack_ld_, tap_stride_b);
    }
    // Only blocks whose window leaves the source need the pack scratch; size it for the worst case.
    const bool any_edge = s.offset < 0 || s.offset + s.out_len + (s.taps - 1) * s.dilation > s.src_len;
    for (int t = 0; t < threads_; ++t) {
        pack_.emplace_back(any_edge ? size_t(s.taps * s.src_rows * pack_ld_) : 0);
        pointers_.emplace_back(size_t(2 * s.taps));
    }
}

void DilatedCorrelationF32::pack_windows(const float* src_image, int64_t lo, int64_t m, float* pack) const noexcept {
    const CorrelationShape& s = shape_;
    for (int64_t t = 0; t < s.taps; ++t) {
        const int64_t start = lo + t * s.dilation;
        // columns [start, start+m) of the source; the valid part is [max(start,0), min(start+m, src_len)).
        const int64_t first = std::clamp<int64_t>(-start, 0, m);
        const int64_t last = std::clamp<int64_t>(s.src_len - start, first, m);
        for (int64_t j = 0; j < s.src_rows; ++j) {
            float* dst = pack + (t * s.src_rows + j) * pack_ld_;
            const float* row = src_image + j * s.src_len + start;
            std::fill(dst, dst + first, 0.f);
            std::copy(row + first, row + last, dst + first);
            std::fill(dst + last, dst + m, 0.f);
        }
    }
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
            if (lo >= 0 && lo + m + span <= s.src_len) {
                direct_[which](src_image + lo, taps_.data(), out_block, pointers);
            } else {
                pack_windows(src_image, lo, m, pack);
                packed_[which](pack, taps_.data(), out_block, pointers);
            }
        }
    }
}

PlanParams DilatedCorrelationF32::params() const {
    return {{"width_block", std::to_string(tuning_.width_block)},
            {"brgemm_variant", to_string(tuning_.variant)},
            {"threads", std::to_string(threads_)}};
}

}  // namespace conv1d::xsmm
