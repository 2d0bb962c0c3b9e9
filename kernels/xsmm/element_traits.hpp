// What the xsmm engines do differently per element type; everything else is written once
// (dilated_correlation.hpp, weight_gradient.hpp, plans.cpp).
#pragma once

#include <cstdint>

#include "conv1d/bf16.hpp"
#include "conv1d/cpu.hpp"
#include "conv1d/isa.hpp"
#include "kernels/common/vnni.hpp"
#include "kernels/common/window.hpp"
#include "round_bf16.hpp"

namespace conv1d::xsmm {

struct IsaNames {
    Isa isa;           // the peak the FLOPs are judged against
    const char* impl;  // suffix of impl()
};

template <class T>
struct XsmmTraits;

// FP32: LIBXSMM's f32 BRGEMM (vfmadd231ps) reads the operands as plain column-major matrices and
// accumulates straight into the f32 result.
template <>
struct XsmmTraits<float> {
    static constexpr int64_t granule = 1;          // reduction rows the GEMM consumes together
    static constexpr bool vnni = false;            // A operand in pairs of rows
    static constexpr bool rounds_output = false;   // the f32 sums are the result
    // The FP32 engines have tuning variants the BF16 ones do not: blocks inside the source read
    // straight from the tensor (Tuning::pack_always = false), taps split over several BRGEMM calls
    // (tap_group) and GEMM rows rounded up for AVX2 (gemm_rows_multiple); params() reports them.
    static constexpr bool has_variants = true;

    // FP32 runs on whatever FMA width the CPU has; LIBXSMM's JIT is capped to it (brgemm.cpp).
    static IsaNames names() {
        const Isa isa = fp32_isa(cpu_features());
        return {isa, isa == Isa::avx512_fp32 ? "avx512" : "avx2"};
    }
    // Columns [start, start + width) of the rows of src, zero outside the source, as `rows` rows
    // dst_ld apart.
    static void pack_window(const float* src, int64_t rows, int64_t src_len, int64_t start, int64_t width, float* dst,
                            int64_t dst_ld) {
        common::copy_window(src, rows, src_len, start, width, width, dst, dst_ld);
    }
    // The rows x width block (row stride src_ld) transposed, so the reduction (the width) runs
    // along the GEMM's k: dst[x][r] with ld dst_ld; rows [rows, dst_ld) are left as they are (zero).
    static void pack_transposed(const float* src, int64_t src_ld, int64_t rows, int64_t width, float* dst,
                                int64_t dst_ld) {
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t x = 0; x < width; ++x) dst[x * dst_ld + r] = src[r * src_ld + x];
    }
    static float round(float v) { return v; }
};

// BF16: LIBXSMM's bf16 BRGEMM (vdpbf16ps) reduces pairs of rows, stored interleaved: LIBXSMM 1.17
// wants the A operand in VNNI pairs, element (m, k) of a column-major m x k matrix at
// ((k/2)*lda + m)*2 + k%2. An odd reduction gets a zero partner. It accumulates in f32, rounded once
// into the bf16 result, so the result is the exactly rounded f32 sum like the reference's.
// The re-layouts run inside execute (timed), with AVX-512 (kernels/common/vnni.hpp).
template <>
struct XsmmTraits<bf16_t> {
    static constexpr int64_t granule = 2;
    static constexpr bool vnni = true;
    static constexpr bool rounds_output = true;
    // Every window is re-laid out into VNNI pairs anyway, and the BF16 kernels were tuned as one
    // BRGEMM call over all taps with K rows (AVX512-BF16 CPUs mask the tail).
    static constexpr bool has_variants = false;

    static IsaNames names() { return {Isa::avx512_bf16, "avx512_bf16"}; }
    // As for FP32, into VNNI pairs of rows: dst[j/2][x][j%2], ld dst_ld pairs; zero in the pad row
    // when rows is odd.
    static void pack_window(const bf16_t* src, int64_t rows, int64_t src_len, int64_t start, int64_t width,
                            bf16_t* dst, int64_t dst_ld) {
        common::pack_pair_rows(reinterpret_cast<uint32_t*>(dst), dst_ld, src, rows, src_len, start, width);
    }
    // As for FP32, into VNNI pairs along the width: dst[x/2][r][x%2], a 32-bit transpose; an odd
    // width gets a zero partner.
    static void pack_transposed(const bf16_t* src, int64_t src_ld, int64_t rows, int64_t width, bf16_t* dst,
                                int64_t dst_ld) {
        common::transpose_pairs(reinterpret_cast<uint32_t*>(dst), dst_ld, src, src_ld, rows, width, (width + 1) / 2);
    }
    static bf16_t round(float v) { return float_to_bf16(v); }
    static void round_array(const float* src, int64_t n, bf16_t* dst) { round_to_bf16(src, n, dst); }
};

}  // namespace conv1d::xsmm
