// The race-free reduction of the backward-weight pass: every thread has summed its work items
// into its own f32 partial [S][C][K]; after a barrier each thread sums all partials for its slice
// of filters k into the (K, C, S) result, converting once.
#pragma once

#include <cstdint>
#include <vector>

#include "aligned_buffer.hpp"
#include "work_split.hpp"

namespace conv1d::xsmm {

template <class T, class Convert>
void sum_partials(const std::vector<AlignedBuffer<float>>& partials, int threads, int thread, int64_t K, int64_t C,
                  int64_t S, T* diff_wei, Convert convert) noexcept {
    const ItemRange ks = split_items(K, thread, threads);
    for (int64_t k = ks.begin; k < ks.end; ++k)
        for (int64_t c = 0; c < C; ++c)
            for (int64_t s = 0; s < S; ++s) {
                float sum = 0.f;
                for (int u = 0; u < threads; ++u) sum += partials[u][(s * C + c) * K + k];
                diff_wei[(k * C + c) * S + s] = convert(sum);
            }
}

}  // namespace conv1d::xsmm
