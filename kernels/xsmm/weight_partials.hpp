// What the FP32 and BF16 backward-weight engines share: the GEMM of one tap, and the race-free
// reduction of the per-thread partials.
#pragma once

#include <cstdint>
#include <vector>

#include "aligned_buffer.hpp"
#include "brgemm.hpp"
#include "conv1d/problem.hpp"
#include "work_split.hpp"

namespace conv1d::xsmm {

// acc_s (K x C, ld K) += dyT (K x reduction, ld K) * window (reduction x C, ld window_ld).
// `rows` >= K: the GEMM's m, and the leading dimension of dyT and of the partials (see k_rows_).
inline GemmShape tap_gradient_shape(const Problem& p, int64_t reduction, int64_t window_ld, bool vnni, int64_t rows) {
    GemmShape g;
    g.m = rows, g.n = p.C, g.k = reduction;
    g.lda = rows, g.ldb = window_ld, g.ldc = rows;
    g.beta_zero = false;
    g.vnni_a = vnni;
    return g;
}

// Every thread has summed its work items into its own f32 partial [S][C][rows >= K]; after a barrier
// each thread sums all partials for its slice of filters k into the (K, C, S) result, converting once.
template <class T, class Convert>
void sum_partials(const std::vector<AlignedBuffer<float>>& partials, int threads, int thread, int64_t K, int64_t rows,
                  int64_t C, int64_t S, T* diff_wei, Convert convert) noexcept {
    const ItemRange ks = split_items(K, thread, threads);
    for (int64_t k = ks.begin; k < ks.end; ++k)
        for (int64_t c = 0; c < C; ++c)
            for (int64_t s = 0; s < S; ++s) {
                float sum = 0.f;
                for (int u = 0; u < threads; ++u) sum += partials[u][(s * C + c) * rows + k];
                diff_wei[(k * C + c) * S + s] = convert(sum);
            }
}

}  // namespace conv1d::xsmm
