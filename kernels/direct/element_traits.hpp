// What differs between the f32 and bf16 frames of the "direct" backend, in one place.
#pragma once

#include <cstdint>

#include "conv1d/bf16.hpp"
#include "conv1d/isa.hpp"
#include "kernels/common/vnni.hpp"
#include "kernels/common/window.hpp"
#include "kernels/direct/microkernels.hpp"

namespace conv1d::direct {

template <class T>
struct DirectTraits;

template <>
struct DirectTraits<float> {
    using Src = float;             // the correlation's source and weight element
    static constexpr int granule = 1;  // reduction rows per source element
    static constexpr bool pack_always = false;
    static float to_out(float v) { return v; }
    // Source rows [0, rows) of an image, columns [start, start + ld), as the kernel reads them.
    static void pack_window(const float* image, int64_t rows, int64_t len, int64_t start, int64_t width, float* dst,
                            int64_t ld) {
        common::copy_window(image, rows, len, start, width, ld, dst, ld);
    }
    static Src tap_pair(float lo, float /*hi*/) { return lo; }
};

template <>
struct DirectTraits<bf16_t> {
    using Src = uint32_t;  // a VNNI pair of bf16: rows 2p (low half) and 2p + 1
    static constexpr int granule = 2;
    // vdpbf16ps needs the rows of a pair interleaved, so every window is copied as pairs.
    static constexpr bool pack_always = true;
    static bf16_t to_out(float v) { return float_to_bf16(v); }
    static void pack_window(const bf16_t* image, int64_t rows, int64_t len, int64_t start, int64_t /*width*/,
                            uint32_t* dst, int64_t ld) {
        common::pack_pair_rows(dst, ld, image, rows, len, start, ld);
    }
    static Src tap_pair(bf16_t lo, bf16_t hi) { return uint32_t(lo) | (uint32_t(hi) << 16); }
};

}  // namespace conv1d::direct
