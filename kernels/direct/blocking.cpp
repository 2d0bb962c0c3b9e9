#include "kernels/direct/blocking.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "kernels/common/work_split.hpp"

namespace conv1d::direct {

namespace {

// Cycles per result vector and reduction step of a block of r rows x n held vectors, for n loads +
// r broadcasts (or streamed rows) feeding r x n FMAs: two FMA and two load ports, unaligned loads
// counted 1.5 (half of them split a cache line).
double cost_per_vector(int r, int n) {
    const double fma = r * n / 2.0, loads = (1.5 * n + r) / 2.0;
    return std::max(fma, loads) / (r * n);
}

// The block that minimises the modelled cost over all `total` rows (the tail block with fewer rows costs
// more per vector), among those the table has.
RegisterBlock best_block(const MicroKernels& m, int64_t total, int64_t max_cols) {
    RegisterBlock best;
    double best_cost = 1e30;
    for (int r = 1; r <= kMaxRows; ++r)
        for (int n = 1; n <= kMaxVecs && n <= max_cols; ++n) {
            if (m.corr[r][n] == nullptr) continue;
            const int64_t full = total / r, tail = total % r;
            double cost = double(full) * r * cost_per_vector(r, n);
            if (tail > 0) cost += double(tail) * cost_per_vector(int(tail), n);
            cost /= double(total);
            if (cost < best_cost - 1e-9 || (cost < best_cost + 1e-9 && r * n > best.rows * best.cols)) {
                best_cost = cost;
                best = {r, n};
            }
        }
    return best;
}

bool overridden(const MicroKernels& m, RegisterBlock& b) {
    const char* env = std::getenv("CONV1D_DIRECT_BLOCKING");
    int r = 0, n = 0;
    if (env == nullptr || std::sscanf(env, "%dx%d", &r, &n) != 2) return false;
    if (r < 1 || r > kMaxRows || n < 1 || n > kMaxVecs || m.corr[r][n] == nullptr) return false;
    b = {r, n};
    return true;
}

}  // namespace

RegisterBlock correlation_block(const MicroKernels& m, int64_t rows) {
    RegisterBlock b;
    return overridden(m, b) ? b : best_block(m, rows, kMaxVecs);
}

RegisterBlock weight_grad_block(const MicroKernels& m, int64_t rows, int64_t taps) {
    RegisterBlock b;
    if (overridden(m, b)) return {b.rows, int(std::min<int64_t>(b.cols, taps))};
    // Rows and taps play the roles of rows and vectors of the correlation's model: taps are the held
    // loads. Fewer taps than the best width: take the most rows that fit beside all of them.
    b = best_block(m, rows, taps);
    return b;
}

int64_t correlation_block_width(const MicroKernels& m, RegisterBlock b, int64_t src_rows, int64_t span,
                                int64_t out_len) {
    const int64_t tile = int64_t(b.cols) * m.lanes;
    const int64_t budget = 256 * 1024 / 4 / std::max<int64_t>(src_rows, 1) - span;  // floats of one row
    const int64_t width = std::clamp<int64_t>(budget, 4 * tile, 1024);
    return std::min(common::round_up(width, tile), common::round_up(out_len, tile));
}

int64_t weight_grad_chunk(const MicroKernels& m, RegisterBlock b, int64_t span) {
    const int64_t budget = 32 * 1024 / 4 / (b.rows + 1) - span / (b.rows + 1);
    return common::round_up(std::clamp<int64_t>(budget, 8 * m.lanes, 2048), m.lanes);
}

}  // namespace conv1d::direct
