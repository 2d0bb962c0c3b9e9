// Per-thread f32 partial sums of a pass that reduces over its work items (the weight gradient),
// and their race-free sum into the result.
//
// The last thread to finish its work items sums every partial; no thread waits at a barrier for
// the others first. The alternative, a barrier and then each thread summing a slice of the result,
// reduces in parallel but makes every thread wait for the slowest at the barrier, where OpenMP
// spins: on this shared 2-vCPU machine a neighbour often deschedules one of our threads, and the
// spinning partner then holds the CPU the late one needs. Measured (MEASUREMENTS.md): amx BWD_W,
// 2 threads, Q = 1000: 12 ms -> 0.05 ms per call once its barriers were gone; the serial sum is
// small next to the pass (S*C*K adds per thread against 2*N*Q*S*C*K FLOPs).
#pragma once

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
        const float* partials = data_.data();
        for (int64_t k = 0; k < K; ++k)
            for (int64_t c = 0; c < C; ++c)
                for (int64_t s = 0; s < S; ++s) {
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
