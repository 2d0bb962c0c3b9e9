// The three BF16 plans: weights re-laid out (reduction rows padded to even) at plan time.
#include <memory>

#include "dilated_correlation_bf16.hpp"
#include "plans.hpp"
#include "weight_gradient_bf16.hpp"

namespace conv1d::xsmm {

namespace {

CorrelationTuning correlation_tuning(const Tuning& t) { return {t.width_block, t.variant, true}; }

// taps[t] as a column-major (even rows) x cols matrix with taps[t](r, c) = weight at (k, c_in, s)
// given by `at`, zero in the pad row.
template <class At>
AlignedBuffer<bf16_t> relayout(int64_t taps, int64_t rows, int64_t cols, At at) {
    const int64_t rows_even = DilatedCorrelationBF16::even(rows);
    AlignedBuffer<bf16_t> out(size_t(taps * cols * rows_even));
    for (int64_t t = 0; t < taps; ++t)
        for (int64_t c = 0; c < cols; ++c)
            for (int64_t r = 0; r < rows; ++r) out[(t * cols + c) * rows_even + r] = at(t, r, c);
    return out;
}

class ForwardBF16 final : public Plan {
public:
    ForwardBF16(const Problem& p, const Tensors& t, int threads, const Tuning& tuning)
        : t_(t),
          engine_({p.N, p.C, p.W, p.K, p.Q(), p.S, p.d, 0}, correlation_tuning(tuning),
                  relayout(p.S, p.C, p.K,
                           [&](int64_t s, int64_t c, int64_t k) {
                               return static_cast<const bf16_t*>(t.weight)[(k * p.C + c) * p.S + s];
                           }),
                  threads) {}
    void execute() noexcept override {
        engine_.run(static_cast<const bf16_t*>(t_.input), static_cast<bf16_t*>(t_.output));
    }
    std::string impl() const override { return std::string("brgemm_") + to_string(engine_.tuning().variant) + ":avx512_bf16"; }
    std::string isa() const override { return "avx512_bf16"; }
    PlanParams params() const override { return engine_.params(); }

private:
    Tensors t_;
    DilatedCorrelationBF16 engine_;
};

// Flipped taps: taps[t](k, c) = weight(k, c, S-1-t), as for FP32.
class BackwardDataBF16 final : public Plan {
public:
    BackwardDataBF16(const Problem& p, const Tensors& t, int threads, const Tuning& tuning)
        : t_(t),
          engine_({p.N, p.K, p.Q(), p.C, p.W, p.S, p.d, -(p.S - 1) * p.d}, correlation_tuning(tuning),
                  relayout(p.S, p.K, p.C,
                           [&](int64_t tap, int64_t k, int64_t c) {
                               return static_cast<const bf16_t*>(t.weight)[(k * p.C + c) * p.S + (p.S - 1 - tap)];
                           }),
                  threads) {}
    void execute() noexcept override {
        engine_.run(static_cast<const bf16_t*>(t_.output), static_cast<bf16_t*>(t_.input));
    }
    std::string impl() const override { return std::string("brgemm_") + to_string(engine_.tuning().variant) + ":avx512_bf16"; }
    std::string isa() const override { return "avx512_bf16"; }
    PlanParams params() const override { return engine_.params(); }

private:
    Tensors t_;
    DilatedCorrelationBF16 engine_;
};

class BackwardWeightBF16 final : public Plan {
public:
    BackwardWeightBF16(const Problem& p, const Tensors& t, int threads, const Tuning& tuning)
        : t_(t), engine_(p, WeightGradientTuning{tuning.width_block}, threads) {}
    void execute() noexcept override {
        engine_.run(static_cast<const bf16_t*>(t_.input), static_cast<const bf16_t*>(t_.output),
                    static_cast<bf16_t*>(t_.weight));
    }
    std::string impl() const override { return "gemm:avx512_bf16"; }
    std::string isa() const override { return "avx512_bf16"; }
    PlanParams params() const override { return engine_.params(); }

private:
    Tensors t_;
    WeightGradientBF16 engine_;
};

}  // namespace

std::unique_ptr<Plan> make_bf16_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning) {
    switch (p.pass) {
        case Pass::FWD_D: return std::make_unique<ForwardBF16>(p, t, threads, tuning);
        case Pass::BWD_D: return std::make_unique<BackwardDataBF16>(p, t, threads, tuning);
        case Pass::BWD_W: return std::make_unique<BackwardWeightBF16>(p, t, threads, tuning);
    }
    return nullptr;
}

}  // namespace conv1d::xsmm
