// Zero-padded copies of f32 activation windows into compact per-thread scratch (timed, in execute).
#pragma once

#include <algorithm>
#include <cstdint>

namespace conv1d::xsmm {

// dst[0, width) = src_row[start, start + width), zero where that leaves [0, src_len).
inline void copy_zero_padded(const float* src_row, int64_t src_len, int64_t start, int64_t width, float* dst) {
    const int64_t first = std::clamp<int64_t>(-start, 0, width);
    const int64_t last = std::clamp<int64_t>(src_len - start, first, width);
    std::fill(dst, dst + first, 0.f);
    std::copy(src_row + start + first, src_row + start + last, dst + first);
    std::fill(dst + last, dst + width, 0.f);
}

// The same for `rows` rows of length src_len into dst with leading dimension dst_ld.
inline void copy_window(const float* src, int64_t rows, int64_t src_len, int64_t start, int64_t width, float* dst,
                        int64_t dst_ld) {
    for (int64_t r = 0; r < rows; ++r) copy_zero_padded(src + r * src_len, src_len, start, width, dst + r * dst_ld);
}

}  // namespace conv1d::xsmm
