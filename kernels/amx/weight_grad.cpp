#include "kernels/amx/weight_grad.hpp"

#include <omp.h>

#include <algorithm>
#include <string>

#include "conv1d/bf16.hpp"
#include "kernels/amx/tile_config.hpp"
#include "kernels/common/partials.hpp"
#include "kernels/common/scratch.hpp"
#include "kernels/common/vnni.hpp"
#include "kernels/common/window.hpp"
#include "kernels/common/work_split.hpp"

#pragma GCC target("amx-tile,amx-bf16,avx512f,avx512bw,avx512bf16")  // only what follows; see CMakeLists.txt
#include "kernels/amx/brgemm_tiles.hpp"


namespace conv1d::amx {

using common::ceil_div;
using common::round_up;

namespace {

constexpr int64_t kQStep = 32;  // q values per A tile row (one tile row = 64 bytes of bf16)

// q values a thread sweeps between loading and storing its C tiles: long sweeps amortise the C
// traffic (1024 measured better than 256 at C=K=64, S=51), but the dynamic schedule needs a few
// units per thread.
int64_t q_block_for(int64_t N, int64_t Q, int threads) {
    int64_t q_block = 1024;
    while (q_block > 2 * kQStep && N * ceil_div(Q, q_block) < 4 * threads) q_block /= 2;
    return q_block;
}

// An "item" is one row block of the result: (channel chunk, tap). With C >= 16 the chunks are 16
// channels each and the last one is moved back to end at C (it overlaps its neighbour but has its
// own partial slot, so no row is counted twice); with C < 16 there is one chunk of C rows.
struct Geometry {
    int64_t N, C, K, W, Q, S, d;
    int m_rows, ma, nb;
    int64_t chunks, items, items_pad, k_tiles, k_pad, q_full, pairs, tail_width, q_block;
    int64_t chunk_start(int64_t ch) const { return C >= 16 ? std::min(ch * 16, C - 16) : 0; }
    int64_t chunk_of(int64_t c) const { return C >= 16 ? std::min(c / 16, chunks - 1) : 0; }
    int64_t tile_floats() const { return int64_t(m_rows) * 16; }
    int64_t partial_floats() const { return items_pad * k_tiles * tile_floats(); }
};

Geometry make_geometry(const Problem& p, int threads) {
    Geometry g{};
    g.N = p.N; g.C = p.C; g.K = p.K; g.W = p.W; g.Q = p.Q(); g.S = p.S; g.d = p.d;
    g.m_rows = int(std::min<int64_t>(p.C, 16));
    g.chunks = p.C >= 16 ? ceil_div(p.C, 16) : 1;
    g.k_tiles = ceil_div(p.K, 16);
    if (g.k_tiles == 1) {  // 16 columns: spend the tiles on three row blocks
        g.ma = 3;
        g.nb = 1;
    } else {
        g.ma = 2;
        g.nb = 2;
        g.k_tiles = round_up(g.k_tiles, 2);
    }
    g.k_pad = g.k_tiles * 16;
    g.items = g.chunks * g.S;
    g.items_pad = round_up(g.items, g.ma);
    g.q_full = g.Q / kQStep * kQStep;
    g.pairs = round_up(g.Q, kQStep) / 2;
    g.tail_width = round_up(kQStep + (g.S - 1) * g.d, 32);
    g.q_block = q_block_for(g.N, g.Q, threads);
    return g;
}

class WeightGradPlan final : public Plan {
public:
    WeightGradPlan(const Problem& p, const Tensors& t, int threads)
        : g_(make_geometry(p, threads)), threads_(threads), config_(TileShape{g_.ma, g_.nb, g_.m_rows, 16}),
          packed_dy_(int64_t(threads) * (g_.q_block / 2) * g_.k_pad),
          partials_(threads, g_.partial_floats()),
          tails_(int64_t(threads) * g_.C * g_.tail_width) {
        bind(t);
    }

    void bind(const Tensors& t) override {
        input_ = static_cast<const bf16_t*>(t.input);
        diff_dst_ = static_cast<const bf16_t*>(t.output);
        diff_wei_ = static_cast<bf16_t*>(t.weight);
    }

    void execute() noexcept override {
        if (g_.nb == 1)
            run<Block3x1>();
        else
            run<Block2x2>();
    }

    std::string impl() const override { return "brgemm_amx:wgrad_q_pairs"; }
    Isa isa() const override { return Isa::amx_bf16; }
    PlanParams params() const override {
        return {{"blocking", std::to_string(g_.ma) + "x" + std::to_string(g_.nb)},
                {"q_block", std::to_string(g_.q_block)},
                {"channel_rows_per_tile", std::to_string(g_.m_rows)},
                {"channel_chunks", std::to_string(g_.chunks)},
                {"k_pad", std::to_string(g_.k_pad)}};
    }

private:
    // Tap and chunk of an item; padding items repeat the last real one (their slot is ignored).
    void item_coords(int64_t item, int64_t& ch, int64_t& s) const {
        item = std::min(item, g_.items - 1);
        ch = item / g_.S;
        s = item % g_.S;
    }

