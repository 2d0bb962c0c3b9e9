#include "xsmm_backend.hpp"

#include "conv1d/cpu.hpp"
#include "plans.hpp"
#include "tuning.hpp"

namespace conv1d {

namespace {

class XsmmBackend final : public Backend {
public:
    std::string name() const override { return "xsmm"; }
    Role role() const override { return Role::ours; }

    SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const override {
        return SupportAnswer::needs(p.dt == DataType::f32 ? Isa::avx2_fp32 : Isa::avx512_bf16, cpu);
    }

    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const override {
        return xsmm::make_plan(p, t, threads, xsmm::default_tuning(p, cpu_features()));
    }
};

}  // namespace

const Backend& xsmm_backend() {
    static const XsmmBackend backend;
    return backend;
}

}  // namespace conv1d
