#include "onednn_backend.hpp"

#include <stdexcept>

#include <omp.h>

#include "onednn_context.hpp"
#include "onednn_convolution.hpp"
#include "onednn_plan.hpp"
#include "onednn_search.hpp"

namespace conv1d {

namespace {

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
        // oneDNN can do p at all only it knows, so ask it for primitive descriptors.
        std::vector<onednn::Config> configs;
        try {
            configs = onednn::configs_to_ask();
        } catch (const std::invalid_argument&) {
            return SupportAnswer::yes();  // a misspelt pin is the user's error: plan() fails with it, loudly
        }
        const onednn::Survey s = onednn::survey(p, configs, /*until_first_offer=*/true);
        if (!s.distinct.empty()) return SupportAnswer::yes();
        const std::string what = std::string(to_string(p.dt)) + " " + to_string(p.pass);
        const std::string asked =
            configs.size() == 1 ? " in " + onednn::to_string(configs[0]) + " (" + onednn::kPinVariable + ")" : "";
        // Its reference loops ("ref:any", e.g. bf16 on an AVX2 CPU) are no baseline for an
        // optimized kernel, and take minutes on the paper's shapes.
        if (!s.reference_impl.empty())
            return SupportAnswer::skip("oneDNN has only its reference loops (" + s.reference_impl + ") for " + what +
                                       asked + " on this CPU");
        return SupportAnswer::skip("oneDNN has no convolution for " + p.descriptor() + " " + what + asked + ": " +
                                   s.last_refusal);
    }

    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const override {
        try {
            // oneDNN's OpenMP build sizes its work split by the thread count when the primitive
            // descriptor is made, so the count must be set before and stay the same for execute().
            omp_set_num_threads(threads);
            return onednn::plan_best(p, t);
        } catch (const dnnl::error& e) {
            throw std::runtime_error("oneDNN could not plan " + p.descriptor() + " " + to_string(p.dt) + " " +
                                     to_string(p.pass) + ": " + onednn::describe(e));
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
