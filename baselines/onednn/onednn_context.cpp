#include "onednn_context.hpp"

#include <optional>
#include <utility>

#include "conv1d/isa.hpp"

namespace conv1d::onednn {

namespace {

#if DNNL_VERSION_MAJOR >= 3  // (3.0 renamed "every ISA the CPU has")
constexpr dnnl::cpu_isa every_isa = dnnl::cpu_isa::isa_default;
#else
constexpr dnnl::cpu_isa every_isa = dnnl::cpu_isa::all;
#endif

// oneDNN reads CPUID itself; cap it to the features we report (which CONV1D_DISABLE_ISA can lower),
// so that what a record says ran is what ran. Must happen before oneDNN's first primitive.
dnnl::engine make_engine() {
    // oneDNN's ISA levels are nested, each including those before it: ours each level needs, in order.
    // The cap is the last level whose ISAs the CPU all has; with all of them, oneDNN is left alone.
    const std::pair<Isa, dnnl::cpu_isa> levels[] = {{Isa::avx2_fp32, dnnl::cpu_isa::avx2},
                                                    {Isa::avx512_fp32, dnnl::cpu_isa::avx512_core},
                                                    {Isa::avx512_bf16, dnnl::cpu_isa::avx512_core_bf16},
                                                    {Isa::amx_bf16, every_isa}};
    std::optional<dnnl::cpu_isa> cap;
    for (const auto& [isa, level] : levels) {
        if (!isa_row(isa).present(cpu_features())) break;
        cap = level;
    }
    // Below AVX2 the backend declines every problem (onednn_backend.cpp): nothing to cap.
    if (cap && *cap != every_isa) dnnl::set_max_cpu_isa(*cap);
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
