// Plan factories of the xsmm backend, one per data type. The tuning is explicit so that the
// tuning benchmark (bench_xsmm) can compare blockings; the backend passes default_tuning(p).
#pragma once

#include <memory>

#include "conv1d/kernel.hpp"
#include "tuning.hpp"

namespace conv1d::xsmm {

std::unique_ptr<Plan> make_f32_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning);
std::unique_ptr<Plan> make_bf16_plan(const Problem& p, const Tensors& t, int threads, const Tuning& tuning);

}  // namespace conv1d::xsmm
