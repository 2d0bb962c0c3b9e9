// The AMX tile configuration of a kernel, and the RAII scope that loads it in the calling thread.
// Tile state is per thread: every OpenMP thread that touches tiles opens its own TileScope.
#pragma once

#include <cstdint>

namespace conv1d::amx {

// Tile numbering used by every kernel in this folder, for an MA x NB block of accumulators:
// C tiles 0 .. MA*NB-1 (row-major over (m, n)), then MA A tiles, then NB B tiles.
struct TileShape {
    int ma = 2;       // A tiles (row blocks of the result)
    int nb = 2;       // B tiles (16-column blocks of the result)
    int m_rows = 16;  // rows of A and C tiles (<= 16)
    int k_pairs = 16; // rows of B tiles = bf16 pairs per A row (<= 16)
};

// The 64-byte LDTILECFG operand (palette 1).
struct alignas(64) TileConfig {
    uint8_t palette = 1;
    uint8_t start_row = 0;
    uint8_t reserved[14] = {};
    uint16_t colsb[16] = {};  // bytes per row, tiles 0..7 used
    uint8_t rows[16] = {};

    explicit TileConfig(const TileShape& shape);
};
static_assert(sizeof(TileConfig) == 64, "LDTILECFG reads exactly 64 bytes");

// Loads a tile configuration on construction, releases the tiles on destruction.
class TileScope {
public:
    explicit TileScope(const TileConfig& config);
    ~TileScope();
    TileScope(const TileScope&) = delete;
    TileScope& operator=(const TileScope&) = delete;
};

}  // namespace conv1d::amx
