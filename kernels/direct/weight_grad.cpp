#include "kernels/direct/weight_grad.hpp"

#include <omp.h>

#include <algorithm>
#include <string>

#include "kernels/common/window.hpp"
#include "kernels/common/work_split.hpp"

namespace conv1d::direct {

using common::round_up;

template <class T>
WeightGrad<T>::WeightGrad(const Problem& p, const MicroKernels& kernels, int threads)
    : p_(p), k_(kernels), threads_(std::max(1, threads)) {
    block_ = weight_grad_block(k_, p.K, p.S);
    const int64_t span = (p.S - 1) * p.d;
    chunk_ = weight_grad_chunk(k_, block_, span);  // a multiple of a vector's elements
    // Tiles in (diff_dst row block, input row, tap block) order: a thread's consecutive tiles share the
    // diff_dst rows and the input row they read.
    for (int64_t k0 = 0; k0 < p.K; k0 += block_.rows)
        for (int64_t c = 0; c < p.C; ++c)
            for (int64_t t0 = 0; t0 < p.S; t0 += block_.cols)
                tiles_.push_back({k0, c, t0, int(std::min<int64_t>(block_.rows, p.K - k0)),
                                  int(std::min<int64_t>(block_.cols, p.S - t0))});
    const int64_t tile_sums = int64_t(block_.rows) * block_.cols * k_.lanes;
    const int64_t edge_ld = round_up(chunk_ + span, 16);
    for (int t = 0; t < threads_; ++t) {
        const common::ItemRange mine = common::split_items(int64_t(tiles_.size()), t, threads_);
        sums_.emplace_back((mine.end - mine.begin) * tile_sums);
        edge_.emplace_back((p.K + p.C) * edge_ld);
    }
}

template <class T>
void WeightGrad<T>::run(const T* x, const T* dy, T* dw) const noexcept {
    // The constructor's split into threads_ parts (it sized each part's sums); should OpenMP give fewer
    // threads, each takes several parts.
#pragma omp parallel num_threads(threads_)
    for (int part = omp_get_thread_num(); part < threads_; part += omp_get_num_threads()) run_part(part, x, dy, dw);
}

template <class T>
void WeightGrad<T>::run_part(int part, const T* x, const T* dy, T* dw) const noexcept {
    const Problem& p = p_;
    const int64_t Q = p.Q(), span = (p.S - 1) * p.d, lanes = k_.lanes, vector = lanes * k_.elems_per_lane;
    const int64_t tile_sums = int64_t(block_.rows) * block_.cols * lanes;
    const int64_t edge_ld = round_up(chunk_ + span, 16);
    const common::ItemRange mine = common::split_items(int64_t(tiles_.size()), part, threads_);
    float* sums = const_cast<float*>(sums_[part].data());
    T* edge = const_cast<T*>(edge_[part].data());
    bool first = true;
    for (int64_t n = 0; n < p.N; ++n) {
        const T* x_image = x + n * p.C * p.W;
        const T* dy_image = dy + n * p.K * Q;
        for (int64_t q0 = 0; q0 < Q; q0 += chunk_) {
            const int64_t len = std::min(chunk_, Q - q0), padded = round_up(len, vector);
            WgradArgs a;
            a.dilation = p.d;
            a.len = padded;
            a.accumulate = !first;
            const T *x_rows = x_image + q0, *dy_rows = dy_image + q0;
            int64_t x_ld = p.W, dy_ld = Q;
            if (padded != len) {
                // The last chunk of a row: zero-padded copies, so the vectors past Q add zeros and read
                // nothing outside the tensors.
                common::copy_window(dy_image, p.K, Q, q0, len, edge_ld, edge, edge_ld);
                common::copy_window(x_image, p.C, p.W, q0, len + span, edge_ld, edge + p.K * edge_ld, edge_ld);
                dy_rows = edge, x_rows = edge + p.K * edge_ld;
                x_ld = dy_ld = edge_ld;
            }
            a.dy_ld = dy_ld;
            for (int64_t i = mine.begin; i < mine.end; ++i) {
                const Tile& tile = tiles_[size_t(i)];
                a.dy = dy_rows + tile.k0 * dy_ld;
                a.x = x_rows + tile.c * x_ld + tile.t0 * p.d;
                a.acc = sums + (i - mine.begin) * tile_sums;
                k_.wgrad[tile.rows][tile.taps](a);
            }
            first = false;
        }
    }
    for (int64_t i = mine.begin; i < mine.end; ++i) {
        const Tile& tile = tiles_[size_t(i)];
        const float* acc = sums + (i - mine.begin) * tile_sums;
        for (int r = 0; r < tile.rows; ++r)
            for (int t = 0; t < tile.taps; ++t) {
                const float* lane = acc + (r * tile.taps + t) * lanes;
                float total = 0;
                for (int64_t l = 0; l < lanes; ++l) total += lane[l];
                dw[((tile.k0 + r) * p.C + tile.c) * p.S + tile.t0 + t] = DirectTraits<T>::to_out(total);
            }
    }
}

template <class T>
PlanParams WeightGrad<T>::params() const {
    return {{"register_block", std::to_string(block_.rows) + "x" + std::to_string(block_.cols)},
            {"lanes", std::to_string(k_.lanes)},
            {"chunk", std::to_string(chunk_)},
            {"threads", std::to_string(threads_)}};
}

template class WeightGrad<float>;
template class WeightGrad<bf16_t>;

}  // namespace conv1d::direct
