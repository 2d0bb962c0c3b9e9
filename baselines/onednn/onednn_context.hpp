// The one CPU engine and stream the oneDNN backend uses for every plan.
#pragma once

#include <dnnl.hpp>

namespace conv1d::onednn {

// Created on first use; live until the program ends. The stream is in-order, so a plan's
// execute() can wait on it and know its primitive has finished.
dnnl::engine& cpu_engine();
dnnl::stream& cpu_stream();

}  // namespace conv1d::onednn
