// The batch-reduce GEMM micro-kernel on AMX tiles: C (MA x NB tiles of m_rows x 16 f32, held in
// tile registers) += sum over a batch of A_i (m_rows x 2*k_pairs bf16) times B_i (k_pairs x 16 VNNI
// pairs). GCC's tile intrinsics paste the tile number into the instruction text, so the tile numbers
// must be literals: each blocking is spelled out once below (numbering as in tile_config.hpp).
// The caller must hold a TileScope whose TileShape has the same ma/nb.
#pragma once

#include <immintrin.h>

namespace conv1d::amx {

// Where the tiles of one operand live: tile j (j < MA for A, < NB for B) of batch element
// (i_outer, i_inner) starts at base[j] + i_outer*outer + i_inner*inner (bytes); its rows are
// row_stride bytes apart.
struct BatchOperand {
    const char* base[3] = {};
    long row_stride = 64;
    long outer = 0;
    long inner = 0;
};

// Layout of a block of C tiles in memory (bytes).
struct CTiles {
    float* base = nullptr;
    long row_stride = 64;
    long next_m = 0;
    long next_n = 0;
    char* at(int m, int n) const { return reinterpret_cast<char*>(base) + m * next_m + n * next_n; }
};

// 2 A tiles x 2 B tiles -> 4 accumulators: 4 loads per 4 products (best ratio that fits 8 tiles).
struct Block2x2 {
    static constexpr int ma = 2, nb = 2;
    static void zero() { _tile_zero(0); _tile_zero(1); _tile_zero(2); _tile_zero(3); }
    static void load(const CTiles& c) {
        _tile_loadd(0, c.at(0, 0), c.row_stride); _tile_loadd(1, c.at(0, 1), c.row_stride);
        _tile_loadd(2, c.at(1, 0), c.row_stride); _tile_loadd(3, c.at(1, 1), c.row_stride);
    }
    static void store(const CTiles& c) {
        _tile_stored(0, c.at(0, 0), c.row_stride); _tile_stored(1, c.at(0, 1), c.row_stride);
        _tile_stored(2, c.at(1, 0), c.row_stride); _tile_stored(3, c.at(1, 1), c.row_stride);
    }
    static void step(const char* const* a, long oa, long a_rs, const char* const* b, long ob, long b_rs) {
        _tile_loadd(4, a[0] + oa, a_rs);
        _tile_loadd(6, b[0] + ob, b_rs);
        _tile_dpbf16ps(0, 4, 6);
        _tile_loadd(7, b[1] + ob, b_rs);
        _tile_dpbf16ps(1, 4, 7);
        _tile_loadd(5, a[1] + oa, a_rs);
        _tile_dpbf16ps(2, 5, 6);
        _tile_dpbf16ps(3, 5, 7);
    }
};

// 1 A tile x 3 B tiles: for results with at most 16 rows (K or C <= 16), wide in the other dim.
struct Block1x3 {
    static constexpr int ma = 1, nb = 3;
    static void zero() { _tile_zero(0); _tile_zero(1); _tile_zero(2); }
    static void load(const CTiles& c) {
        _tile_loadd(0, c.at(0, 0), c.row_stride); _tile_loadd(1, c.at(0, 1), c.row_stride);
        _tile_loadd(2, c.at(0, 2), c.row_stride);
    }
    static void store(const CTiles& c) {
        _tile_stored(0, c.at(0, 0), c.row_stride); _tile_stored(1, c.at(0, 1), c.row_stride);
        _tile_stored(2, c.at(0, 2), c.row_stride);
    }
    static void step(const char* const* a, long oa, long a_rs, const char* const* b, long ob, long b_rs) {
        _tile_loadd(3, a[0] + oa, a_rs);
        _tile_loadd(4, b[0] + ob, b_rs);
        _tile_dpbf16ps(0, 3, 4);
        _tile_loadd(5, b[1] + ob, b_rs);
        _tile_dpbf16ps(1, 3, 5);
        _tile_loadd(6, b[2] + ob, b_rs);
        _tile_dpbf16ps(2, 3, 6);
    }
};

// 3 A tiles x 1 B tile: for results with only 16 columns (K <= 16 in the weight gradient).
struct Block3x1 {
    static constexpr int ma = 3, nb = 1;
    static void zero() { _tile_zero(0); _tile_zero(1); _tile_zero(2); }
    static void load(const CTiles& c) {
        _tile_loadd(0, c.at(0, 0), c.row_stride); _tile_loadd(1, c.at(1, 0), c.row_stride);
        _tile_loadd(2, c.at(2, 0), c.row_stride);
    }
    static void store(const CTiles& c) {
        _tile_stored(0, c.at(0, 0), c.row_stride); _tile_stored(1, c.at(1, 0), c.row_stride);
        _tile_stored(2, c.at(2, 0), c.row_stride);
    }
    static void step(const char* const* a, long oa, long a_rs, const char* const* b, long ob, long b_rs) {
        _tile_loadd(6, b[0] + ob, b_rs);
        _tile_loadd(3, a[0] + oa, a_rs);
        _tile_dpbf16ps(0, 3, 6);
        _tile_loadd(4, a[1] + oa, a_rs);
        _tile_dpbf16ps(1, 4, 6);
        _tile_loadd(5, a[2] + oa, a_rs);
        _tile_dpbf16ps(2, 5, 6);
    }
};

// C += sum_{o < n_outer} sum_{i < n_inner} A(o, i) * B(o, i), C staying in tile registers.
template <class Block>
inline void brgemm(const BatchOperand& a, const BatchOperand& b, int n_outer, int n_inner) {
    for (int o = 0; o < n_outer; ++o) {
        long oa = o * a.outer, ob = o * b.outer;
        for (int i = 0; i < n_inner; ++i, oa += a.inner, ob += b.inner)
            Block::step(a.base, oa, a.row_stride, b.base, ob, b.row_stride);
    }
}

}  // namespace conv1d::amx
