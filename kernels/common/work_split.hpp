// Rounding, and the static split of a flat range of work items over OpenMP threads.
#pragma once

#include <cstdint>

namespace conv1d::common {

inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

struct ItemRange {
    int64_t begin = 0, end = 0;
};

// Contiguous chunks: with the items ordered (image, width block) and N a multiple of the thread
// count each thread gets whole images; with fewer images than threads the width blocks of one
// image are shared out.
inline ItemRange split_items(int64_t items, int thread, int threads) {
    return {items * thread / threads, items * (thread + 1) / threads};
}

}  // namespace conv1d::common
