// A deliberately slowed backend, for proving that the CI performance gate catches a real slowdown:
// it wraps one of ours and makes every execute() do the work twice. Built in only with the CMake
// option CONV1D_SLOW_KERNELS=ON; its impl string ends in "+repeat2" so such results are recognisable.
#pragma once

#include <memory>

#include "conv1d/kernel.hpp"

namespace conv1d {

class RepeatingBackend final : public Backend {
public:
    explicit RepeatingBackend(const Backend& inner) : inner_(inner) {}
    std::string name() const override { return inner_.name(); }
    Role role() const override { return inner_.role(); }
    SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const override { return inner_.supports(p, cpu); }
    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const override;

private:
    const Backend& inner_;
};

}  // namespace conv1d
