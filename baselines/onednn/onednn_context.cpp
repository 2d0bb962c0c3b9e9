#include "onednn_context.hpp"

#include "conv1d/cpu.hpp"

namespace conv1d::onednn {

namespace {

// oneDNN reads CPUID itself; cap it to the features we report (which CONV1D_DISABLE_ISA can lower),
// so that what a record says ran is what ran. Must happen before oneDNN's first primitive.
dnnl::engine make_engine() {
    const CpuFeatures& f = cpu_features();
    if (!f.avx512f && f.avx2) dnnl::set_max_cpu_isa(dnnl::cpu_isa::avx2);
    else if (!f.amx_bf16 && f.avx512_bf16) dnnl::set_max_cpu_isa(dnnl::cpu_isa::avx512_core_bf16);
    else if (!f.avx512_bf16 && f.avx512f) dnnl::set_max_cpu_isa(dnnl::cpu_isa::avx512_core);
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
