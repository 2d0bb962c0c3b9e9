// Describes one pass of a Problem to oneDNN: the PyTorch-layout memory descriptors, the
// convolution primitive descriptor asked in one configuration (onednn_config.hpp), and which
// PyTorch tensor each of the primitive's arguments is.
#pragma once

#include <vector>

#include <dnnl.hpp>

#include "conv1d/problem.hpp"
#include "onednn_config.hpp"

namespace conv1d::onednn {

// The three PyTorch tensors of the interface (see conv1d/tensors.hpp).
enum class Tensor { input, weight, output };

// One argument of the primitive: which tensor it is, whether the pass writes it, and the
// layout oneDNN chose for it.
struct Operand {
    int arg;          // DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, ...
    Tensor tensor;
    bool written;
    dnnl::memory::desc chosen;
};

struct Convolution {
    dnnl::primitive_desc pd;        // of p.pass, with a user-managed scratchpad
    std::vector<Operand> operands;  // two read, one written
};

// The PyTorch layout of a tensor: (N, C, W) ncw, (K, C, S) oiw, (N, K, Q) ncw, dense.
dnnl::memory::desc pytorch_desc(const Problem& p, Tensor t);

// Throws dnnl::error when oneDNN has no implementation for p in configuration c (e.g. bf16 on a CPU
// without AVX-512). The default configuration is what the backend asked before it searched.
Convolution describe_convolution(const Problem& p, const dnnl::engine& engine, const Config& c = {});

}  // namespace conv1d::onednn
