#include "onednn_isa.hpp"

namespace conv1d::onednn {

std::string isa_of(DataType dt, const std::string& impl, Bf16Support cpu, const std::string& fp32) {
    const auto has = [&](const char* s) { return impl.find(s) != std::string::npos; };
    if (impl.rfind("ref", 0) == 0) return "scalar";
    if (dt == DataType::f32) return fp32;
    if (has("amx")) return "amx_bf16";
    if (has("avx512_core_bf16")) return "avx512_bf16";
    if (has("avx") || has("sse")) return fp32;
    switch (cpu) {
        case Bf16Support::amx: return "amx_bf16";
        case Bf16Support::avx512_bf16: return "avx512_bf16";
        case Bf16Support::emulated: return fp32;
    }
    return fp32;
}

}  // namespace conv1d::onednn
