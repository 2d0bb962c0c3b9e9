#include "kernels/direct/blocking.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "kernels/common/work_split.hpp"

namespace conv1d::direct {

namespace {

// Cycles of one reduction step of a block of r result rows x n columns (r x n FMAs; the correlation loads n
// vectors and broadcasts r weights, the weight gradient loads r + n vectors), fitted to the kernel-only
// ceiling runs and block comparisons of MEASUREMENTS.md §1: the FMAs at two per cycle, but no faster than
// two loads per cycle or the FMA latency (4 cycles) allow, plus 1.5 cycles per step and the ISA's
// load_cycles per vector load that do not overlap with the FMAs. On the Sapphire Rapids VM this ranks
// 14x2, 12x2, 8x3 (82-88 % of peak) ahead of 5x5 (78 %) and 16x1 (76 %) for AVX-512, and 4x3 first for AVX2.
double step_cycles(const MicroKernels& m, int r, int n, int loads, int vector_loads) {
    return std::max({r * n / 2.0, loads / 2.0, 4.0}) + 1.5 + m.load_cycles * vector_loads;
}

// The block that minimises the modelled cycles over all `rows` x `cols` results (tail blocks with fewer
// rows or columns cost more per result), among those the table has. The correlation's columns are vectors
// of width (any number: cols 0), the weight gradient's are taps (S of them) and loads its rows too.
RegisterBlock best_block(const MicroKernels& m, int64_t rows, int64_t cols, bool rows_loaded) {
    RegisterBlock best;
    double best_cost = 1e30;
    for (int r = 1; r <= kMaxRows; ++r)
        for (int n = 1; n <= kMaxVecs; ++n) {
            if (m.corr[r][n] == nullptr || (cols > 0 && n > cols)) continue;
            double cost = 0;
            const int64_t total_cols = cols > 0 ? cols : n;
            for (int64_t r0 = 0; r0 < rows; r0 += r)
                for (int64_t c0 = 0; c0 < total_cols; c0 += n) {
                    const int rr = int(std::min<int64_t>(r, rows - r0)), nn = int(std::min<int64_t>(n, total_cols - c0));
                    cost += step_cycles(m, rr, nn, rr + nn, rows_loaded ? rr + nn : nn);
                }
            cost /= double(rows * total_cols);
            if (cost < best_cost - 1e-9) {
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
    return overridden(m, b) ? b : best_block(m, rows, 0, false);
}

RegisterBlock weight_grad_block(const MicroKernels& m, int64_t rows, int64_t taps) {
    RegisterBlock b;
    if (overridden(m, b)) return {b.rows, int(std::min<int64_t>(b.cols, taps))};
    return best_block(m, rows, taps, true);
}

int64_t correlation_block_width(const MicroKernels& m, RegisterBlock b, int64_t src_rows, int64_t span,
                                int64_t out_len) {
    const int64_t tile = int64_t(b.cols) * m.lanes;
    const int64_t budget = 256 * 1024 / 4 / std::max<int64_t>(src_rows, 1) - span;  // floats of one row
    const int64_t width = std::clamp<int64_t>(budget, 4 * tile, 1024);
    return std::min(common::round_up(width, tile), common::round_up(out_len, tile));
}

int64_t weight_grad_chunk(const MicroKernels& m, RegisterBlock b, int64_t span) {
    const int64_t vector = int64_t(m.lanes) * m.elems_per_lane;  // elements per vector (bf16: twice the lanes)
    const int64_t budget = 32 * 1024 / 4 / (b.rows + 1) - span / (b.rows + 1);
    return common::round_up(std::clamp<int64_t>(budget, 8 * vector, 2048), vector);
}

}  // namespace conv1d::direct
