// The suite's backends as PyTorch operators (torch.ops.conv1d_bench.*), for the autograd function and the
// nn.Conv1d drop-in of torch_ext/conv1d_torch. One operator per pass, each a valid (unpadded) stride-1
// convolution in PyTorch's layouts, run by a backend named at the call. Plans are cached per (backend,
// problem, threads): a training step with shapes seen before only binds its tensors (Plan::bind: new
// pointers, the weights re-laid out) and executes, with no JIT, allocation or configuration search.
// What a backend or the CPU cannot do is refused with a Python exception naming the reason.
#include <torch/library.h>
#include <torch/torch.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "baselines/ref/reference.hpp"
#include "conv1d/cpu.hpp"
#include "conv1d/registry.hpp"
#include "conv1d/sysinfo.hpp"
#include "harness/peak.hpp"
#include "harness/report.hpp"

namespace {

using conv1d::Backend;
using conv1d::DataType;
using conv1d::Pass;
using conv1d::Plan;
using conv1d::Problem;
using conv1d::Tensors;

// The one lock: a plan owns scratch, so two calls of it must not overlap (autograd may run the backward
// on another thread than the forward).
std::mutex mutex;

struct Stats {
    double seconds[3] = {0, 0, 0};  // per pass: bind + execute + finish, as a training step pays them
    int64_t calls[3] = {0, 0, 0};
    int64_t plans = 0;  // plans made (a steady-state step makes none)
};
Stats stats;

// Plans by (backend, descriptor, pass, dt, threads).
using Key = std::tuple<std::string, std::string, int, int, int>;
std::map<Key, std::unique_ptr<Plan>> plans;

int pass_index(Pass pass) { return static_cast<int>(pass); }

// The registered backend of that name; an unknown name is a Python ValueError listing the known ones.
const Backend& backend_named(const std::string& name) {
    try {
        return conv1d::find_backend(name);
    } catch (const conv1d::UsageError& e) {
        TORCH_CHECK_VALUE(false, "conv1d_bench: ", e.what());
    }
}

// The output width of a valid convolution of an input of width W; refuses an input narrower than the
// dilated filter.
int64_t output_width(int64_t W, int64_t S, int64_t d) {
    TORCH_CHECK_VALUE(W >= (S - 1) * d + 1, "conv1d_bench: input width ", W, " is smaller than the dilated filter (",
                      (S - 1) * d + 1, "); pad the input");
    return W - (S - 1) * d;
}

// The problem the three tensors of a pass describe; refuses what the layer is not.
Problem problem_of(Pass pass, const at::Tensor& input, const at::Tensor& weight, const at::Tensor& output,
                   int64_t dilation) {
    for (const at::Tensor* t : {&input, &weight, &output}) {
        TORCH_CHECK_VALUE(t->device().is_cpu(), "conv1d_bench: tensors must be on the CPU, got ", t->device());
        TORCH_CHECK_VALUE(t->dim() == 3, "conv1d_bench: tensors must be 3-D (N, C, W), (K, C, S), (N, K, Q); got ",
                          t->dim(), "-D");
        TORCH_CHECK_VALUE(t->is_contiguous(), "conv1d_bench: tensors must be contiguous (call .contiguous())");
        TORCH_CHECK_VALUE(t->scalar_type() == input.scalar_type(), "conv1d_bench: tensors must have one dtype, got ",
                          input.scalar_type(), " and ", t->scalar_type());
    }
    TORCH_CHECK_VALUE(dilation >= 1, "conv1d_bench: dilation must be >= 1, got ", dilation);
    Problem p;
    p.N = input.size(0);
    p.C = input.size(1);
    p.W = input.size(2);
    p.K = weight.size(0);
    p.S = weight.size(2);
    p.d = dilation;
    p.pass = pass;
    p.dt = input.scalar_type() == at::kBFloat16 ? DataType::bf16 : DataType::f32;
    TORCH_CHECK_VALUE(weight.size(1) == p.C, "conv1d_bench: the weight has ", weight.size(1),
                      " input channels, the input ", p.C);
    const int64_t Q = output_width(p.W, p.S, p.d);
    TORCH_CHECK_VALUE(output.size(0) == p.N && output.size(1) == p.K && output.size(2) == Q,
                      "conv1d_bench: the output must be (", p.N, ", ", p.K, ", ", Q, "), got ", output.sizes());
    return p;
}

// Runs `pass` on the tensors (PyTorch layouts: input (N, C, W), weight (K, C, S), output (N, K, Q); the pass
// writes one of them) with the named backend.
void run_pass(Pass pass, const std::string& backend_name, const at::Tensor& input, const at::Tensor& weight,
              const at::Tensor& output, int64_t dilation) {
    const Problem p = problem_of(pass, input, weight, output, dilation);
    const Tensors t{input.data_ptr(), weight.data_ptr(), output.data_ptr()};
    const auto type = input.scalar_type();
    if (type == at::kDouble) {
        // float64 runs the reference's loops (for torch.autograd.gradcheck), nothing else.
        TORCH_CHECK_VALUE(backend_name == "ref", "conv1d_bench: float64 runs only on the backend 'ref' (for ",
                          "gradcheck); '", backend_name, "' takes float32 or bfloat16");
        conv1d::reference_pass_f64(p, t);
        return;
    }
    TORCH_CHECK_VALUE(type == at::kFloat || type == at::kBFloat16,
                      "conv1d_bench: dtype must be float32 or bfloat16, got ", type);
    std::lock_guard<std::mutex> lock(mutex);
    const Backend& backend = backend_named(backend_name);
    const int threads = at::get_num_threads();
    const auto start = std::chrono::steady_clock::now();
    const Key key{backend_name, p.descriptor(), pass_index(pass), static_cast<int>(p.dt), threads};
    auto found = plans.find(key);
    if (found == plans.end()) {
        const conv1d::SupportAnswer answer = backend.supports(p, conv1d::cpu_features());
        TORCH_CHECK(answer.support == conv1d::Support::supported, "conv1d_bench: backend '", backend_name,
                    "' cannot run ", p.descriptor(), " ", conv1d::to_string(pass), " ", conv1d::to_string(p.dt),
                    ": ", answer.reason);
        try {
            found = plans.emplace(key, backend.plan(p, t, threads)).first;
        } catch (const std::exception& e) {
            TORCH_CHECK(false, "conv1d_bench: backend '", backend_name, "' could not plan ", p.descriptor(), ": ",
                        e.what());
        }
        ++stats.plans;
    } else {
        found->second->bind(t);
    }
    found->second->execute();
    found->second->finish();
    stats.seconds[pass_index(pass)] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++stats.calls[pass_index(pass)];
}

at::Tensor forward(const at::Tensor& input, const at::Tensor& weight, int64_t dilation, const std::string& backend) {
    TORCH_CHECK_VALUE(input.dim() == 3 && weight.dim() == 3, "conv1d_bench: input and weight must be 3-D");
    const int64_t Q = output_width(input.size(2), weight.size(2), dilation);
    at::Tensor output = at::empty({input.size(0), weight.size(0), Q}, input.options());
    run_pass(Pass::FWD_D, backend, input, weight, output, dilation);
    return output;
}

at::Tensor backward_data(const at::Tensor& diff_dst, const at::Tensor& weight, int64_t width, int64_t dilation,
                         const std::string& backend) {
    TORCH_CHECK_VALUE(diff_dst.dim() == 3 && weight.dim() == 3, "conv1d_bench: diff_dst and weight must be 3-D");
    at::Tensor diff_src = at::empty({diff_dst.size(0), weight.size(1), width}, diff_dst.options());
    run_pass(Pass::BWD_D, backend, diff_src, weight, diff_dst, dilation);
    return diff_src;
}

at::Tensor backward_weight(const at::Tensor& input, const at::Tensor& diff_dst, int64_t filter_width,
                           int64_t dilation, const std::string& backend) {
    TORCH_CHECK_VALUE(input.dim() == 3 && diff_dst.dim() == 3, "conv1d_bench: input and diff_dst must be 3-D");
    at::Tensor diff_wei = at::empty({diff_dst.size(1), input.size(1), filter_width}, input.options());
    run_pass(Pass::BWD_W, backend, input, diff_wei, diff_dst, dilation);
    return diff_wei;
}

// Every backend the extension offers: ours and the baselines, but not `pytorch` (that is nn.Conv1d itself)
// nor the oracle `ref` (reached by name, for gradcheck).
std::vector<std::string> backend_names() {
    std::vector<std::string> names;
    for (const Backend* b : conv1d::all_backends())
        if (b->role() != conv1d::Role::oracle && b->name() != "pytorch") names.push_back(b->name());
    return names;
}

// Why `name` cannot run `dtype` on this CPU (CONV1D_DISABLE_ISA respected), or "" when it can: its answer
// for a small problem that every backend takes when its ISA is there.
std::string why_not(const std::string& name, const std::string& dtype) {
    Problem probe;
    probe.C = probe.K = 2;
    probe.W = 8;
    probe.S = 3;
    try {
        probe.dt = conv1d::parse_data_type(dtype);
    } catch (const conv1d::UsageError& e) {
        TORCH_CHECK_VALUE(false, "conv1d_bench: ", e.what());
    }
    const conv1d::SupportAnswer answer = backend_named(name).supports(probe, conv1d::cpu_features());
    return answer.support == conv1d::Support::supported ? "" : answer.reason;
}

std::string backend_role(const std::string& name) { return conv1d::to_string(backend_named(name).role()); }

// [fwd, bwd_data, bwd_weight seconds, fwd, bwd_data, bwd_weight calls, plans made].
std::vector<double> conv_stats() {
    std::lock_guard<std::mutex> lock(mutex);
    return {stats.seconds[0], stats.seconds[1], stats.seconds[2], double(stats.calls[0]), double(stats.calls[1]),
            double(stats.calls[2]), double(stats.plans)};
}

void reset_conv_stats() {
    std::lock_guard<std::mutex> lock(mutex);
    stats = Stats{};
}

// Drops every cached plan (their scratch and JIT code with them).
void clear_plans() {
    std::lock_guard<std::mutex> lock(mutex);
    plans.clear();
}

// The suite's JSON context (machine, build, versions; peaks measured on `threads` threads when asked), as text.
std::string context(int64_t threads, bool measure) {
    const conv1d::SystemInfo sys = conv1d::system_info();
    conv1d::PeakTable peaks;
    peaks.threads = static_cast<int>(threads);
    if (measure) peaks = conv1d::measure_peaks(sys, static_cast<int>(threads));
    return conv1d::context_json(sys, peaks).dump();
}

}  // namespace

TORCH_LIBRARY(conv1d_bench, m) {
    m.def("forward(Tensor input, Tensor weight, int dilation, str backend) -> Tensor", forward);
    m.def("backward_data(Tensor diff_dst, Tensor weight, int width, int dilation, str backend) -> Tensor",
          backward_data);
    m.def("backward_weight(Tensor input, Tensor diff_dst, int filter_width, int dilation, str backend) -> Tensor",
          backward_weight);
    m.def("backend_names() -> str[]", backend_names);
    m.def("why_not(str name, str dtype) -> str", why_not);
    m.def("backend_role(str name) -> str", backend_role);
    m.def("conv_stats() -> float[]", conv_stats);
    m.def("reset_conv_stats() -> ()", reset_conv_stats);
    m.def("clear_plans() -> ()", clear_plans);
    m.def("context(int threads, bool measure) -> str", context);
}
