// The plans of the three passes: weights re-laid out at every bind (plan time included), one engine
// call per execute().
#include "plans.hpp"

#include <cstdint>
#include <string>

#include "dilated_correlation.hpp"
#include "element_traits.hpp"
#include "kernels/common/work_split.hpp"
#include "weight_gradient.hpp"

namespace conv1d::xsmm {

namespace {

// Forward: src = input, out = output. Backward data: src = diff_dst, out = diff_src, taps flipped
// (see dilated_correlation.hpp).
CorrelationShape correlation_shape(const Problem& p) {
    if (p.pass == Pass::FWD_D) return {p.N, p.C, p.W, p.K, p.Q(), p.S, p.d, 0};
    return {p.N, p.K, p.Q(), p.C, p.W, p.S, p.d, -(p.S - 1) * p.d};
}

// Forward or backward data: execute() = engine.run(src, out).
template <class T>
class CorrelationPlan final : public Plan {
public:
    CorrelationPlan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning)
        : p_(p), engine_(correlation_shape(p), tuning, threads), names_(XsmmTraits<T>::names()) {
        bind(t);
    }
    void bind(const Tensors& t) override {
        const bool fwd = p_.pass == Pass::FWD_D;
        src_ = static_cast<const T*>(fwd ? t.input : t.output);
        out_ = static_cast<T*>(fwd ? t.output : t.input);
        relayout_taps(static_cast<const T*>(t.weight));
    }
    void execute() noexcept override { engine_.run(src_, out_); }
    std::string impl() const override {
        return std::string("brgemm_") + to_string(engine_.tuning().variant) + ":" + names_.impl;
    }
    Isa isa() const override { return names_.isa; }
    PlanParams params() const override { return engine_.params(); }

private:
    // The engine's taps[t] as column-major (src_rows padded to the granule) x out_rows matrices. Forward:
    // taps[s](c, k) = weight(k, c, s), layout (S, K, C). Backward data, flipped: taps[t](k, c) =
    // weight(k, c, S-1-t), layout (S, C, K), so that the tap windows of a block lie at increasing columns
    // of diff_dst. The pad rows (bf16 pads the reduction to even) are never written: zero.
    void relayout_taps(const T* w) {
        const CorrelationShape s = correlation_shape(p_);
        const int64_t rows_padded = common::round_up(s.src_rows, XsmmTraits<T>::granule);
        const bool fwd = p_.pass == Pass::FWD_D;
        T* taps = engine_.taps();
        for (int64_t t = 0; t < s.taps; ++t)
            for (int64_t r = 0; r < s.out_rows; ++r)
                for (int64_t j = 0; j < s.src_rows; ++j)
                    taps[(t * s.out_rows + r) * rows_padded + j] =
                        fwd ? w[(r * p_.C + j) * p_.S + t] : w[(j * p_.C + r) * p_.S + (p_.S - 1 - t)];
    }

    Problem p_;
    DilatedCorrelation<T> engine_;
    const T* src_ = nullptr;
    T* out_ = nullptr;
    IsaNames names_;
};

// Backward weight: execute() = engine.run(input, diff_dst, diff_wei); nothing is derived from the tensors.
template <class T>
class WeightGradientPlan final : public Plan {
public:
    WeightGradientPlan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning)
        : engine_(p, tuning, threads), t_(t), names_(XsmmTraits<T>::names()) {}
    void bind(const Tensors& t) override { t_ = t; }
    void execute() noexcept override {
        engine_.run(static_cast<const T*>(t_.input), static_cast<const T*>(t_.output), static_cast<T*>(t_.weight));
    }
    std::string impl() const override { return std::string("gemm:") + names_.impl; }
    Isa isa() const override { return names_.isa; }
    PlanParams params() const override { return engine_.params(); }

private:
    WeightGradient<T> engine_;
    Tensors t_;
    IsaNames names_;
};

template <class T>
std::unique_ptr<Plan> make_typed_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning) {
    if (p.pass == Pass::BWD_W) return std::make_unique<WeightGradientPlan<T>>(p, t, threads, tuning);
    return std::make_unique<CorrelationPlan<T>>(p, t, threads, tuning);
}

}  // namespace

std::unique_ptr<Plan> make_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning) {
    return p.dt == DataType::f32 ? make_typed_plan<float>(p, t, threads, tuning)
                                 : make_typed_plan<bf16_t>(p, t, threads, tuning);
}

}  // namespace conv1d::xsmm
