// bfloat16 as raw bits, with round-to-nearest-even conversion from float (what vcvtneps2bf16 does).
#pragma once

#include <cstdint>
#include <cstring>

namespace conv1d {

using bf16_t = uint16_t;

inline float bf16_to_float(bf16_t v) {
    uint32_t bits = uint32_t(v) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

inline bf16_t float_to_bf16(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0)
        return bf16_t((bits >> 16) | 0x0040u);  // NaN stays a (quiet) NaN
    uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);  // ties go to the even neighbour
    return bf16_t((bits + rounding) >> 16);
}

}  // namespace conv1d
