// Views of the three tensors of a pass, in PyTorch's dense row-major layouts:
// input (N, C, W), weight (K, C, S), output (N, K, Q). Element type is float for f32
// and bf16_t for bf16. Which ones are read and which one is written depends on the pass:
//   FWD_D: reads input, weight        writes output
//   BWD_D: reads output(=diff_dst), weight  writes input(=diff_src)
//   BWD_W: reads input, output(=diff_dst)   writes weight(=diff_wei)
#pragma once

#include "conv1d/problem.hpp"

namespace conv1d {

struct Tensors {
    void* input = nullptr;
    void* weight = nullptr;
    void* output = nullptr;
};

// The tensor a pass writes, and its element count.
inline void* written_tensor(const Problem& p, const Tensors& t) {
    switch (p.pass) {
        case Pass::FWD_D: return t.output;
        case Pass::BWD_D: return t.input;
        case Pass::BWD_W: return t.weight;
    }
    return nullptr;
}
inline int64_t written_elems(const Problem& p) {
    switch (p.pass) {
        case Pass::FWD_D: return p.output_elems();
        case Pass::BWD_D: return p.input_elems();
        case Pass::BWD_W: return p.weight_elems();
    }
    return 0;
}

}  // namespace conv1d
