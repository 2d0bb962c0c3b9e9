#include "kernels/direct/correlation.hpp"

#include <omp.h>

#include <algorithm>
#include <string>

#include "kernels/common/work_split.hpp"

namespace conv1d::direct {

using common::ceil_div;
using common::round_up;

template <class T>
Correlation<T>::Correlation(const CorrShape& shape, const MicroKernels& kernels, int threads)
    : s_(shape), k_(kernels), threads_(std::max(1, threads)) {
    block_ = correlation_block(k_, s_.out_rows);
    pair_rows_ = ceil_div(s_.src_rows, Traits::granule);
    const int64_t span = (s_.taps - 1) * s_.dilation;
    width_ = correlation_block_width(k_, block_, s_.src_rows, span, s_.out_len);
    window_ld_ = round_up(width_ + span, 16);
    // Copy every block's window when its rows would not all stay in the first-level DTLB (64 entries on
    // Intel, 72-96 on Zen): C = K = 64 at Q = 60000 ran 202 -> 283 GFLOP/s packed, C = K = 15 lost 2 %
    // (MEASUREMENTS.md §2).
    pack_all_ = Traits::pack_always || s_.src_rows + block_.rows > 32;
    taps_ = common::Scratch<Src>(s_.out_rows * pair_rows_ * s_.taps);
    for (int64_t c = 0; c < pair_rows_; ++c)
        for (int64_t t = 0; t < s_.taps; ++t) {
            if (!pack_all_) in_place_offsets_.push_back(c * s_.src_len + t * s_.dilation);
            window_offsets_.push_back(c * window_ld_ + t * s_.dilation);
        }
    for (int t = 0; t < threads_; ++t) {
        window_.emplace_back(pair_rows_ * window_ld_);
        result_.emplace_back(s_.out_rows * width_);
    }
}

template <class T>
void Correlation<T>::pack_taps(const std::function<T(int64_t, int64_t, int64_t)>& tap) {
    const auto at = [&](int64_t t, int64_t r, int64_t c) { return c < s_.src_rows ? tap(t, r, c) : T(0); };
    for (int64_t r0 = 0; r0 < s_.out_rows; r0 += block_.rows) {
        const int64_t rows = std::min<int64_t>(block_.rows, s_.out_rows - r0);
        Src* packed = taps_.data() + r0 * pair_rows_ * s_.taps;
        for (int64_t p = 0; p < pair_rows_; ++p)
            for (int64_t t = 0; t < s_.taps; ++t)
                for (int64_t r = 0; r < rows; ++r) {
                    const int64_t c = p * Traits::granule;
                    packed[(p * s_.taps + t) * rows + r] = Traits::tap_pair(at(t, r0 + r, c), at(t, r0 + r, c + 1));
                }
    }
}

template <class T>
void Correlation<T>::run(const T* src, T* out) const noexcept {
    const int64_t tile = int64_t(block_.cols) * k_.lanes, span = (s_.taps - 1) * s_.dilation;
    const int64_t blocks = ceil_div(s_.out_len, width_);
#pragma omp parallel num_threads(threads_)
    {
        const int tid = omp_get_thread_num();
        const common::ItemRange range = common::split_items(s_.batch * blocks, tid, omp_get_num_threads());
        Src* window = const_cast<Src*>(window_[tid].data());
        T* result = const_cast<T*>(result_[tid].data());
        for (int64_t item = range.begin; item < range.end; ++item) {
            const int64_t n = item / blocks, x0 = (item % blocks) * width_;
            const int64_t m = std::min(width_, s_.out_len - x0), padded = round_up(m, tile);
            const T* src_image = src + n * s_.src_rows * s_.src_len;
            T* out_block = out + n * s_.out_rows * s_.out_len + x0;
            // Read the source in place where the whole window lies inside it; at the edges, a zero-padded copy.
            const int64_t lo = x0 + s_.offset;
            CorrArgs a;
            if (!pack_all_ && lo >= 0 && lo + padded + span <= s_.src_len) {
                a.src = src_image + lo;
                a.offsets = in_place_offsets_.data();
            } else {
                Traits::pack_window(src_image, s_.src_rows, s_.src_len, lo, m + span, window, window_ld_);
                a.src = window;
                a.offsets = window_offsets_.data();
            }
            // A block narrower than its register tiles is computed into scratch and copied out.
            const bool whole = padded == m;
            a.out_ld = whole ? s_.out_len : width_;
            a.steps = pair_rows_ * s_.taps;
            a.tiles = padded / tile;
            for (int64_t r0 = 0; r0 < s_.out_rows; r0 += block_.rows) {
                const int64_t rows = std::min<int64_t>(block_.rows, s_.out_rows - r0);
                a.w = taps_.data() + r0 * pair_rows_ * s_.taps;
                a.out = (whole ? out_block : result) + r0 * a.out_ld;
                k_.corr[rows][block_.cols](a);
            }
            if (!whole)
                for (int64_t r = 0; r < s_.out_rows; ++r)
                    std::copy(result + r * width_, result + r * width_ + m, out_block + r * s_.out_len);
        }
    }
}

template <class T>
PlanParams Correlation<T>::params() const {
    return {{"register_block", std::to_string(block_.rows) + "x" + std::to_string(block_.cols)},
            {"lanes", std::to_string(k_.lanes)},
            {"width_block", std::to_string(width_)},
            {"pack", pack_all_ ? "windows" : "edges"},
            {"threads", std::to_string(threads_)}};
}

template class Correlation<float>;
template class Correlation<bf16_t>;

}  // namespace conv1d::direct
