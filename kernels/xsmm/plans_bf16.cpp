// The three BF16 plans: weights re-laid out at plan time with the reduction rows (C for forward,
// K for backward data) padded to even for the VNNI pairs; one engine call per execute().
#include "dilated_correlation_bf16.hpp"
#include "plan_adapters.hpp"
#include "plans.hpp"
#include "weight_gradient_bf16.hpp"

namespace conv1d::xsmm {

std::unique_ptr<Plan> make_bf16_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning) {
    const CorrelationTuning ct{tuning.width_block, tuning.variant, true, 0};  // bf16 always packs (VNNI)
    const bf16_t* w = static_cast<const bf16_t*>(t.weight);
    using Correlation = CorrelationPlan<DilatedCorrelationBF16, bf16_t>;
    const auto even = DilatedCorrelationBF16::even;
    switch (p.pass) {
        case Pass::FWD_D: {
            auto taps = relayout_taps<bf16_t>(p.S, p.C, even(p.C), p.K, [&](int64_t s, int64_t c, int64_t k) {
                return w[(k * p.C + c) * p.S + s];
            });
            auto engine = std::make_unique<DilatedCorrelationBF16>(
                CorrelationShape{p.N, p.C, p.W, p.K, p.Q(), p.S, p.d, 0}, ct, std::move(taps), threads);
            return std::make_unique<Correlation>(std::move(engine), t.input, t.output, kBf16);
        }
        case Pass::BWD_D: {
            auto taps = relayout_taps<bf16_t>(p.S, p.K, even(p.K), p.C, [&](int64_t tap, int64_t k, int64_t c) {
                return w[(k * p.C + c) * p.S + (p.S - 1 - tap)];
            });
            auto engine = std::make_unique<DilatedCorrelationBF16>(
                CorrelationShape{p.N, p.K, p.Q(), p.C, p.W, p.S, p.d, -(p.S - 1) * p.d}, ct, std::move(taps), threads);
            return std::make_unique<Correlation>(std::move(engine), t.output, t.input, kBf16);
        }
        case Pass::BWD_W: {
            auto engine = std::make_unique<WeightGradientBF16>(p, WeightGradientTuning{tuning.width_block}, threads);
            return std::make_unique<WeightGradientPlan<WeightGradientBF16, bf16_t>>(std::move(engine), t, kBf16);
        }
    }
    return nullptr;
}

}  // namespace conv1d::xsmm
