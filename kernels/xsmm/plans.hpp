// The plan factory of the xsmm backend. The tuning is explicit so that the tuning benchmark
// (bench_xsmm) and the tests can compare blockings; the backend passes default_tuning(p, cpu).
#pragma once

#include <memory>

#include "conv1d/kernel.hpp"
#include "tuning.hpp"

namespace conv1d::xsmm {

// Any pass, f32 or bf16 (p.dt).
std::unique_ptr<Plan> make_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning);

}  // namespace conv1d::xsmm
