#include "conv1d/isa.hpp"

#include "peak/loops.hpp"

namespace conv1d {

// FLOP per cycle per core, for the nominal peak (cores x nominal GHz x this):
//   avx512_fp32  64   = 2 FMA ports x 16 lanes x 2 FLOP (vfmadd231ps zmm)
//   avx2_fp32    32   = 2 FMA ports x 8 lanes x 2 FLOP (vfmadd231ps ymm; Haswell and later, AMD Zen 2 and 3)
//   avx512_bf16  128  = 2 ports x 16 lanes x 2 products x 2 FLOP (vdpbf16ps zmm), the ISA's best case;
//                       Sapphire Rapids issues it on one port, so about half of this is measured there
//   amx_bf16     1024 = one tdpbf16ps (16x16x32 MACs = 16384 FLOP) every 16 cycles
// builds_on: AVX-512 implies AVX2 on every CPU that has it, and our AVX512-BF16 and AMX code uses
// AVX-512 (BW) instructions too; so CONV1D_DISABLE_ISA=avx512f leaves neither.
const std::vector<IsaRow>& isa_table() {
    static const std::vector<IsaRow> table = {
        {Isa::avx512_fp32, "avx512_fp32", DataType::f32, 64, &CpuFeatures::avx512f, "avx512f", Isa::avx2_fp32,
         "AVX-512", peak::fma512_loop()},
        {Isa::avx2_fp32, "avx2_fp32", DataType::f32, 32, &CpuFeatures::avx2, "avx2", Isa::none, "AVX2/FMA",
         peak::fma256_loop()},
        {Isa::avx512_bf16, "avx512_bf16", DataType::bf16, 128, &CpuFeatures::avx512_bf16, "avx512_bf16",
         Isa::avx512_fp32, "AVX512-BF16", peak::dpbf16_loop()},
        {Isa::amx_bf16, "amx_bf16", DataType::bf16, 1024, &CpuFeatures::amx_bf16, "amx_bf16", Isa::avx512_fp32,
         "AMX-BF16 (or the OS did not grant tile data)", peak::tdpbf16_loop()},
        {Isa::scalar, "scalar", DataType::f32, 0, nullptr, "", Isa::none, "", {}},
        {Isa::none, "none", DataType::f32, 0, nullptr, "", Isa::none, "", {}},
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

std::vector<Isa> peak_isas(DataType dt, const CpuFeatures& f) {
    std::vector<Isa> isas;
    for (const IsaRow& row : isa_table())
        if (row.dt == dt && row.flop_per_cycle_per_core > 0 && row.present(f)) isas.push_back(row.isa);
    if (dt == DataType::f32 && isas.size() > 1) isas.resize(1);
    return isas;
}

Isa fp32_isa(const CpuFeatures& f) {
    const std::vector<Isa> isas = peak_isas(DataType::f32, f);
    return isas.empty() ? Isa::none : isas.front();
}

}  // namespace conv1d
