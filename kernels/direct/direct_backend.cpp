#include "kernels/direct/direct_backend.hpp"

#include <memory>
#include <stdexcept>

#include "conv1d/cpu.hpp"
#include "kernels/direct/correlation.hpp"
#include "kernels/direct/microkernels.hpp"
#include "kernels/direct/weight_grad.hpp"

namespace conv1d {

namespace {

using direct::Correlation;
using direct::CorrShape;
using direct::MicroKernels;
using direct::WeightGrad;

// The widest FP32 ISA of the ISA table this CPU has (CONV1D_DISABLE_ISA respected), and its kernels.
const MicroKernels& kernels_for(Isa isa) {
    return isa == Isa::avx512_fp32 ? direct::avx512_kernels() : direct::avx2_kernels();
}

const char* isa_suffix(Isa isa) { return isa == Isa::avx512_fp32 ? "avx512" : "avx2"; }

class CorrelationPlan final : public Plan {
public:
    CorrelationPlan(std::unique_ptr<Correlation> engine, const void* src, void* out, Isa isa)
        : engine_(std::move(engine)), src_(static_cast<const float*>(src)), out_(static_cast<float*>(out)), isa_(isa) {}
    void execute() noexcept override { engine_->run(src_, out_); }
    std::string impl() const override { return std::string("direct:") + isa_suffix(isa_); }
    Isa isa() const override { return isa_; }
    PlanParams params() const override { return engine_->params(); }

private:
    std::unique_ptr<Correlation> engine_;
    const float* src_;
    float* out_;
    Isa isa_;
};

class WeightGradPlan final : public Plan {
public:
    WeightGradPlan(std::unique_ptr<WeightGrad> engine, const Tensors& t, Isa isa) : engine_(std::move(engine)), t_(t), isa_(isa) {}
    void execute() noexcept override {
        engine_->run(static_cast<const float*>(t_.input), static_cast<const float*>(t_.output), static_cast<float*>(t_.weight));
    }
    std::string impl() const override { return std::string("direct_wgrad:") + isa_suffix(isa_); }
    Isa isa() const override { return isa_; }
    PlanParams params() const override { return engine_->params(); }

private:
    std::unique_ptr<WeightGrad> engine_;
    Tensors t_;
    Isa isa_;
};

class DirectBackend final : public Backend {
public:
    std::string name() const override { return "direct"; }
    Role role() const override { return Role::ours; }

    SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const override {
        if (p.dt != DataType::f32) return SupportAnswer::unimplemented("direct backend is f32 only so far");
        return SupportAnswer::needs(Isa::avx2_fp32, cpu);
    }

    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const override {
        p.validate();
        const SupportAnswer answer = supports(p, cpu_features());
        if (answer.support != Support::supported) throw std::runtime_error("direct backend: " + answer.reason);
        const Isa isa = fp32_isa(cpu_features());
        const MicroKernels& k = kernels_for(isa);
        const float* w = static_cast<const float*>(t.weight);
        switch (p.pass) {
            case Pass::FWD_D: {
                // W[s][k][c] = weight(k, c, s)
                auto engine = std::make_unique<Correlation>(
                    CorrShape{p.N, p.C, p.W, p.K, p.Q(), p.S, p.d, 0}, k,
                    [&](int64_t s, int64_t kk, int64_t c) { return w[(kk * p.C + c) * p.S + s]; }, threads);
                return std::make_unique<CorrelationPlan>(std::move(engine), t.input, t.output, isa);
            }
            case Pass::BWD_D: {
                // Flipped: W[t][c][k] = weight(k, c, S-1-t), so the taps of a block read increasing columns.
                auto engine = std::make_unique<Correlation>(
                    CorrShape{p.N, p.K, p.Q(), p.C, p.W, p.S, p.d, -(p.S - 1) * p.d}, k,
                    [&](int64_t tap, int64_t c, int64_t kk) { return w[(kk * p.C + c) * p.S + (p.S - 1 - tap)]; },
                    threads);
                return std::make_unique<CorrelationPlan>(std::move(engine), t.output, t.input, isa);
            }
            case Pass::BWD_W:
                return std::make_unique<WeightGradPlan>(std::make_unique<WeightGrad>(p, k, threads), t, isa);
        }
        throw std::runtime_error("direct backend: unknown pass");
    }
};

}  // namespace

const Backend& direct_backend() {
    static const DirectBackend backend;
    return backend;
}

}  // namespace conv1d
