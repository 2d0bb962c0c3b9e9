#include "kernels/amx/amx_peak.hpp"

#include <immintrin.h>
#include <omp.h>

#include "conv1d/cpu.hpp"
#include "kernels/amx/tile_config.hpp"

namespace conv1d::amx {

double measure_peak_gflops(int threads, double seconds) {
    if (!cpu_features().amx_bf16 || threads < 1) return 0.0;
    constexpr double kFlopsPerDp = 2.0 * 16 * 16 * 32;
    constexpr long kDpPerRound = 4 * 64;
    const TileConfig config(TileShape{2, 2, 16, 16});
    double total_dp = 0.0, wall = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : total_dp) reduction(max : wall)
    {
        alignas(64) static thread_local char zeros[1024] = {};
        TileScope tiles(config);
        _tile_loadd(4, zeros, 64);
        _tile_loadd(5, zeros, 64);
        _tile_loadd(6, zeros, 64);
        _tile_loadd(7, zeros, 64);
        _tile_zero(0); _tile_zero(1); _tile_zero(2); _tile_zero(3);
#pragma omp barrier
        const double start = omp_get_wtime();
        double now = start;
        long rounds = 0;
        do {
            // Four accumulators fed by two A and two B tiles: no dependency between neighbours.
            for (int i = 0; i < 64; ++i) {
                _tile_dpbf16ps(0, 4, 6);
                _tile_dpbf16ps(1, 4, 7);
                _tile_dpbf16ps(2, 5, 6);
                _tile_dpbf16ps(3, 5, 7);
            }
            ++rounds;
            now = omp_get_wtime();
        } while (now - start < seconds);
        total_dp = double(rounds) * kDpPerRound;
        wall = now - start;
    }
    return wall > 0 ? total_dp * kFlopsPerDp / wall * 1e-9 : 0.0;
}

}  // namespace conv1d::amx
