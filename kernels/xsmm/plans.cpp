// The plans of the three passes: weights re-laid out once at plan time, one engine call per execute().
#include "plans.hpp"

#include <cstdint>
#include <string>

#include "dilated_correlation.hpp"
#include "element_traits.hpp"
#include "kernels/common/scratch.hpp"
#include "kernels/common/work_split.hpp"
#include "weight_gradient.hpp"

namespace conv1d::xsmm {

namespace {

// taps[t] as a column-major rows_padded x cols matrix: taps[t](r, c) = at(t, r, c), zero in the
// pad rows r >= rows (bf16 pads the reduction to even).
template <class T, class At>
common::Scratch<T> relayout_taps(int64_t taps, int64_t rows, int64_t rows_padded, int64_t cols, At at) {
    common::Scratch<T> out(taps * cols * rows_padded);
    for (int64_t t = 0; t < taps; ++t)
        for (int64_t c = 0; c < cols; ++c)
            for (int64_t r = 0; r < rows; ++r) out[(t * cols + c) * rows_padded + r] = at(t, r, c);
    return out;
}

// Forward or backward data: execute() = engine.run(src, out).
template <class T>
class CorrelationPlan final : public Plan {
public:
    CorrelationPlan(std::unique_ptr<DilatedCorrelation<T>> engine, const void* src, void* out)
        : engine_(std::move(engine)), src_(static_cast<const T*>(src)), out_(static_cast<T*>(out)),
          names_(XsmmTraits<T>::names()) {}
    void execute() noexcept override { engine_->run(src_, out_); }
    std::string impl() const override {
        return std::string("brgemm_") + to_string(engine_->tuning().variant) + ":" + names_.impl;
    }
    Isa isa() const override { return names_.isa; }
    PlanParams params() const override { return engine_->params(); }

private:
    std::unique_ptr<DilatedCorrelation<T>> engine_;
    const T* src_;
    T* out_;
    IsaNames names_;
};

// Backward weight: execute() = engine.run(input, diff_dst, diff_wei).
template <class T>
class WeightGradientPlan final : public Plan {
public:
    WeightGradientPlan(std::unique_ptr<WeightGradient<T>> engine, const Tensors& t)
        : engine_(std::move(engine)), t_(t), names_(XsmmTraits<T>::names()) {}
    void execute() noexcept override {
        engine_->run(static_cast<const T*>(t_.input), static_cast<const T*>(t_.output), static_cast<T*>(t_.weight));
    }
    std::string impl() const override { return std::string("gemm:") + names_.impl; }
    Isa isa() const override { return names_.isa; }
    PlanParams params() const override { return engine_->params(); }

private:
    std::unique_ptr<WeightGradient<T>> engine_;
    Tensors t_;
    IsaNames names_;
};

template <class T>
std::unique_ptr<Plan> make_typed_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning) {
    const T* w = static_cast<const T*>(t.weight);
    // The reduction rows (C for forward, K for backward data) padded to the GEMM's granule (even for
    // the bf16 VNNI pairs).
    const auto padded = [](int64_t rows) { return common::round_up(rows, XsmmTraits<T>::granule); };
    switch (p.pass) {
        case Pass::FWD_D: {
            // taps[s](c, k) = weight(k, c, s): layout (S, K, C).
            auto taps = relayout_taps<T>(p.S, p.C, padded(p.C), p.K, [&](int64_t s, int64_t c, int64_t k) {
                return w[(k * p.C + c) * p.S + s];
            });
            auto engine = std::make_unique<DilatedCorrelation<T>>(
                CorrelationShape{p.N, p.C, p.W, p.K, p.Q(), p.S, p.d, 0}, tuning, std::move(taps), threads);
            return std::make_unique<CorrelationPlan<T>>(std::move(engine), t.input, t.output);
        }
        case Pass::BWD_D: {
            // Flipped: taps[t](k, c) = weight(k, c, S-1-t), layout (S, C, K), so that the tap windows
            // of a block lie at increasing columns of diff_dst.
            auto taps = relayout_taps<T>(p.S, p.K, padded(p.K), p.C, [&](int64_t tap, int64_t k, int64_t c) {
                return w[(k * p.C + c) * p.S + (p.S - 1 - tap)];
            });
            const CorrelationShape shape{p.N, p.K, p.Q(), p.C, p.W, p.S, p.d, -(p.S - 1) * p.d};
            auto engine = std::make_unique<DilatedCorrelation<T>>(shape, tuning, std::move(taps), threads);
            return std::make_unique<CorrelationPlan<T>>(std::move(engine), t.output, t.input);
        }
        case Pass::BWD_W:
            return std::make_unique<WeightGradientPlan<T>>(std::make_unique<WeightGradient<T>>(p, tuning, threads), t);
    }
    return nullptr;
}

}  // namespace

std::unique_ptr<Plan> make_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning) {
    return p.dt == DataType::f32 ? make_typed_plan<float>(p, t, threads, tuning)
                                 : make_typed_plan<bf16_t>(p, t, threads, tuning);
}

}  // namespace conv1d::xsmm
