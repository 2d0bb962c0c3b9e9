#include "pytorch_backend.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/native/ConvUtils.h>
#include <oneapi/dnnl/dnnl.h>
#include <torch/version.h>

#include "baselines/onednn/onednn_isa_cap.hpp"
#include "conv1d/cpu.hpp"

namespace conv1d {

namespace {

// libtorch reads CPUID itself, in two places: oneDNN (its "mkldnn" convolutions) and ATen's own
// vectorized kernels. Cap both to the features we report (which CONV1D_DISABLE_ISA can lower), so that
// what a record says ran is what ran. Both are read once, at first use, so this runs before libtorch's
// first op. oneDNN is the same libdnnl.so.2 as the onednn backend's, which sets the same cap
// (baselines/onednn/onednn_isa_cap.hpp): whichever backend comes first fixes it (oneDNN then refuses a
// change, which changes nothing). Returns the cap.
std::string cap_libtorch_isa() {
    const CpuFeatures& cpu = cpu_features();
    const std::optional<onednn::IsaCap> cap = onednn::isa_cap(cpu);
    dnnl_set_max_cpu_isa(cap ? cap->level : dnnl_cpu_isa_sse41);
    // ATen's kernels (im2col, copies, its bf16 GEMM) have an AVX-512 build, an AVX2 one and a default one.
    const char* aten_level = cpu.avx512f ? "avx512" : cpu.avx2 ? "avx2" : "default";
    setenv("ATEN_CPU_CAPABILITY", aten_level, /*overwrite=*/0);
    return cap ? to_string(cap->isa) : "sse41";
}

const std::string& libtorch_isa_cap() {
    static const std::string cap = cap_libtorch_isa();
    return cap;
}

// PyTorch's name of the convolution it dispatches to (ATen/native/ConvUtils.h), in snake case.
std::string dispatch_name(at::native::ConvBackend backend) {
    using B = at::native::ConvBackend;
    switch (backend) {
        case B::Mkldnn: return "mkldnn";
        case B::MkldnnEmpty: return "mkldnn_empty";
        case B::Slow2d: return "slow2d";
        case B::Slow3d: return "slow3d";
        case B::SlowDilated2d: return "slow_dilated2d";
        case B::SlowDilated3d: return "slow_dilated3d";
        case B::NnpackSpatial: return "nnpack_spatial";
        case B::Xnnpack2d: return "xnnpack2d";
        case B::Winograd3x3Depthwise: return "winograd3x3_depthwise";
        case B::Empty: return "empty";
        case B::Overrideable: return "overrideable";
        default: return "other(" + std::to_string(int(backend)) + ")";
    }
}

// Runs `op` once with oneDNN's verbose log on stdout caught in a file; returns the implementation of the
// last convolution primitive it executed ("jit:avx512_core_amx_bf16"), or "" if it ran none.
template <class Op>
std::string onednn_convolution_run_by(Op&& op) {
    std::fflush(stdout);
    const std::unique_ptr<FILE, int (*)(FILE*)> log_file(std::tmpfile(), &std::fclose);  // closed also if op throws
    FILE* log = log_file.get();
    if (!log) return "";
    const int saved_stdout = dup(STDOUT_FILENO);
    dup2(fileno(log), STDOUT_FILENO);
    struct Restore {
        int saved;
        ~Restore() {
            dnnl_set_verbose(0);
            std::fflush(stdout);
            dup2(saved, STDOUT_FILENO);
            close(saved);
        }
    };
    {
        Restore restore{saved_stdout};
        dnnl_set_verbose(1);
        op();
    }
    std::rewind(log);
    std::string impl;
    std::array<char, 4096> line{};
    while (std::fgets(line.data(), int(line.size()), log)) {
        // e.g. dnnl_verbose,exec,cpu,convolution,jit:avx2,forward_training,src_f32::blocked:...
        std::vector<std::string> fields;
        std::string field;
        for (const char* c = line.data(); *c && *c != '\n' && fields.size() < 5; ++c) {
            if (*c == ',') fields.push_back(std::move(field)), field.clear();
            else field += *c;
        }
        if (fields.size() == 5 && fields[1] == "exec" && fields[3] == "convolution") impl = fields[4];
    }
    return impl;
}

class PytorchPlan final : public Plan {
public:
    PytorchPlan(const Problem& p, const Tensors& t, int threads)
        : p_(p), stride_{1}, padding_{0}, dilation_{p.d}, output_padding_{0} {
        libtorch_isa_cap();
        at::set_num_threads(threads);
        bind(t);

        // As in a training step, the weight is a parameter: the forward too is dispatched as one whose
        // backward will follow (which can change PyTorch's choice).
        dispatch_ = dispatch_name(at::native::select_conv_backend(
            input_.detach().requires_grad_(p.pass == Pass::BWD_D), weight_.detach().requires_grad_(true), c10::nullopt,
            stride_, padding_, dilation_, /*transposed=*/false, output_padding_, /*groups=*/1));
        // One untimed run tells which oneDNN kernel PyTorch's "mkldnn" path ran (and pays the first call's
        // one-time costs, as a user's first training step would).
        onednn_impl_ = onednn_convolution_run_by([&] { result_ = run(); });
    }

