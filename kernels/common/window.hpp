// Zero-padded copies of activation windows into compact per-thread scratch (timed, in execute):
// a kernel reads a block's window from a few cache lines instead of rows a whole image apart,
// and never past the ends of the tensor.
#pragma once

#include <algorithm>
#include <cstdint>

namespace conv1d::common {

// dst[0, padded_width) = src_row[start, start + width), zero where that leaves [0, src_len) and in
// the columns [width, padded_width).
template <class T>
void copy_zero_padded(const T* src_row, int64_t src_len, int64_t start, int64_t width, int64_t padded_width, T* dst) {
    const int64_t first = std::clamp<int64_t>(-start, 0, width);
    const int64_t last = std::clamp<int64_t>(src_len - start, first, width);
    std::fill(dst, dst + first, T(0));
    std::copy(src_row + start + first, src_row + start + last, dst + first);
    std::fill(dst + last, dst + padded_width, T(0));
}

// The same for `rows` rows of length src_len into dst with leading dimension dst_ld.
template <class T>
void copy_window(const T* src, int64_t rows, int64_t src_len, int64_t start, int64_t width, int64_t padded_width,
                 T* dst, int64_t dst_ld) {
    for (int64_t r = 0; r < rows; ++r)
        copy_zero_padded(src + r * src_len, src_len, start, width, padded_width, dst + r * dst_ld);
}

}  // namespace conv1d::common
