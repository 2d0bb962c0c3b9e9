#include "kernels/amx/amx_peak.hpp"

#include <immintrin.h>
#include <omp.h>

#include <algorithm>

#include "conv1d/cpu.hpp"
#include "kernels/amx/tile_config.hpp"

#pragma GCC push_options
#pragma GCC target("amx-tile,amx-bf16,avx512f,avx512bw,avx512bf16")  // the loops only; see CMakeLists.txt


namespace conv1d::amx {

namespace {

constexpr double kFlopsPerDp = 2.0 * 16 * 16 * 32;  // one TDPBF16PS on full 16x64-byte tiles

// Runs TDPBF16PS into `Accumulators` independent C tiles (0..3) from A tile 4 and B tile 6 on every
// thread for about `seconds`; returns GFLOP/s over all threads.
template <int Accumulators>
double dp_loop(int threads, double seconds) {
    const TileConfig config(TileShape{2, 2, 16, 16});
    double total_dp = 0.0, wall = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : total_dp) reduction(max : wall)
    {
        alignas(64) static thread_local uint16_t ones[512];
        std::fill(ones, ones + 512, uint16_t(0x3f80));  // bf16 1.0: nonzero data, in case zeros are cheaper
        TileScope tiles(config);
        _tile_loadd(4, ones, 64);
        _tile_loadd(6, ones, 64);
        _tile_zero(0); _tile_zero(1); _tile_zero(2); _tile_zero(3);
#pragma omp barrier
        const double start = omp_get_wtime();
        double now = start;
        long rounds = 0;
        do {
            for (int i = 0; i < 64; ++i) {
                _tile_dpbf16ps(0, 4, 6);
                if (Accumulators > 1) _tile_dpbf16ps(1, 4, 6);
                if (Accumulators > 2) _tile_dpbf16ps(2, 4, 6);
                if (Accumulators > 3) _tile_dpbf16ps(3, 4, 6);
            }
            ++rounds;
            now = omp_get_wtime();
        } while (now - start < seconds);
        total_dp = double(rounds) * 64 * Accumulators;
        wall = now - start;
    }
    return wall > 0 ? total_dp * kFlopsPerDp / wall * 1e-9 : 0.0;
}

}  // namespace

// Compiled for any x86-64: it runs on every CPU to check for AMX first (under the AMX target, GCC
// put AVX-512 instructions before that check in the sanitizer build: SIGILL on an AVX2 EPYC).
#pragma GCC pop_options

double measure_peak_gflops(int threads, double seconds) {
    if (!cpu_features().amx_bf16 || threads < 1) return 0.0;
    // The best of one, two and four accumulator chains. On the Sapphire Rapids VM this suite was
    // built on, one chain reaches ~980 FLOP/cycle while four chains fed by the same tiles drop to
    // ~400 (measured 2.15 vs 0.9 TFLOP/s on one thread), so a single fixed shape would under-state
    // the peak and over-state every kernel's share of it.
    const double slice = seconds / 3;
    return std::max({dp_loop<1>(threads, slice), dp_loop<2>(threads, slice), dp_loop<4>(threads, slice)});
}

}  // namespace conv1d::amx
