// Backward weight of the "direct" backend: dW[k][c][t] = sum_n sum_q dy[n][k][q] * x[n][c][q + t*d].
// The work is shared out as register tiles (a block of diff_dst rows, one input row, a block of taps),
// so each thread owns its part of dW and no partial gradients are summed across threads. Each thread walks
// the columns in chunks that keep the rows of a tile in L1 and keeps each tile's sums per lane in its own
// scratch; the lanes are added once, at the end. T is float or bf16_t (then a lane sums pairs of columns).
#pragma once

#include <cstdint>
#include <vector>

#include "conv1d/kernel.hpp"
#include "conv1d/problem.hpp"
#include "kernels/common/scratch.hpp"
#include "kernels/direct/blocking.hpp"
#include "kernels/direct/element_traits.hpp"
#include "kernels/direct/microkernels.hpp"

namespace conv1d::direct {

template <class T>
class WeightGrad {
public:
    WeightGrad(const Problem& p, const MicroKernels& kernels, int threads);
    void run(const T* x, const T* dy, T* dw) const noexcept;
    PlanParams params() const;

private:
    void run_part(int part, const T* x, const T* dy, T* dw) const noexcept;
    struct Tile {
        int64_t k0, c, t0;
        int rows, taps;
    };
    Problem p_;
    const MicroKernels& k_;
    RegisterBlock block_;
    int64_t chunk_ = 0;
    int threads_ = 1;
    std::vector<Tile> tiles_;
    std::vector<common::Scratch<float>> sums_;   // per thread: [its tiles][rows][taps][lanes]
    std::vector<common::Scratch<T>> edge_;       // per thread: zero-padded copies of the last chunk
};

}  // namespace conv1d::direct
