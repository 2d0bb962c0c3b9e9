#include "kernels/direct/direct_backend.hpp"

#include <functional>
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

// The ISA a problem runs on (the widest FP32 one this CPU has, CONV1D_DISABLE_ISA respected; AVX512-BF16 for
// bf16), its micro-kernel table and its name in impl().
Isa isa_for(const Problem& p) { return p.dt == DataType::bf16 ? Isa::avx512_bf16 : fp32_isa(cpu_features()); }

const MicroKernels& kernels_for(Isa isa) {
    switch (isa) {
        case Isa::avx512_fp32: return direct::avx512_kernels();
        case Isa::avx512_bf16: return direct::avx512_bf16_kernels();
        default: return direct::avx2_kernels();
    }
}

// One engine and the pass's tensors: bind() keeps the tensors and lets `derive` redo what the engine takes
// from them (the packed weights; nothing for backward weight); execute() is `call` on them.
template <class Engine>
class DirectPlan final : public Plan {
public:
    using Derive = std::function<void(Engine&, const Tensors&)>;
    using Call = std::function<void(const Engine&, const Tensors&)>;
    DirectPlan(std::unique_ptr<Engine> engine, const Tensors& t, Derive derive, Call call, const char* what, Isa isa)
        : engine_(std::move(engine)), derive_(std::move(derive)), call_(std::move(call)), what_(what), isa_(isa) {
        bind(t);
    }
    void bind(const Tensors& t) override {
        t_ = t;
        if (derive_) derive_(*engine_, t_);
    }
    void execute() noexcept override { call_(*engine_, t_); }
    std::string impl() const override { return std::string(what_) + ":" + isa_row(isa_).name; }
    Isa isa() const override { return isa_; }
    PlanParams params() const override { return engine_->params(); }

private:
    std::unique_ptr<Engine> engine_;
    Tensors t_;
    Derive derive_;
    Call call_;
    const char* what_;
    Isa isa_;
};

template <class T>
std::unique_ptr<Plan> make_plan(const Problem& p, const Tensors& t, int threads, Isa isa) {
    const MicroKernels& k = kernels_for(isa);
    switch (p.pass) {
        case Pass::FWD_D:
        case Pass::BWD_D: {
            // Forward: W[s][k][c] = weight(k, c, s) over the input. Backward data over diff_dst, flipped:
            // W[t][c][k] = weight(k, c, S-1-t), so the taps of a block read increasing columns.
            const bool fwd = p.pass == Pass::FWD_D;
            const CorrShape shape = fwd ? CorrShape{p.N, p.C, p.W, p.K, p.Q(), p.S, p.d, 0}
                                        : CorrShape{p.N, p.K, p.Q(), p.C, p.W, p.S, p.d, -(p.S - 1) * p.d};
            const auto pack = [p, fwd](Correlation<T>& e, const Tensors& t) {
                const T* w = static_cast<const T*>(t.weight);
                e.pack_taps([&](int64_t tap, int64_t r, int64_t c) {
                    return fwd ? w[(r * p.C + c) * p.S + tap] : w[(c * p.C + r) * p.S + (p.S - 1 - tap)];
                });
            };
            const auto run = [fwd](const Correlation<T>& e, const Tensors& t) {
                e.run(static_cast<const T*>(fwd ? t.input : t.output), static_cast<T*>(fwd ? t.output : t.input));
            };
            return std::make_unique<DirectPlan<Correlation<T>>>(std::make_unique<Correlation<T>>(shape, k, threads), t,
                                                                pack, run, "direct", isa);
        }
        case Pass::BWD_W: {
            const auto run = [](const WeightGrad<T>& e, const Tensors& t) {
                e.run(static_cast<const T*>(t.input), static_cast<const T*>(t.output), static_cast<T*>(t.weight));
            };
            return std::make_unique<DirectPlan<WeightGrad<T>>>(std::make_unique<WeightGrad<T>>(p, k, threads), t,
                                                               nullptr, run, "direct_wgrad", isa);
        }
    }
    throw std::runtime_error("direct backend: unknown pass");
}

class DirectBackend final : public Backend {
public:
    std::string name() const override { return "direct"; }
    Role role() const override { return Role::ours; }

    SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const override {
        return SupportAnswer::needs(p.dt == DataType::bf16 ? Isa::avx512_bf16 : Isa::avx2_fp32, cpu);
    }

    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const override {
        p.validate();
        const SupportAnswer answer = supports(p, cpu_features());
        if (answer.support != Support::supported) throw std::runtime_error("direct backend: " + answer.reason);
        const Isa isa = isa_for(p);
        return p.dt == DataType::bf16 ? make_plan<bf16_t>(p, t, threads, isa) : make_plan<float>(p, t, threads, isa);
    }
};

}  // namespace

const Backend& direct_backend() {
    static const DirectBackend backend;
    return backend;
}

}  // namespace conv1d
