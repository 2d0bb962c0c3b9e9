#include "kernels/amx/tap_conv.hpp"

#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <string>

#include "conv1d/bf16.hpp"
#include "kernels/amx/tile_config.hpp"
#include "kernels/common/scratch.hpp"
#include "kernels/common/vnni.hpp"
#include "kernels/common/work_split.hpp"

#pragma GCC target("amx-tile,amx-bf16,avx512f,avx512bw,avx512bf16")  // only what follows; see CMakeLists.txt
#include "kernels/amx/brgemm_tiles.hpp"


namespace conv1d::amx {

using common::ceil_div;
using common::round_up;

namespace {

// Shapes of the GEMM view. The reduction runs over (tap, source row). Source rows are paired
// (VNNI), giving P pair rows; when P < 16 a tile's 16 pair rows would be half empty, so G taps
// are stacked in the reduction dim instead: packed pair row v = g*P + p holds pair p shifted by
// g*d, and one "tap group" t covers taps t*G .. t*G+G-1.
struct Geometry {
    int64_t N, R, src_width, lpad, M, out_width, S, d;
    int64_t P, G, V, chunks, k_pairs, T;  // pair rows, taps per group, used pair rows, 16-row chunks, B rows, groups
    int m_rows, ma, nb;
    int64_t m_chunks;                      // 16-row chunks of the result, a multiple of ma
    int64_t out_width_pad;                 // width blocks (16*nb outputs each) cover out_width_pad
    int64_t window_blocks, window_width;   // a thread packs the input of window_blocks blocks at a time
    int64_t a_tile_bytes() const { return int64_t(m_rows) * k_pairs * 4; }
    int64_t packed_rows() const { return chunks * 16; }
};

Geometry make_geometry(const Problem& p, int threads) {
    Geometry g{};
    const bool fwd = p.pass == Pass::FWD_D;
    g.N = p.N;
    g.S = p.S;
    g.d = p.d;
    g.R = fwd ? p.C : p.K;
    g.src_width = fwd ? p.W : p.Q();
    g.lpad = fwd ? 0 : (p.S - 1) * p.d;
    g.M = fwd ? p.K : p.C;
    g.out_width = fwd ? p.Q() : p.W;
    g.P = ceil_div(g.R, 2);
    g.G = g.P >= 16 ? 1 : std::min<int64_t>(16 / g.P, p.S);
    g.V = g.G * g.P;
    g.chunks = ceil_div(g.V, 16);
    g.k_pairs = g.chunks == 1 ? g.V : 16;
    g.T = ceil_div(p.S, g.G);
    if (g.M <= 16) {  // one row block: spend the tiles on width instead
        g.m_rows = int(g.M);
        g.ma = 1;
        g.nb = 3;
        g.m_chunks = 1;
    } else {
        g.m_rows = 16;
        g.ma = 2;
        g.nb = 2;
        g.m_chunks = round_up(ceil_div(g.M, 16), 2);
    }
    g.out_width_pad = round_up(g.out_width, 16 * g.nb);
    // The window also needs the taps' reach (halo) past its last output; keep it at least 4x the
    // halo so re-packing the halo costs little, and a few hundred outputs so it stays in L2.
    const int64_t halo = (g.T - 1) * g.G * g.d;
    const int64_t block = 16 * g.nb;
    const int64_t blocks = g.out_width_pad / block;
    g.window_blocks = std::min(ceil_div(std::max<int64_t>(512, 4 * halo), block), blocks);
    // ... but cut the width into at least 4 windows per thread, for the dynamic schedule.
    g.window_blocks = std::max<int64_t>(1, std::min(g.window_blocks, g.N * blocks / (4 * threads)));
    // Rows of a B tile are window_width*4 bytes apart; an odd number of cache lines keeps the
    // 16 rows of a tile in different L1 sets.
    g.window_width = round_up(g.window_blocks * block + halo, 16);
    if ((g.window_width / 16) % 2 == 0) g.window_width += 16;
    return g;
}

class TapConvPlan final : public Plan {
public:
    TapConvPlan(const Problem& p, const Tensors& t, int threads)
        : p_(p), g_(make_geometry(p, threads)), threads_(threads),
          config_(TileShape{g_.ma, g_.nb, g_.m_rows, int(g_.k_pairs)}),
          weights_(g_.m_chunks * g_.T * g_.chunks * g_.m_rows * g_.k_pairs * 2),
          windows_(int64_t(threads) * g_.packed_rows() * g_.window_width),
          c_scratch_(int64_t(threads) * g_.ma * g_.nb * g_.m_rows * 16) {
        bind(t);
    }

