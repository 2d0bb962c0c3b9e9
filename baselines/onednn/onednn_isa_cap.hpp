// How far oneDNN may go on this CPU. oneDNN reads CPUID itself; capping it to the features we report
// (which CONV1D_DISABLE_ISA can lower) makes what a record says ran be what ran. Shared by the onednn
// backend and the pytorch one (whose convolutions are oneDNN's); header-only on oneDNN's C API, so it
// builds against every oneDNN version the suite compares.
#pragma once

#include <oneapi/dnnl/dnnl.h>

#include <optional>
#include <utility>

#include "conv1d/isa.hpp"

namespace conv1d::onednn {

#if DNNL_VERSION_MAJOR >= 3  // (3.0 renamed "every ISA the CPU has")
constexpr dnnl_cpu_isa_t kEveryIsa = dnnl_cpu_isa_default;
#else
constexpr dnnl_cpu_isa_t kEveryIsa = dnnl_cpu_isa_all;
#endif

struct IsaCap {
    Isa isa;               // ours, the last level the CPU has all of
    dnnl_cpu_isa_t level;  // oneDNN's; kEveryIsa when the CPU has every level (then nothing is capped)
};

// oneDNN's ISA levels are nested, each including those before it: ours each level needs, in order.
// The cap is the last level whose ISAs the CPU all has; nullopt below AVX2.
inline std::optional<IsaCap> isa_cap(const CpuFeatures& cpu) {
    const std::pair<Isa, dnnl_cpu_isa_t> levels[] = {{Isa::avx2_fp32, dnnl_cpu_isa_avx2},
                                                     {Isa::avx512_fp32, dnnl_cpu_isa_avx512_core},
                                                     {Isa::avx512_bf16, dnnl_cpu_isa_avx512_core_bf16},
                                                     {Isa::amx_bf16, kEveryIsa}};
    std::optional<IsaCap> cap;
    for (const auto& [isa, level] : levels) {
        if (!isa_row(isa).present(cpu)) break;
        cap = IsaCap{isa, level};
    }
    return cap;
}

}  // namespace conv1d::onednn
