// The three FP32 plans: weight re-layout at plan time, then one engine call per execute().
#include <memory>

#include "dilated_correlation_f32.hpp"
#include "plans.hpp"
#include "weight_gradient_f32.hpp"

namespace conv1d::xsmm {

namespace {

CorrelationTuning correlation_tuning(const Tuning& t) { return {t.width_block, t.variant, t.pack_always}; }

// Forward: taps[s] is weight[:, :, s] as a column-major C x K matrix, i.e. layout (S, K, C).
class ForwardF32 final : public Plan {
public:
    ForwardF32(const Problem& p, const Tensors& t, int threads, const Tuning& tuning)
        : t_(t), engine_(shape(p), correlation_tuning(tuning), relayout(p, static_cast<const float*>(t.weight)), threads) {}
    void execute() noexcept override {
        engine_.run(static_cast<const float*>(t_.input), static_cast<float*>(t_.output));
    }
    std::string impl() const override { return std::string("brgemm_") + to_string(engine_.tuning().variant) + ":avx512"; }
    std::string isa() const override { return "avx512_fp32"; }
    PlanParams params() const override { return engine_.params(); }

private:
    static CorrelationShape shape(const Problem& p) {
        return {p.N, p.C, p.W, p.K, p.Q(), p.S, p.d, 0};
    }
    static AlignedBuffer<float> relayout(const Problem& p, const float* w) {
        AlignedBuffer<float> taps(size_t(p.S * p.K * p.C));
        for (int64_t k = 0; k < p.K; ++k)
            for (int64_t c = 0; c < p.C; ++c)
                for (int64_t s = 0; s < p.S; ++s) taps[(s * p.K + k) * p.C + c] = w[(k * p.C + c) * p.S + s];
        return taps;
    }
    Tensors t_;
    DilatedCorrelationF32 engine_;
};

// Backward data: taps[t] is weight[:, :, S-1-t] as a column-major K x C matrix, i.e. the flipped
// layout (S, C, K), so that the tap windows of a block are at increasing columns of diff_dst.
class BackwardDataF32 final : public Plan {
public:
    BackwardDataF32(const Problem& p, const Tensors& t, int threads, const Tuning& tuning)
        : t_(t), engine_(shape(p), correlation_tuning(tuning), relayout(p, static_cast<const float*>(t.weight)), threads) {}
    void execute() noexcept override {
        engine_.run(static_cast<const float*>(t_.output), static_cast<float*>(t_.input));
    }
    std::string impl() const override { return std::string("brgemm_") + to_string(engine_.tuning().variant) + ":avx512"; }
    std::string isa() const override { return "avx512_fp32"; }
    PlanParams params() const override { return engine_.params(); }

private:
    static CorrelationShape shape(const Problem& p) {
        return {p.N, p.K, p.Q(), p.C, p.W, p.S, p.d, -(p.S - 1) * p.d};
    }
    static AlignedBuffer<float> relayout(const Problem& p, const float* w) {
        AlignedBuffer<float> taps(size_t(p.S * p.C * p.K));
        for (int64_t k = 0; k < p.K; ++k)
            for (int64_t c = 0; c < p.C; ++c)
                for (int64_t s = 0; s < p.S; ++s)
                    taps[((p.S - 1 - s) * p.C + c) * p.K + k] = w[(k * p.C + c) * p.S + s];
        return taps;
    }
    Tensors t_;
    DilatedCorrelationF32 engine_;
};

class BackwardWeightF32 final : public Plan {
public:
    BackwardWeightF32(const Problem& p, const Tensors& t, int threads, const Tuning& tuning)
        : t_(t), engine_(p, WeightGradientTuning{tuning.width_block}, threads) {}
    void execute() noexcept override {
        engine_.run(static_cast<const float*>(t_.input), static_cast<const float*>(t_.output),
                    static_cast<float*>(t_.weight));
    }
    std::string impl() const override { return "gemm:avx512"; }
    std::string isa() const override { return "avx512_fp32"; }
    PlanParams params() const override { return engine_.params(); }

private:
    Tensors t_;
    WeightGradientF32 engine_;
};

}  // namespace

std::unique_ptr<Plan> make_f32_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning) {
    switch (p.pass) {
        case Pass::FWD_D: return std::make_unique<ForwardF32>(p, t, threads, tuning);
        case Pass::BWD_D: return std::make_unique<BackwardDataF32>(p, t, threads, tuning);
        case Pass::BWD_W: return std::make_unique<BackwardWeightF32>(p, t, threads, tuning);
    }
    return nullptr;
}

}  // namespace conv1d::xsmm
