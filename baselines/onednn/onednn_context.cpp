#include "onednn_context.hpp"

#include "onednn_isa_cap.hpp"

namespace conv1d::onednn {

namespace {

// The ISA cap (onednn_isa_cap.hpp) must be set before oneDNN's first primitive.
dnnl::engine make_engine() {
    // Below AVX2 the backend declines every problem (onednn_backend.cpp): nothing to cap. With every
    // level, oneDNN is left alone.
    const std::optional<IsaCap> cap = isa_cap(cpu_features());
    if (cap && cap->level != kEveryIsa) dnnl::set_max_cpu_isa(static_cast<dnnl::cpu_isa>(cap->level));
    // The search (onednn_search.hpp) asks for one pass in several layouts. With C = K = 1, ncw and
    // nwc describe the same bytes and oneDNN 2.6.3 treats the two requests as one in its primitive
    // cache: the GEMM primitive asked with plain weights came back writing the blocked weights of the
    // jit_1x1 one asked before it, 1 KiB over a 4-byte buffer (ASan, mb1ic1oc1ow17kw1 BWD_W; gone
    // with the cache off). Each plan makes its primitive once, so the cache saves nothing here.
    dnnl::set_primitive_cache_capacity(0);
    return dnnl::engine(dnnl::engine::kind::cpu, 0);
}

}  // namespace

dnnl::engine& cpu_engine() {
    static dnnl::engine engine = make_engine();
    return engine;
}

dnnl::stream& cpu_stream() {
    static dnnl::stream stream(cpu_engine());
    return stream;
}

Bf16Support bf16_support() {
    // oneDNN's ISA values are bit sets: an ISA includes another when it has all its bits.
    const unsigned effective = unsigned(dnnl::get_effective_cpu_isa());
    const auto includes = [&](dnnl::cpu_isa isa) { return (effective & unsigned(isa)) == unsigned(isa); };
    if (includes(dnnl::cpu_isa::avx512_core_amx)) return Bf16Support::amx;
    if (includes(dnnl::cpu_isa::avx512_core_bf16)) return Bf16Support::avx512_bf16;
    return Bf16Support::emulated;
}

}  // namespace conv1d::onednn
