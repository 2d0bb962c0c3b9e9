#include "onednn_backend.hpp"

#include <stdexcept>

#include <dnnl_debug.h>

#include "onednn_context.hpp"
#include "onednn_convolution.hpp"
#include "onednn_plan.hpp"

namespace conv1d {

namespace {

std::string describe(const dnnl::error& e) { return std::string(e.what()) + " (" + dnnl_status2str(e.status) + ")"; }

class OnednnBackend final : public Backend {
public:
    std::string name() const override { return "onednn"; }

    SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const override {
        // The suite's peaks are AVX-512 ones (see onednn_isa.hpp): without AVX-512 there is none to
        // judge oneDNN's code against.
        if (!cpu.avx512f) return SupportAnswer::skip("oneDNN baseline: this CPU has no AVX-512");
        // bf16 without AVX512-BF16 is emulated by oneDNN (isa() then says avx512_fp32); whether
        // oneDNN can do p at all only it knows, so ask it for a primitive descriptor.
        try {
            onednn::describe_convolution(p, onednn::cpu_engine());
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

}  // namespace conv1d
