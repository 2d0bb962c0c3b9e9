#include "onednn_isa.hpp"

namespace conv1d::onednn {

Isa isa_of(DataType dt, const std::string& impl, Bf16Support cpu, Isa fp32) {
    const auto has = [&](const char* s) { return impl.find(s) != std::string::npos; };
    if (impl.rfind("ref", 0) == 0) return Isa::scalar;
    if (dt == DataType::f32) return fp32;
    if (has("amx")) return Isa::amx_bf16;
    if (has("avx512_core_bf16")) return Isa::avx512_bf16;
    if (has("avx") || has("sse")) return fp32;
    switch (cpu) {
        case Bf16Support::amx: return Isa::amx_bf16;
        case Bf16Support::avx512_bf16: return Isa::avx512_bf16;
        case Bf16Support::emulated: return fp32;
    }
    return fp32;
}

}  // namespace conv1d::onednn
