// The one kernel interface. A backend (kernel family) says whether it supports a problem,
// and makes a plan for it. Planning does everything that is not the convolution itself:
// JIT dispatch, weight re-layout, VNNI packing, scratch allocation, reorders into the
// backend's layouts. execute() only computes, never throws, and is the only thing timed.
// bind() re-points a plan at the tensors of another call of the same problem (a framework's next
// training step), redoing only the part of planning that reads the tensors.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "conv1d/cpu.hpp"
#include "conv1d/isa.hpp"
#include "conv1d/problem.hpp"
#include "conv1d/tensors.hpp"

namespace conv1d {

enum class Support { supported, skipped, unimplemented };

// What a backend is to the suite: the oracle every result is checked against, one of our kernels
// (the subject of plots and of the CI gate), or a baseline a user would otherwise pick.
enum class Role { oracle, ours, baseline };
inline const char* to_string(Role role) {
    switch (role) {
        case Role::oracle: return "oracle";
        case Role::ours: return "ours";
        case Role::baseline: return "baseline";
    }
    return "?";
}

struct SupportAnswer {
    Support support = Support::supported;
    std::string reason;  // why not, when not supported
    static SupportAnswer yes() { return {}; }
    static SupportAnswer skip(std::string why) { return {Support::skipped, std::move(why)}; }
    static SupportAnswer unimplemented(std::string why) { return {Support::unimplemented, std::move(why)}; }
    // Supported when the CPU has `isa`, else skipped with the table's reason.
    static SupportAnswer needs(Isa isa, const CpuFeatures& cpu) {
        return isa_row(isa).present(cpu) ? yes() : skip(lacks_reason(isa));
    }
};

// A named blocking/tuning parameter of a plan, recorded in the JSON (e.g. {"width_block", 64}).
using PlanParams = std::vector<std::pair<std::string, std::string>>;

class Plan {
public:
    virtual ~Plan() = default;
    // Binds the tensors of another call of the same problem (same shapes, type and pass; they must
    // outlive the plan or the next bind): re-points the plan and redoes what depends on the tensors'
    // contents (weight re-layouts, reorders into the backend's layouts), nothing that depends only on
    // the shape (JIT, scratch, configuration searches). plan() binds the tensors it is given. Not timed
    // by the suite; a framework calling the layer pays it every step.
    virtual void bind(const Tensors& t) = 0;
    // Computes the pass on the bound tensors. Reads and writes only those tensors (and the plan's
    // own scratch). Must not throw.
    virtual void execute() noexcept = 0;
    // Untimed work after execute() to put the result into the bound PyTorch-layout tensor
    // (e.g. oneDNN's reorder back). Called once before verification.
    virtual void finish() {}
    // Implementation string, e.g. "brgemm:avx512_core" or oneDNN's "brgconv:avx512_core_amx".
    virtual std::string impl() const = 0;
    // Which ISA peak the kernel's FLOPs are judged against (conv1d/isa.hpp).
    virtual Isa isa() const = 0;
    virtual PlanParams params() const { return {}; }
    // Milliseconds spent in reorders to and from the PyTorch layout (not part of execute()): those of
    // the last bind (or plan) and the finish() after it.
    virtual double reorder_ms() const { return 0.0; }
};

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;  // stable JSON key: "xsmm", "amx", "onednn", "ref"
    virtual Role role() const = 0;
    virtual SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const = 0;
    // Binds the tensors (which must outlive the plan or its next bind()). Throws std::runtime_error on failure
    // (e.g. a JIT dispatch that returned NULL), with a message.
    virtual std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const = 0;
};

}  // namespace conv1d
