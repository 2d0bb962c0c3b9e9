#include "kernels/amx/tap_conv.hpp"

#include <omp.h>

#include <algorithm>
#include <string>

#include "conv1d/bf16.hpp"
#include "kernels/amx/brgemm_tiles.hpp"
#include "kernels/amx/buffer.hpp"
#include "kernels/amx/pack.hpp"
#include "kernels/amx/tile_config.hpp"

namespace conv1d::amx {

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
    int64_t out_width_pad, packed_width;   // width blocks cover out_width_pad; packed rows hold packed_width pairs
    int64_t a_tile_bytes() const { return int64_t(m_rows) * k_pairs * 4; }
    int64_t packed_rows() const { return chunks * 16; }
};

Geometry make_geometry(const Problem& p) {
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
    // Rows of a B tile are packed_width*4 bytes apart; an odd number of cache lines keeps the
    // 16 rows of a tile in different L1 sets.
    g.packed_width = round_up(g.out_width_pad + (g.T - 1) * g.G * g.d, 16);
    if ((g.packed_width / 16) % 2 == 0) g.packed_width += 16;
    return g;
}

class TapConvPlan final : public Plan {
public:
    TapConvPlan(const Problem& p, const Tensors& t, int threads)
        : p_(p), g_(make_geometry(p)), threads_(threads),
          config_(TileShape{g_.ma, g_.nb, g_.m_rows, int(g_.k_pairs)}),
          weights_(g_.m_chunks * g_.T * g_.chunks * g_.m_rows * g_.k_pairs * 2),
          packed_(g_.N * g_.packed_rows() * g_.packed_width),
          c_scratch_(int64_t(threads) * g_.ma * g_.nb * g_.m_rows * 16) {
        const bool fwd = p.pass == Pass::FWD_D;
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
    std::string isa() const override { return "amx_bf16"; }
    PlanParams params() const override {
        return {{"blocking", std::to_string(g_.ma) + "x" + std::to_string(g_.nb)},
                {"width_block", std::to_string(16 * g_.nb)},
                {"taps_per_tile_row", std::to_string(g_.G)},
                {"reduction_pairs_per_tile", std::to_string(g_.k_pairs)},
                {"tap_groups", std::to_string(g_.T)},
                {"channel_chunks", std::to_string(g_.chunks)}};
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
        bf16_t* out = weights_.get();
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

    // Packed pair row v of image n: pairs (Src[2p], Src[2p+1]) shifted by g*d - lpad.
    void pack_rows(int64_t item) const {
        constexpr int64_t kPiece = 4096;  // width pieces spread a few long rows over the threads
        const int64_t pieces = ceil_div(g_.packed_width, kPiece);
        const int64_t row = item / pieces, piece = item % pieces;
        const int64_t n = row / g_.packed_rows(), v = row % g_.packed_rows();
        uint32_t* dst = packed_.get() + row * g_.packed_width;
        const int64_t w0 = piece * kPiece, w1 = std::min(g_.packed_width, w0 + kPiece);
        if (v >= g_.V) {
            std::fill(dst + w0, dst + w1, 0u);
            return;
        }
        const int64_t tap = v / g_.P, r = 2 * (v % g_.P);
        const bf16_t* base = src_ + n * g_.R * g_.src_width;
        const bf16_t* lo = base + r * g_.src_width;
        const bf16_t* hi = r + 1 < g_.R ? lo + g_.src_width : nullptr;
        pack_pair_row(dst, lo, hi, tap * g_.d - g_.lpad, g_.src_width, w0, w1);
    }

    template <class Block>
    void compute_block(int64_t n, int64_t wb, int64_t mg, float* c) const {
        const int64_t w0 = wb * 16 * Block::nb;
        const int64_t a_tile = g_.a_tile_bytes();
        BatchOperand a, b;
        const char* weights = reinterpret_cast<const char*>(weights_.get());
        for (int j = 0; j < Block::ma; ++j) a.base[j] = weights + (mg * Block::ma + j) * g_.T * g_.chunks * a_tile;
        a.row_stride = g_.k_pairs * 4;
        a.outer = g_.chunks * a_tile;
        a.inner = a_tile;
        const int64_t b_row = g_.packed_width * 4;
        const char* packed = reinterpret_cast<const char*>(packed_.get() + n * g_.packed_rows() * g_.packed_width + w0);
        for (int j = 0; j < Block::nb; ++j) b.base[j] = packed + 64 * j;  // 16 pairs = 64 bytes further
        b.row_stride = b_row;
        b.outer = g_.G * g_.d * 4;
        b.inner = 16 * b_row;
        Block::zero();
        brgemm<Block>(a, b, int(g_.T), int(g_.chunks));
        const int64_t tile_bytes = g_.m_rows * 64;
        Block::store(CTiles{c, 64, Block::nb * tile_bytes, tile_bytes});
        for (int ma = 0; ma < Block::ma; ++ma)
            for (int row = 0; row < g_.m_rows; ++row) {
                const int64_t m = (mg * Block::ma + ma) * g_.m_rows + row;
                if (m >= g_.M) break;
                bf16_t* out = dst_ + (n * g_.M + m) * g_.out_width;
                for (int nb = 0; nb < Block::nb; ++nb) {
                    const int64_t w = w0 + nb * 16;
                    if (w >= g_.out_width) break;
                    store_bf16(c + ((ma * Block::nb + nb) * g_.m_rows + row) * 16, out + w,
                               int(std::min<int64_t>(16, g_.out_width - w)));
                }
            }
    }

    template <class Block>
    void run() noexcept {
        const int64_t pack_items = g_.N * g_.packed_rows() * ceil_div(g_.packed_width, 4096);
        const int64_t width_blocks = g_.out_width_pad / (16 * Block::nb);
        const int64_t m_groups = g_.m_chunks / Block::ma;
#pragma omp parallel num_threads(threads_)
        {
#pragma omp for schedule(static)
            for (int64_t item = 0; item < pack_items; ++item) pack_rows(item);
            // (the implicit barrier above makes the packed rows visible to every thread)
            const int id = omp_get_thread_num();
            float* c = c_scratch_.get() + int64_t(id) * Block::ma * Block::nb * g_.m_rows * 16;
            const Range mine = split(g_.N * width_blocks, id, omp_get_num_threads());
            if (mine.begin < mine.end) {
                TileScope tiles(config_);
                for (int64_t blk = mine.begin; blk < mine.end; ++blk)
                    for (int64_t mg = 0; mg < m_groups; ++mg)
                        compute_block<Block>(blk / width_blocks, blk % width_blocks, mg, c);
            }
        }
    }

    Problem p_;
    Geometry g_;
    int threads_;
    TileConfig config_;
    const bf16_t* src_ = nullptr;
    bf16_t* dst_ = nullptr;
    Scratch<bf16_t> weights_;
    Scratch<uint32_t> packed_;
    Scratch<float> c_scratch_;
};

}  // namespace

std::unique_ptr<Plan> make_tap_conv_plan(const Problem& p, const Tensors& t, int threads) {
    return std::make_unique<TapConvPlan>(p, t, threads);
}

}  // namespace conv1d::amx