    void bind(const Tensors& t) override {
        const bool fwd = p_.pass == Pass::FWD_D;
        src_ = static_cast<const bf16_t*>(fwd ? t.input : t.output);
        dst_ = static_cast<bf16_t*>(fwd ? t.output : t.input);
        pack_weights(static_cast<const bf16_t*>(t.weight));
    }

    void execute() noexcept override {
        if (g_.nb == 3)
            run<Block1x3>();
        else
            run<Block2x2>();
    }

    std::string impl() const override { return g_.G > 1 ? "brgemm_amx:tap_pairs" : "brgemm_amx:taps"; }
    Isa isa() const override { return Isa::amx_bf16; }
    PlanParams params() const override {
        return {{"blocking", std::to_string(g_.ma) + "x" + std::to_string(g_.nb)},
                {"width_block", std::to_string(16 * g_.nb)},
                {"taps_per_tile_row", std::to_string(g_.G)},
                {"reduction_pairs_per_tile", std::to_string(g_.k_pairs)},
                {"tap_groups", std::to_string(g_.T)},
                {"channel_chunks", std::to_string(g_.chunks)},
                {"window_outputs", std::to_string(g_.window_blocks * 16 * g_.nb)}};
    }

private:
    // Weight value Wt[m][r][s] of the GEMM view (see tap_conv.hpp).
    bf16_t weight_at(const bf16_t* w, int64_t m, int64_t r, int64_t s) const {
        if (p_.pass == Pass::FWD_D) return w[(m * p_.C + r) * p_.S + s];
        return w[(r * p_.C + m) * p_.S + (p_.S - 1 - s)];
    }

    // A tiles, one per (row chunk, tap group, reduction chunk), each m_rows x k_pairs pairs,
    // in that order so a batch walks them with a constant stride.
    void pack_weights(const bf16_t* w) {
        bf16_t* out = weights_.data();
        for (int64_t mc = 0; mc < g_.m_chunks; ++mc)
            for (int64_t t = 0; t < g_.T; ++t)
                for (int64_t cc = 0; cc < g_.chunks; ++cc)
                    for (int64_t row = 0; row < g_.m_rows; ++row)
                        for (int64_t i = 0; i < g_.k_pairs; ++i)
                            for (int64_t e = 0; e < 2; ++e) {
                                const int64_t m = mc * g_.m_rows + row, v = cc * 16 + i;
                                const int64_t tap = t * g_.G + v / g_.P, r = 2 * (v % g_.P) + e;
                                const bool real = m < g_.M && v < g_.V && tap < g_.S && r < g_.R;
                                *out++ = real ? weight_at(w, m, r, tap) : bf16_t(0);
                            }
    }

    // Packs the B operand for `count` width blocks of image n from block wb0 on: pair row
    // v = g*P + p holds (Src[2p], Src[2p+1]) at w + g*d - lpad, w counted from the first output.
    void pack_window(int64_t n, int64_t wb0, int64_t count, int nb, uint32_t* window) const {
        const int64_t w_first = wb0 * 16 * nb;
        const int64_t width = count * 16 * nb + (g_.T - 1) * g_.G * g_.d;
        const bf16_t* image = src_ + n * g_.R * g_.src_width;
        for (int64_t v = 0; v < g_.packed_rows(); ++v) {
            uint32_t* dst = window + v * g_.window_width;
            if (v >= g_.V) {
                std::fill(dst, dst + width, 0u);
                continue;
            }
            const int64_t tap = v / g_.P, r = 2 * (v % g_.P);
            const bf16_t* lo = image + r * g_.src_width;
            const bf16_t* hi = r + 1 < g_.R ? lo + g_.src_width : nullptr;
            common::pack_pair_row(dst, lo, hi, w_first + tap * g_.d - g_.lpad, g_.src_width, 0, width);
        }
    }

