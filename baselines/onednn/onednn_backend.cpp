#include "onednn_backend.hpp"

#include <stdexcept>

#include <dnnl_debug.h>

#include "onednn_context.hpp"
#include "onednn_convolution.hpp"
#include "onednn_plan.hpp"

namespace conv1d {

namespace {

std::string describe(const dnnl::error& e) { return std::string(e.what()) + " (" + dnnl_status2str(e.status) + ")"; }

// SupportAnswer::needs, with what needs the ISA said first.
SupportAnswer needs(Isa isa, const CpuFeatures& cpu, const std::string& what) {
    SupportAnswer a = SupportAnswer::needs(isa, cpu);
    if (a.support != Support::supported) a.reason = what + ": " + a.reason;
    return a;
}

class OnednnBackend final : public Backend {
public:
    std::string name() const override {
#ifdef CONV1D_ONEDNN_PLUGIN  // one of several oneDNN builds in a process, told apart by version
        return "onednn-" + std::to_string(DNNL_VERSION_MAJOR) + "." + std::to_string(DNNL_VERSION_MINOR);
#else
        return "onednn";
#endif
    }
    Role role() const override { return Role::baseline; }

    SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const override {
        // The suite's FP32 peaks are AVX2 and AVX-512 ones: below AVX2 there is none to judge against.
        if (SupportAnswer a = needs(Isa::avx2_fp32, cpu, "oneDNN baseline"); a.support != Support::supported) return a;
        if (p.dt == DataType::bf16) {  // (oneDNN 2.6's CPU bf16 starts at avx512_core)
            SupportAnswer a = needs(Isa::avx512_fp32, cpu, "oneDNN has no bf16 convolution here");
            if (a.support != Support::supported) return a;
        }
        // bf16 without AVX512-BF16 is emulated by oneDNN (isa() then names the FP32 peak); whether
        // oneDNN can do p at all only it knows, so ask it for a primitive descriptor.
        try {
            const std::string impl = onednn::describe_convolution(p, onednn::cpu_engine()).pd.impl_info_str();
            // Its reference loops ("ref:any", e.g. bf16 on an AVX2 CPU) are no baseline for an
            // optimized kernel, and take minutes on the paper's shapes.
            if (impl.rfind("ref", 0) == 0)
                return SupportAnswer::skip("oneDNN has only its reference loops (" + impl + ") for " + to_string(p.dt) +
                                           " " + to_string(p.pass) + " on this CPU");
        } catch (const dnnl::error& e) {
            return SupportAnswer::skip("oneDNN has no convolution for " + p.descriptor() + " " + to_string(p.dt) + " " +
                                       to_string(p.pass) + ": " + describe(e));
        }
        return SupportAnswer::yes();
    }

    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const override {
        try {
            return std::make_unique<onednn::OnednnPlan>(p, t, threads);
        } catch (const dnnl::error& e) {
            throw std::runtime_error("oneDNN could not plan " + p.descriptor() + " " + to_string(p.dt) + " " +
                                     to_string(p.pass) + ": " + describe(e));
        }
    }
};

}  // namespace

const Backend& onednn_backend() {
    static const OnednnBackend backend;
    return backend;
}

std::string onednn_library_version() {
    const dnnl_version_t* v = dnnl_version();
    return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
}

}  // namespace conv1d