    // PyTorch keeps no state derived from the tensors: re-wrapping the new buffers is all.
    void bind(const Tensors& t) override {
        const at::TensorOptions type = at::TensorOptions().dtype(p_.dt == DataType::f32 ? at::kFloat : at::kBFloat16);
        input_ = at::from_blob(t.input, {p_.N, p_.C, p_.W}, type);
        weight_ = at::from_blob(t.weight, {p_.K, p_.C, p_.S}, type);
        output_ = at::from_blob(t.output, {p_.N, p_.K, p_.Q()}, type);
        written_ = p_.pass == Pass::FWD_D ? output_ : p_.pass == Pass::BWD_D ? input_ : weight_;
    }

    void execute() noexcept override {
        try {
            result_ = run();
        } catch (const std::exception& e) {
            failure_ = e.what();
        }
    }

    // The result stays PyTorch's new tensor, as nn.Conv1d returns it; putting it into the caller's buffer
    // is the harness's need, not a user's, so it happens here, untimed.
    void finish() override {
        if (!failure_.empty())
            throw std::runtime_error("PyTorch failed to execute " + p_.descriptor() + ": " + failure_);
        written_.copy_(result_);
    }

    std::string impl() const override { return onednn_impl_.empty() ? dispatch_ : dispatch_ + ":" + onednn_impl_; }

    Isa isa() const override {
        // Without a oneDNN kernel PyTorch runs its own loops and GEMMs on Debian's default BLAS (the
        // reference one): no vector ISA to judge them against. So do oneDNN's reference loops.
        if (onednn_impl_.empty() || onednn_impl_.rfind("ref", 0) == 0) return Isa::scalar;
        const Isa fp32 = fp32_isa(cpu_features());
        const auto has = [&](const char* s) { return onednn_impl_.find(s) != std::string::npos; };
        if (p_.dt == DataType::f32) return fp32;
        if (has("amx")) return Isa::amx_bf16;
        if (has("avx512_core_bf16")) return Isa::avx512_bf16;
        return fp32;  // bf16 emulated with FP32 FMAs
    }

    PlanParams params() const override {
        return {{"aten_dispatch", dispatch_},
                {"onednn_impl", onednn_impl_.empty() ? "none" : onednn_impl_},
                {"isa_cap", libtorch_isa_cap()},
                {"torch_version", TORCH_VERSION}};
    }

private:
    // The pass as nn.Conv1d's forward and autograd's backward call it.
    at::Tensor run() const {
        switch (p_.pass) {
            case Pass::FWD_D: return at::conv1d(input_, weight_, c10::nullopt, stride_, padding_, dilation_, 1);
            case Pass::BWD_D: return std::get<0>(gradients({true, false, false}));
            case Pass::BWD_W: return std::get<1>(gradients({false, true, false}));
        }
        return {};
    }

    // The gradients of (input, weight, bias) that `wanted` asks for; the others are undefined.
    std::tuple<at::Tensor, at::Tensor, at::Tensor> gradients(std::array<bool, 3> wanted) const {
        return at::convolution_backward(output_, input_, weight_, /*bias_sizes=*/c10::nullopt, stride_, padding_,
                                        dilation_, /*transposed=*/false, output_padding_, /*groups=*/1, wanted);
    }

    Problem p_;
    std::vector<int64_t> stride_, padding_, dilation_, output_padding_;
    at::Tensor input_, weight_, output_;  // over the caller's buffers
    at::Tensor written_;                  // the one of them the pass writes
    at::Tensor result_;                   // what the last run returned
    std::string dispatch_, onednn_impl_;
    std::string failure_;  // what went wrong in execute(), reported by finish()
};

class PytorchBackend final : public Backend {
public:
    std::string name() const override { return "pytorch"; }
    Role role() const override { return Role::baseline; }

    SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const override {
        // The suite's FP32 peaks are AVX2 and AVX-512 ones: below AVX2 there is none to judge against.
        // PyTorch sends bf16 to oneDNN only on AVX-512 CPUs (its mkldnn_bf16_device_check); elsewhere to
        // its slow dilated path, plain loops that are no baseline for an optimized kernel.
        const bool bf16 = p.dt == DataType::bf16;
        SupportAnswer a = SupportAnswer::needs(bf16 ? Isa::avx512_fp32 : Isa::avx2_fp32, cpu);
        const char* what = bf16 ? "PyTorch sends bf16 to oneDNN only with AVX-512" : "PyTorch baseline";
        if (a.support != Support::supported) a.reason = what + std::string(": ") + a.reason;
        return a;
    }

    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const override {
        try {
            return std::make_unique<PytorchPlan>(p, t, threads);
        } catch (const std::exception& e) {
            throw std::runtime_error("PyTorch could not run " + p.descriptor() + " " + to_string(p.dt) + " " +
                                     to_string(p.pass) + ": " + e.what());
        }
    }
};

}  // namespace

const Backend& pytorch_backend() {
    static const PytorchBackend backend;
    return backend;
}

}  // namespace conv1d
