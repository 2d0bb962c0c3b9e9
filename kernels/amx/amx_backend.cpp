#include "kernels/amx/amx_backend.hpp"

#include <stdexcept>

#include "kernels/amx/tap_conv.hpp"
#include "kernels/amx/weight_grad.hpp"

namespace conv1d {

namespace {

class AmxBackend final : public Backend {
public:
    std::string name() const override { return "amx"; }
    Role role() const override { return Role::ours; }

    SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const override {
        // What the backend does not do is said the same on every CPU; then what this CPU lacks.
        if (p.dt != DataType::bf16) return SupportAnswer::unimplemented("amx backend is bf16 only");
        if (!cpu.amx_bf16) return SupportAnswer::skip(lacks_reason(Isa::amx_bf16));
        return SupportAnswer::yes();
    }

    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const override {
        p.validate();
        // cpu_features() also asks Linux for tile-data permission; without it the first tile
        // instruction would fault, so never rely on a caller having asked before.
        if (!cpu_features().amx_bf16) throw std::runtime_error("amx backend: " + supports(p, CpuFeatures{}).reason);
        if (p.dt != DataType::bf16) throw std::runtime_error("amx backend: amx backend is bf16 only");
        if (threads < 1) threads = 1;
        if (p.pass == Pass::BWD_W) return amx::make_weight_grad_plan(p, t, threads);
        return amx::make_tap_conv_plan(p, t, threads);
    }
};

}  // namespace

const Backend& amx_backend() {
    static const AmxBackend backend;
    return backend;
}

}  // namespace conv1d
