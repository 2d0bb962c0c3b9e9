// What the six plans share: the weight re-layout into per-tap GEMM operands, and the Plan
// classes that bind an engine to the tensors of one pass.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "aligned_buffer.hpp"
#include "conv1d/cpu.hpp"
#include "conv1d/kernel.hpp"

namespace conv1d::xsmm {

// taps[t] as a column-major rows_padded x cols matrix: taps[t](r, c) = at(t, r, c), zero in the
// pad rows r >= rows (bf16 pads the reduction to even).
template <class T, class At>
AlignedBuffer<T> relayout_taps(int64_t taps, int64_t rows, int64_t rows_padded, int64_t cols, At at) {
    AlignedBuffer<T> out(size_t(taps * cols * rows_padded));
    for (int64_t t = 0; t < taps; ++t)
        for (int64_t c = 0; c < cols; ++c)
            for (int64_t r = 0; r < rows; ++r) out[(t * cols + c) * rows_padded + r] = at(t, r, c);
    return out;
}

struct IsaNames {
    Isa isa;           // the peak the FLOPs are judged against
    const char* impl;  // suffix of impl()
};
// FP32 runs on whatever FMA width the CPU has; LIBXSMM's JIT is capped to it (brgemm.cpp).
inline IsaNames fp32_names() {
    const Isa isa = fp32_isa(cpu_features());
    return {isa, isa == Isa::avx512_fp32 ? "avx512" : "avx2"};
}
inline constexpr IsaNames kBf16{Isa::avx512_bf16, "avx512_bf16"};

// Forward or backward data: execute() = engine.run(src, out).
template <class Engine, class T>
class CorrelationPlan final : public Plan {
public:
    CorrelationPlan(std::unique_ptr<Engine> engine, const void* src, void* out, IsaNames names)
        : engine_(std::move(engine)), src_(static_cast<const T*>(src)), out_(static_cast<T*>(out)), names_(names) {}
    void execute() noexcept override { engine_->run(src_, out_); }
    std::string impl() const override {
        return std::string("brgemm_") + to_string(engine_->tuning().variant) + ":" + names_.impl;
    }
    Isa isa() const override { return names_.isa; }
    PlanParams params() const override { return engine_->params(); }

private:
    std::unique_ptr<Engine> engine_;
    const T* src_;
    T* out_;
    IsaNames names_;
};

// Backward weight: execute() = engine.run(input, diff_dst, diff_wei).
template <class Engine, class T>
class WeightGradientPlan final : public Plan {
public:
    WeightGradientPlan(std::unique_ptr<Engine> engine, const Tensors& t, IsaNames names)
        : engine_(std::move(engine)), t_(t), names_(names) {}
    void execute() noexcept override {
        engine_->run(static_cast<const T*>(t_.input), static_cast<const T*>(t_.output), static_cast<T*>(t_.weight));
    }
    std::string impl() const override { return std::string("gemm:") + names_.impl; }
    Isa isa() const override { return names_.isa; }
    PlanParams params() const override { return engine_->params(); }

private:
    std::unique_ptr<Engine> engine_;
    Tensors t_;
    IsaNames names_;
};

}  // namespace conv1d::xsmm
