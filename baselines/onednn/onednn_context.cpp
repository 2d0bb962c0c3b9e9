#include "onednn_context.hpp"

namespace conv1d::onednn {

dnnl::engine& cpu_engine() {
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
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