    // Steps over q in [q0, q0 + steps*32) of image n, accumulating into `partial`. The A tiles
    // come from `a_origin` (channel 0, column q0 of an image laid out with rows a_row elements
    // apart); B tiles from the packed diff_dst at pair q_pair0.
    template <class Block>
    void sweep(const bf16_t* a_origin, int64_t a_row, const uint32_t* dy_pairs, int64_t steps, float* partial) const {
        const int64_t tile_bytes = g_.tile_floats() * 4;
        const char* dy = reinterpret_cast<const char*>(dy_pairs);
        BatchOperand a, b;
        a.row_stride = a_row * 2;
        a.inner = kQStep * 2;
        b.row_stride = g_.k_pad * 4;
        b.inner = (kQStep / 2) * g_.k_pad * 4;
        for (int64_t kg = 0; kg < g_.k_tiles / Block::nb; ++kg) {
            for (int j = 0; j < Block::nb; ++j) b.base[j] = dy + (kg * Block::nb + j) * 64;
            for (int64_t ig = 0; ig < g_.items_pad / Block::ma; ++ig) {
                for (int j = 0; j < Block::ma; ++j) {
                    int64_t ch, s;
                    item_coords(ig * Block::ma + j, ch, s);
                    a.base[j] = reinterpret_cast<const char*>(a_origin + g_.chunk_start(ch) * a_row + s * g_.d);
                }
                const CTiles c{partial + (ig * Block::ma * g_.k_tiles + kg * Block::nb) * g_.tile_floats(), 64,
                               g_.k_tiles * tile_bytes, tile_bytes};
                Block::load(c);
                brgemm<Block>(a, b, 1, int(steps));
                Block::store(c);
            }
        }
    }

    // The last, partial step of image n reads the input through a zero-padded copy, so no A row
    // reaches past the end of the tensor.
    template <class Block>
    void sweep_tail(int64_t n, const uint32_t* dy_pairs, bf16_t* tail, float* partial) const {
        common::copy_window(input_ + n * g_.C * g_.W, g_.C, g_.W, g_.q_full, g_.tail_width, g_.tail_width, tail,
                            g_.tail_width);
        __asm__ volatile("" ::: "memory");  // the tile loads below read `tail`
        sweep<Block>(tail, g_.tail_width, dy_pairs, 1, partial);
    }

    template <class Block>
    void run() noexcept {
        const int64_t q_blocks = ceil_div(g_.Q, g_.q_block);
#pragma omp parallel num_threads(threads_)
        {
            const int id = omp_get_thread_num(), team = omp_get_num_threads();  // team <= threads_
            float* partial = partials_.zeroed(id);
            uint32_t* dy_pairs = packed_dy_.data() + id * (g_.q_block / 2) * g_.k_pad;
            {
                TileScope tiles(config_);
                // Dynamic: a thread that the (shared) machine deschedules does not hold up the other.
                // Each unit re-lays out just its own q range of diff_dst (kept hot in this thread's
                // cache), so no barrier separates packing from computing.
#pragma omp for schedule(dynamic, 1) nowait
                for (int64_t u = 0; u < g_.N * q_blocks; ++u) {
                    const int64_t n = u / q_blocks, qa = (u % q_blocks) * g_.q_block;
                    const int64_t qb = std::min(g_.Q, qa + g_.q_block);
                    const int64_t pair_end = std::min(g_.pairs, (qa + g_.q_block) / 2);  // zero-padded tail
                    common::transpose_pairs(dy_pairs, g_.k_pad, diff_dst_ + n * g_.K * g_.Q + qa, g_.Q, g_.K, g_.Q - qa,
                                            pair_end - qa / 2);
                    __asm__ volatile("" ::: "memory");  // the tile loads read dy_pairs
                    const int64_t full_end = std::min(qb, g_.q_full);
                    if (full_end > qa)
                        sweep<Block>(input_ + n * g_.C * g_.W + qa, g_.W, dy_pairs, (full_end - qa) / kQStep, partial);
                    if (qb > g_.q_full)
                        sweep_tail<Block>(n, dy_pairs + (g_.q_full - qa) / 2 * g_.k_pad,
                                          tails_.data() + id * g_.C * g_.tail_width, partial);
                }
            }
            // diff_wei (K, C, S): the partial tiles summed and rounded once to bf16.
            partials_.sum_if_last(
                team, g_.K, g_.C, g_.S,
                [this](int64_t k, int64_t c, int64_t s) {
                    const int64_t ch = g_.chunk_of(c), row = c - g_.chunk_start(ch);
                    return ((ch * g_.S + s) * g_.k_tiles + k / 16) * g_.tile_floats() + row * 16 + k % 16;
                },
                [](float v) { return float_to_bf16(v); }, diff_wei_);
        }
    }

    Geometry g_;
    int threads_;
    TileConfig config_;
    const bf16_t* input_ = nullptr;
    const bf16_t* diff_dst_ = nullptr;
    bf16_t* diff_wei_ = nullptr;
    common::Scratch<uint32_t> packed_dy_;  // per thread: the q-pairs of the unit it works on
    common::ThreadPartials partials_;      // per thread: partial_floats() of C tiles
    common::Scratch<bf16_t> tails_;
};

}  // namespace

std::unique_ptr<Plan> make_weight_grad_plan(const Problem& p, const Tensors& t, int threads) {
    return std::make_unique<WeightGradPlan>(p, t, threads);
}

}  // namespace conv1d::amx
