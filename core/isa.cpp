#include "conv1d/isa.hpp"

namespace conv1d {

const std::vector<IsaRow>& isa_table() {
    static const std::vector<IsaRow> table = {
        {Isa::avx512_fp32, "avx512_fp32", DataType::f32, 64, [](const CpuFeatures& f) { return f.avx512f; }, "AVX-512"},
        {Isa::avx2_fp32, "avx2_fp32", DataType::f32, 32, [](const CpuFeatures& f) { return f.avx2; }, "AVX2/FMA"},
        {Isa::avx512_bf16, "avx512_bf16", DataType::bf16, 128, [](const CpuFeatures& f) { return f.avx512_bf16; },
         "AVX512-BF16"},
        {Isa::amx_bf16, "amx_bf16", DataType::bf16, 1024, [](const CpuFeatures& f) { return f.amx_bf16; },
         "AMX-BF16 (or the OS did not grant tile data)"},
        {Isa::scalar, "scalar", DataType::f32, 0, [](const CpuFeatures&) { return true; }, ""},
        {Isa::none, "none", DataType::f32, 0, [](const CpuFeatures&) { return true; }, ""},
    };
    return table;
}

const IsaRow& isa_row(Isa isa) {
    for (const IsaRow& row : isa_table())
        if (row.isa == isa) return row;
    return isa_table().back();
}

const char* to_string(Isa isa) { return isa_row(isa).name; }

Isa parse_isa(const std::string& name) {
    std::string known;
    for (const IsaRow& row : isa_table()) {
        if (name == row.name) return row.isa;
        known += (known.empty() ? "" : ", ") + std::string(row.name);
    }
    throw UsageError("unknown ISA '" + name + "': choose from " + known);
}

std::string lacks_reason(Isa isa) { return std::string("CPU lacks ") + isa_row(isa).lacking; }

Isa fp32_isa(const CpuFeatures& f) {
    for (const IsaRow& row : isa_table())
        if (row.dt == DataType::f32 && row.flop_per_cycle_per_core > 0 && row.present(f)) return row.isa;
    return Isa::none;
}

}  // namespace conv1d