    template <class Block>
    // Output block (n, w0 .. w0+16*nb) x (row group mg); `window` holds its packed input from
    // pair column `column` on.
    void compute_block(int64_t n, int64_t w0, int64_t mg, const uint32_t* window, int64_t column, float* c) const {
        const int64_t a_tile = g_.a_tile_bytes();
        BatchOperand a, b;
        const char* weights = reinterpret_cast<const char*>(weights_.data());
        for (int j = 0; j < Block::ma; ++j) a.base[j] = weights + (mg * Block::ma + j) * g_.T * g_.chunks * a_tile;
        a.row_stride = g_.k_pairs * 4;
        a.outer = g_.chunks * a_tile;
        a.inner = a_tile;
        const int64_t b_row = g_.window_width * 4;
        const char* packed = reinterpret_cast<const char*>(window + column);
        for (int j = 0; j < Block::nb; ++j) b.base[j] = packed + 64 * j;  // 16 pairs = 64 bytes further
        b.row_stride = b_row;
        b.outer = g_.G * g_.d * 4;
        b.inner = 16 * b_row;
        Block::zero();
        brgemm<Block>(a, b, int(g_.T), int(g_.chunks));
        // Scratch rows hold the nb tiles of one result row side by side, so each output row
        // segment (16*nb values) is converted with whole-vector two-row conversions and masked stores.
        constexpr int row_floats = 16 * Block::nb;
        Block::store(CTiles{c, row_floats * 4, g_.m_rows * row_floats * 4, 64});
        const int64_t valid_w = std::min<int64_t>(row_floats, g_.out_width - w0);
        for (int ma = 0; ma < Block::ma; ++ma) {
            const int64_t m0 = (mg * Block::ma + ma) * g_.m_rows;
            const int64_t rows = std::min<int64_t>(g_.m_rows, g_.M - m0);
            for (int64_t row = 0; row < rows; ++row) {
                const float* src = c + (ma * g_.m_rows + row) * row_floats;
                bf16_t* out = dst_ + (n * g_.M + m0 + row) * g_.out_width + w0;
                for (int j = 0; j < row_floats && j < valid_w; j += 32) {
                    const __m512 lo = _mm512_loadu_ps(src + j);
                    const __m512 hi = j + 16 < row_floats ? _mm512_loadu_ps(src + j + 16) : _mm512_setzero_ps();
                    const __m512i v = reinterpret_cast<__m512i>(_mm512_cvtne2ps_pbh(hi, lo));
                    const int64_t rem = valid_w - j;
                    const __mmask32 mask = rem >= 32 ? ~__mmask32(0) : (__mmask32(1) << rem) - 1;
                    _mm512_mask_storeu_epi16(out + j, mask, v);
                }
            }
        }
    }

    template <class Block>
    void run() noexcept {
        const int64_t width_blocks = g_.out_width_pad / (16 * Block::nb);
        const int64_t windows_per_image = ceil_div(width_blocks, g_.window_blocks);
        const int64_t m_groups = g_.m_chunks / Block::ma;
#pragma omp parallel num_threads(threads_)
        {
            const int id = omp_get_thread_num();
            float* c = c_scratch_.data() + int64_t(id) * Block::ma * Block::nb * g_.m_rows * 16;
            uint32_t* window = windows_.data() + int64_t(id) * g_.packed_rows() * g_.window_width;
            TileScope tiles(config_);
            // Windows are handed out dynamically: on a shared machine one thread may be descheduled
            // for a while, and the other should not wait for it at the end.
#pragma omp for schedule(dynamic, 1) nowait
            for (int64_t win = 0; win < g_.N * windows_per_image; ++win) {
                const int64_t n = win / windows_per_image, wb0 = (win % windows_per_image) * g_.window_blocks;
                const int64_t count = std::min(g_.window_blocks, width_blocks - wb0);
                pack_window(n, wb0, count, Block::nb, window);
                __asm__ volatile("" ::: "memory");  // the tile loads read `window`
                for (int64_t i = 0; i < count; ++i)
                    for (int64_t mg = 0; mg < m_groups; ++mg)
                        compute_block<Block>(n, (wb0 + i) * 16 * Block::nb, mg, window, i * 16 * Block::nb, c);
            }
        }
    }

    Problem p_;
    Geometry g_;
    int threads_;
    TileConfig config_;
    const bf16_t* src_ = nullptr;
    bf16_t* dst_ = nullptr;
    common::Scratch<bf16_t> weights_;
    common::Scratch<uint32_t> windows_;  // per thread: packed_rows x window_width pairs
    common::Scratch<float> c_scratch_;
};

}  // namespace

std::unique_ptr<Plan> make_tap_conv_plan(const Problem& p, const Tensors& t, int threads) {
    return std::make_unique<TapConvPlan>(p, t, threads);
}

}  // namespace conv1d::amx
