// The pragma comes before our own header here: placed after it, GCC did not apply the target to the
// members declared there ("inlining failed ... target specific option mismatch" on _tile_loadconfig).
#include <cstdint>
#include <immintrin.h>

#pragma GCC target("amx-tile,amx-bf16,avx512f,avx512bw,avx512bf16")  // only what follows; see CMakeLists.txt
#include "kernels/amx/tile_config.hpp"

namespace conv1d::amx {

TileConfig::TileConfig(const TileShape& s) {
    const int n_c = s.ma * s.nb;
    for (int t = 0; t < n_c; ++t) {  // C: m_rows x 16 floats
        rows[t] = uint8_t(s.m_rows);
        colsb[t] = 64;
    }
    for (int t = n_c; t < n_c + s.ma; ++t) {  // A: m_rows x (2 * k_pairs) bf16
        rows[t] = uint8_t(s.m_rows);
        colsb[t] = uint16_t(4 * s.k_pairs);
    }
    for (int t = n_c + s.ma; t < n_c + s.ma + s.nb; ++t) {  // B: k_pairs x 16 VNNI pairs
        rows[t] = uint8_t(s.k_pairs);
        colsb[t] = 64;
    }
}

TileScope::TileScope(const TileConfig& config) {
    // GCC's _tile_loadconfig tells the compiler it reads only 8 bytes; make sure all 64 are stored.
    __asm__ volatile("" ::: "memory");
    _tile_loadconfig(&config);
}

TileScope::~TileScope() { _tile_release(); }

}  // namespace conv1d::amx
