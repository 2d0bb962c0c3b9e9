#include "onednn_format.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <vector>

namespace conv1d::onednn {

std::string format_tag(const dnnl::memory::desc& md, const std::string& letters) {
    const dnnl_memory_desc_t& d = md.data;
    if (d.format_kind != dnnl_blocked || d.ndims != int(letters.size())) return "opaque";
    const dnnl_blocking_desc_t& b = d.format_desc.blocking;

    // Outer dimensions from the largest stride to the smallest; ties (size-1 dims) keep logical order.
    std::vector<int> order(d.ndims);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return b.strides[x] > b.strides[y]; });

    const auto inner_end = b.inner_idxs + b.inner_nblks;
    std::string tag;
    for (int dim : order) {
        const bool blocked = std::find(b.inner_idxs, inner_end, dim) != inner_end;
        tag += blocked ? char(std::toupper(letters[dim])) : letters[dim];
    }
    for (int i = 0; i < b.inner_nblks; ++i) tag += std::to_string(b.inner_blks[i]) + letters[b.inner_idxs[i]];
    return tag;
}

}  // namespace conv1d::onednn
