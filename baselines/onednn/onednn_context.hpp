// The one CPU engine and stream the oneDNN backend uses for every plan, and what oneDNN may
// use on this CPU.
#pragma once

#include <dnnl.hpp>

#include "onednn_isa.hpp"

namespace conv1d::onednn {

// Created on first use; live until the program ends. The stream is in-order, so a plan's
// execute() can wait on it and know its primitive has finished.
dnnl::engine& cpu_engine();
dnnl::stream& cpu_stream();

// From dnnl::get_effective_cpu_isa(), which honours ONEDNN_MAX_CPU_ISA.
Bf16Support bf16_support();

}  // namespace conv1d::onednn
