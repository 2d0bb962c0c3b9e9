// A planned oneDNN convolution bound to the PyTorch-layout tensors of one problem.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <dnnl.hpp>

#include "conv1d/kernel.hpp"
#include "onednn_convolution.hpp"

namespace conv1d::onednn {

class OnednnPlan final : public Plan {
public:
    // Creates the primitive of `conv` and its reorders, and binds t. `conv` must have been described with
    // omp_set_num_threads() already at the thread count execute() runs with. Throws dnnl::error.
    OnednnPlan(const Problem& p, const Tensors& t, const Convolution& conv);

    // Points the PyTorch-layout memories at t and reorders the tensors the pass reads into the primitive's
    // layouts, so they must hold their data already.
    void bind(const Tensors& t) override;
    void execute() noexcept override;
    // Reorders the result into the bound PyTorch-layout tensor; throws if execute() failed.
    void finish() override;
    std::string impl() const override { return impl_; }
    Isa isa() const override;
    PlanParams params() const override;
    double reorder_ms() const override { return reorder_in_ms_ + reorder_out_ms_; }
    // Adds to params() how the configuration was chosen (onednn_search.hpp).
    void note(PlanParams notes) { notes_ = std::move(notes); }

private:
    // A tensor in oneDNN's layout, or the PyTorch tensor itself when the layouts agree.
    struct Bound {
        Operand operand;
        dnnl::memory pytorch;   // over the caller's buffer, re-pointed by bind()
        dnnl::memory onednn;    // what the primitive reads or writes
        dnnl::reorder reorder;  // when reordered(): pytorch -> onednn for a read tensor, back for the written one
        bool reordered() const { return onednn.get() != pytorch.get(); }
    };

    Problem p_;
    std::string impl_;
    dnnl::primitive primitive_;
    std::vector<Bound> bound_;
    dnnl::memory scratchpad_;
    std::unordered_map<int, dnnl::memory> args_;
    double reorder_in_ms_ = 0.0;   // the last bind(), PyTorch -> oneDNN layouts of the read tensors
    double reorder_out_ms_ = 0.0;  // the last finish(), oneDNN -> PyTorch layout of the written one
    std::string failure_;          // what went wrong in execute(), reported by finish()
    PlanParams notes_;
};

}  // namespace conv1d::onednn
