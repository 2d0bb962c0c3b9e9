// Per-thread f32 partial sums of a pass that reduces over its work items (the weight gradient),
// and their race-free sum into the result.
//
// The last thread to finish its work items sums every partial; no thread waits at a barrier for
// the others first. OpenMP spins at a barrier, and on this shared 2-vCPU machine a neighbour often
// deschedules one of our threads, so each wait for a partner can cost a scheduler slice (~12 ms).
// Measured (Sapphire Rapids VM, 2 threads, both ways alternating call by call on the same plan,
// 1600 calls each, BWD_W of xsmm f32/bf16 and amx on AtacWorks and C=K=64 S=51 shapes, Q=1000 and
// 10000): a barrier and then every thread summing a slice of k had a higher p90 on all six (up to
// twice: 23 vs 12 ms) and an 11-57 % higher mean. Its one gain is the parallel sum on calls nobody
// disturbs: median 0.066 vs 0.079 ms for amx's AtacWorks Q=1000. The whole serial sum (blocked,
// below) takes 0.01 ms there and 0.24-0.29 ms at C=K=64 S=51, where the plain loop took 0.52-0.58.
// (amx had dropped its barriers for the same reason: f10ebe3, 2-thread BWD_W Q=1000 from 12 ms to
// 0.05 ms per call.)
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>

#include "kernels/common/scratch.hpp"

namespace conv1d::common {

class ThreadPartials {
public:
    ThreadPartials(int threads, int64_t floats_per_thread)
        : stride_(round_up(floats_per_thread, 16)), data_(int64_t(threads) * stride_) {}

    // This thread's partial, zeroed: call at the start of every execute().
    float* zeroed(int thread) noexcept {
        float* p = data_.data() + thread * stride_;
        std::memset(p, 0, size_t(stride_) * sizeof(float));
        return p;
    }

    // Called once by each of the `team` threads after its last write to its partial. The last one
    // to arrive writes out[(k * C + c) * S + s] = convert(sum over the team of partial[at(k, c, s)]).
    template <class T, class At, class Convert>
    void sum_if_last(int team, int64_t K, int64_t C, int64_t S, At at, Convert convert, T* out) noexcept {
        // acq_rel: the last thread sees every other thread's partial.
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 != team) return;
        // In 16 x 16 blocks of (k, s): the partials of both layouts ([S][C][k], amx's tiles) are
        // contiguous in k and far apart in s, the result the other way round; a block reuses
        // every cache line it touches on both sides.
        const float* partials = data_.data();
        for (int64_t c = 0; c < C; ++c)
            for (int64_t k0 = 0; k0 < K; k0 += 16)
                for (int64_t s0 = 0; s0 < S; s0 += 16)
                    for (int64_t k = k0; k < std::min(K, k0 + 16); ++k)
                        for (int64_t s = s0; s < std::min(S, s0 + 16); ++s) {
                            const int64_t i = at(k, c, s);
                            float sum = 0.f;
                            for (int t = 0; t < team; ++t) sum += partials[t * stride_ + i];
                            out[(k * C + c) * S + s] = convert(sum);
                        }
        arrived_.store(0, std::memory_order_relaxed);  // the next execute() starts after this region ends
    }

private:
    int64_t stride_;  // floats per thread, whole cache lines so no two threads share one
    Scratch<float> data_;
    std::atomic<int> arrived_{0};
};

}  // namespace conv1d::common
