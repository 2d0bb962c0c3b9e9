#include "onednn_plan.hpp"

#include <chrono>
#include <stdexcept>

#include "conv1d/cpu.hpp"
#include "onednn_context.hpp"
#include "onednn_format.hpp"
#include "onednn_isa.hpp"

namespace conv1d::onednn {

namespace {

void* buffer_of(const Tensors& t, Tensor which) {
    switch (which) {
        case Tensor::input: return t.input;
        case Tensor::weight: return t.weight;
        case Tensor::output: return t.output;
    }
    return nullptr;
}

const char* letters_of(Tensor which) { return which == Tensor::weight ? "oiw" : "ncw"; }

// Runs a reorder on the backend's stream and waits; returns its wall time in milliseconds.
double timed_reorder(const dnnl::reorder& reorder, dnnl::memory& from, dnnl::memory& to) {
    const auto start = std::chrono::steady_clock::now();
    reorder.execute(cpu_stream(), from, to);
    cpu_stream().wait();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

OnednnPlan::OnednnPlan(const Problem& p, const Tensors& t, const Convolution& conv) : p_(p) {
    dnnl::engine& engine = cpu_engine();
    impl_ = conv.pd.impl_info_str();
    primitive_ = dnnl::primitive(conv.pd);
    scratchpad_ = dnnl::memory(conv.pd.scratchpad_desc(), engine);
    args_[DNNL_ARG_SCRATCHPAD] = scratchpad_;

    for (const Operand& op : conv.operands) {
        Bound b{op, dnnl::memory(pytorch_desc(p, op.tensor), engine, DNNL_MEMORY_NONE), {}, {}};
        b.onednn = op.chosen == b.pytorch.get_desc() ? b.pytorch : dnnl::memory(op.chosen, engine);
        if (b.reordered())
            b.reorder = op.written ? dnnl::reorder(b.onednn, b.pytorch) : dnnl::reorder(b.pytorch, b.onednn);
        args_[op.arg] = b.onednn;
        bound_.push_back(b);
    }
    bind(t);
}

void OnednnPlan::bind(const Tensors& t) {
    reorder_in_ms_ = reorder_out_ms_ = 0.0;
    for (Bound& b : bound_) {
        // When the layouts agree, b.onednn (and so args_) is the same memory object, re-pointed too.
        b.pytorch.set_data_handle(buffer_of(t, b.operand.tensor));
        if (b.reordered() && !b.operand.written) reorder_in_ms_ += timed_reorder(b.reorder, b.pytorch, b.onednn);
    }
}

void OnednnPlan::execute() noexcept {
    try {
        primitive_.execute(cpu_stream(), args_);
        cpu_stream().wait();
    } catch (const std::exception& e) {
        failure_ = e.what();
    }
}

void OnednnPlan::finish() {
    if (!failure_.empty())
        throw std::runtime_error("oneDNN failed to execute " + p_.descriptor() + ": " + failure_);
    for (Bound& b : bound_)
        if (b.operand.written && b.reordered()) reorder_out_ms_ = timed_reorder(b.reorder, b.onednn, b.pytorch);
}

Isa OnednnPlan::isa() const { return isa_of(p_.dt, impl_, bf16_support(), fp32_isa(cpu_features())); }

PlanParams OnednnPlan::params() const {
    PlanParams out;
    for (const Bound& b : bound_) {
        const char* role = b.operand.tensor == Tensor::input ? "input_format"
                           : b.operand.tensor == Tensor::weight ? "weight_format"
                                                                : "output_format";
        out.emplace_back(role, format_tag(b.operand.chosen, letters_of(b.operand.tensor)));
    }
    out.insert(out.end(), notes_.begin(), notes_.end());
    return out;
}

}  // namespace conv1d::onednn
