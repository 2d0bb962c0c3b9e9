// The AMX-BF16 peak loop. The project keeps AMX intrinsics in kernels/amx/; this loop is the one
// exception, so that the peak library needs no kernel folder (and the harness none either). It sets
// up its own tiles, a few lines rather than kernels/amx/tile_config.hpp.
#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <cstdint>

#include "peak/loops.hpp"

namespace conv1d::peak {

namespace {

// The 64-byte LDTILECFG operand (palette 1): tiles 0..5, each 16 rows of 64 bytes. Tiles 0..3 are
// the accumulators (16 x 16 floats), 4 is A (16 rows of 16 bf16 pairs), 5 is B (16 rows of 16 VNNI pairs).
struct alignas(64) FullTiles {
    uint8_t palette = 1;
    uint8_t start_row = 0;
    uint8_t reserved[14] = {};
    uint16_t colsb[16] = {64, 64, 64, 64, 64, 64};
    uint8_t rows[16] = {16, 16, 16, 16, 16, 16};
};
static_assert(sizeof(FullTiles) == 64, "LDTILECFG reads exactly 64 bytes");

}  // namespace

}  // namespace conv1d::peak

#pragma GCC push_options
#pragma GCC target("amx-tile,amx-bf16,avx512f,avx512bw,avx512bf16")  // the loops only; see below

namespace conv1d::peak {

namespace {

constexpr double kFlopsPerDp = 2.0 * 16 * 16 * 32;  // one TDPBF16PS on full 16x64-byte tiles

// Runs TDPBF16PS into `Accumulators` independent C tiles (0..3) from A tile 4 and B tile 5 on every
// thread for about `seconds`; returns GFLOP/s over all threads.
template <int Accumulators>
double dp_loop(int threads, double seconds) {
    double total_dp = 0.0, wall = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : total_dp) reduction(max : wall)
    {
        alignas(64) static thread_local uint16_t ones[512];
        std::fill(ones, ones + 512, uint16_t(0x3f80));  // bf16 1.0: nonzero data, in case zeros are cheaper
        const FullTiles config;
        __asm__ volatile("" ::: "memory");  // GCC's _tile_loadconfig says it reads 8 bytes: store all 64 first
        _tile_loadconfig(&config);
        _tile_loadd(4, ones, 64);
        _tile_loadd(5, ones, 64);
        _tile_zero(0); _tile_zero(1); _tile_zero(2); _tile_zero(3);
#pragma omp barrier
        const double start = omp_get_wtime();
        double now = start;
        long rounds = 0;
        do {
            for (int i = 0; i < 64; ++i) {
                _tile_dpbf16ps(0, 4, 5);
                if (Accumulators > 1) _tile_dpbf16ps(1, 4, 5);
                if (Accumulators > 2) _tile_dpbf16ps(2, 4, 5);
                if (Accumulators > 3) _tile_dpbf16ps(3, 4, 5);
            }
            ++rounds;
            now = omp_get_wtime();
        } while (now - start < seconds);
        _tile_release();
        total_dp = double(rounds) * 64 * Accumulators;
        wall = now - start;
    }
    return wall > 0 ? total_dp * kFlopsPerDp / wall * 1e-9 : 0.0;
}

}  // namespace

}  // namespace conv1d::peak

// Compiled for any x86-64, as is peak::measure_gflops, which checks for AMX before calling it (under
// the AMX target, GCC put AVX-512 instructions before such a check in the sanitizer build: SIGILL on
// an AVX2 EPYC).
#pragma GCC pop_options

namespace conv1d::peak {

namespace {

double tdpbf16_gflops(int threads, double seconds) {
    // The best of one, two and four accumulator chains. On the Sapphire Rapids VM this suite was
    // built on, one chain reaches ~980 FLOP/cycle while four chains fed by the same tiles drop to
    // ~400 (measured 2.15 vs 0.9 TFLOP/s on one thread), so a single fixed shape would under-state
    // the peak and over-state every kernel's share of it.
    const double slice = seconds / 3;
    return std::max({dp_loop<1>(threads, slice), dp_loop<2>(threads, slice), dp_loop<4>(threads, slice)});
}

}  // namespace

PeakLoop tdpbf16_loop() { return {{}, tdpbf16_gflops, nullptr}; }

}  // namespace conv1d::peak
