#include "onednn_format.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <optional>
#include <vector>

namespace conv1d::onednn {

namespace {

// What format_tag() reads of a blocked memory descriptor.
struct Blocking {
    dnnl::memory::dims strides, inner_blks, inner_idxs;
};

// oneDNN 3.0 made the descriptor opaque (queried through accessors); 2.x exposes its C struct.
std::optional<Blocking> blocking_of(const dnnl::memory::desc& md, int ndims) {
#if DNNL_VERSION_MAJOR >= 3
    if (md.get_format_kind() != dnnl::memory::format_kind::blocked || md.get_ndims() != ndims) return std::nullopt;
    return Blocking{md.get_strides(), md.get_inner_blks(), md.get_inner_idxs()};
#else
    const dnnl_memory_desc_t& d = md.data;
    if (d.format_kind != dnnl_blocked || d.ndims != ndims) return std::nullopt;
    const dnnl_blocking_desc_t& b = d.format_desc.blocking;
    return Blocking{{b.strides, b.strides + ndims},
                    {b.inner_blks, b.inner_blks + b.inner_nblks},
                    {b.inner_idxs, b.inner_idxs + b.inner_nblks}};
#endif
}

}  // namespace

std::string format_tag(const dnnl::memory::desc& md, const std::string& letters) {
    const std::optional<Blocking> b = blocking_of(md, int(letters.size()));
    if (!b) return "opaque";

    // Outer dimensions from the largest stride to the smallest; ties (size-1 dims) keep logical order.
    std::vector<int> order(letters.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return b->strides[x] > b->strides[y]; });

    std::string tag;
    for (int dim : order) {
        const bool blocked = std::find(b->inner_idxs.begin(), b->inner_idxs.end(), dim) != b->inner_idxs.end();
        tag += blocked ? char(std::toupper(letters[dim])) : letters[dim];
    }
    for (size_t i = 0; i < b->inner_blks.size(); ++i) tag += std::to_string(b->inner_blks[i]) + letters[b->inner_idxs[i]];
    return tag;
}

}  // namespace conv1d::onednn
