// The fuzz build's backends (fuzz/fuzz_build.cmake): stand-ins for the kernel families and baselines that
// build only with GCC or link large libraries, under the names and roles of the real ones, so that the
// registry (harness/registry.cpp, compiled as it is) answers every backend name as the real program does.
// The fuzz targets parse and check, never run: a stand-in supports nothing and plans nothing. A backend
// added to the registry needs its stand-in here (the fuzz build's link names it).
#include <stdexcept>

#include "baselines/onednn/onednn_backend.hpp"
#include "baselines/pytorch/pytorch_backend.hpp"
#include "kernels/amx/amx_backend.hpp"
#include "kernels/direct/direct_backend.hpp"
#include "kernels/xsmm/xsmm_backend.hpp"

namespace conv1d {

namespace {

class StandIn final : public Backend {
public:
    StandIn(std::string name, Role role) : name_(std::move(name)), role_(role) {}
    std::string name() const override { return name_; }
    Role role() const override { return role_; }
    SupportAnswer supports(const Problem&, const CpuFeatures&) const override {
        return SupportAnswer::skip("a stand-in of the fuzz build");
    }
    std::unique_ptr<Plan> plan(const Problem&, const Tensors&, int) const override {
        throw std::logic_error("the fuzz build's stand-in for backend '" + name_ + "' cannot plan");
    }

private:
    std::string name_;
    Role role_;
};

}  // namespace

const Backend& xsmm_backend() {
    static const StandIn backend("xsmm", Role::ours);
    return backend;
}

const Backend& amx_backend() {
    static const StandIn backend("amx", Role::ours);
    return backend;
}

const Backend& direct_backend() {
    static const StandIn backend("direct", Role::ours);
    return backend;
}

const Backend& onednn_backend() {
    static const StandIn backend("onednn", Role::baseline);
    return backend;
}

std::string onednn_library_version() { return "none (fuzz build)"; }

const Backend& pytorch_backend() {
    static const StandIn backend("pytorch", Role::baseline);
    return backend;
}

}  // namespace conv1d
