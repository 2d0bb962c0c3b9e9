// The three FP32 plans: weights re-laid out once at plan time, one engine call per execute().
#include "dilated_correlation_f32.hpp"
#include "plan_adapters.hpp"
#include "plans.hpp"
#include "weight_gradient_f32.hpp"

namespace conv1d::xsmm {

std::unique_ptr<Plan> make_f32_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning) {
    const CorrelationTuning ct{tuning.width_block, tuning.variant, tuning.pack_always, tuning.tap_group};
    const float* w = static_cast<const float*>(t.weight);
    using Correlation = CorrelationPlan<DilatedCorrelationF32, float>;
    switch (p.pass) {
        case Pass::FWD_D: {
            // taps[s](c, k) = weight(k, c, s): layout (S, K, C).
            auto taps = relayout_taps<float>(p.S, p.C, p.C, p.K, [&](int64_t s, int64_t c, int64_t k) {
                return w[(k * p.C + c) * p.S + s];
            });
            auto engine = std::make_unique<DilatedCorrelationF32>(CorrelationShape{p.N, p.C, p.W, p.K, p.Q(), p.S, p.d, 0},
                                                                  ct, std::move(taps), threads);
            return std::make_unique<Correlation>(std::move(engine), t.input, t.output, fp32_names());
        }
        case Pass::BWD_D: {
            // Flipped: taps[t](k, c) = weight(k, c, S-1-t), layout (S, C, K), so that the tap windows
            // of a block lie at increasing columns of diff_dst.
            auto taps = relayout_taps<float>(p.S, p.K, p.K, p.C, [&](int64_t tap, int64_t k, int64_t c) {
                return w[(k * p.C + c) * p.S + (p.S - 1 - tap)];
            });
            auto engine = std::make_unique<DilatedCorrelationF32>(
                CorrelationShape{p.N, p.K, p.Q(), p.C, p.W, p.S, p.d, -(p.S - 1) * p.d}, ct, std::move(taps), threads);
            return std::make_unique<Correlation>(std::move(engine), t.output, t.input, fp32_names());
        }
        case Pass::BWD_W: {
            auto engine = std::make_unique<WeightGradientF32>(p, WeightGradientTuning{tuning.width_block}, threads);
            return std::make_unique<WeightGradientPlan<WeightGradientF32, float>>(std::move(engine), t, fp32_names());
        }
    }
    return nullptr;
}

}  // namespace conv1d::xsmm
