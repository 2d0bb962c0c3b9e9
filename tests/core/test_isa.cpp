// The ISA table (conv1d/isa.hpp) and what is derived from it: names, reasons, the peaks a problem's
// kernels are judged against, the feature list of the records.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "conv1d/isa.hpp"
#include "conv1d/kernel.hpp"
#include "conv1d/sysinfo.hpp"

using namespace conv1d;

namespace {

CpuFeatures sapphire_rapids() {
    CpuFeatures f;
    f.avx2 = f.avx512f = f.avx512_bf16 = f.amx_bf16 = true;
    return f;
}

CpuFeatures epyc_zen3() {
    CpuFeatures f;
    f.avx2 = true;
    return f;
}

TEST(IsaTable, NamesAreUniqueAndParseBack) {
    std::set<std::string> names;
    for (const IsaRow& row : isa_table()) {
        EXPECT_TRUE(names.insert(row.name).second) << row.name;
        EXPECT_EQ(parse_isa(row.name), row.isa);
        EXPECT_STREQ(to_string(row.isa), row.name);
    }
    EXPECT_THROW(parse_isa("avx512"), UsageError);
}

TEST(IsaTable, EveryCpuFeatureSaysWhatACpuWithoutItLacks) {
    for (const IsaRow& row : isa_table()) {
        if (!row.feature) continue;
        EXPECT_NE(std::string(row.lacking), "") << row.name;
        EXPECT_NE(std::string(row.feature_name), "") << row.name;
        EXPECT_FALSE(row.present(CpuFeatures{})) << row.name;
        EXPECT_TRUE(row.present(sapphire_rapids())) << row.name;
        const SupportAnswer a = SupportAnswer::needs(row.isa, CpuFeatures{});
        EXPECT_EQ(a.support, Support::skipped);
        EXPECT_EQ(a.reason, std::string("CPU lacks ") + row.lacking);
    }
    EXPECT_EQ(lacks_reason(Isa::avx512_bf16), "CPU lacks AVX512-BF16");
}

TEST(IsaTable, ProblemsAreJudgedAgainstTheWidestFmaAndEveryBf16Path) {
    EXPECT_EQ(peak_isas(DataType::f32, sapphire_rapids()), std::vector<Isa>{Isa::avx512_fp32});
    EXPECT_EQ(peak_isas(DataType::bf16, sapphire_rapids()), (std::vector<Isa>{Isa::avx512_bf16, Isa::amx_bf16}));
    CpuFeatures cascade_lake = sapphire_rapids();
    cascade_lake.avx512_bf16 = cascade_lake.amx_bf16 = false;
    EXPECT_EQ(peak_isas(DataType::bf16, cascade_lake), std::vector<Isa>{});
    EXPECT_EQ(peak_isas(DataType::f32, epyc_zen3()), std::vector<Isa>{Isa::avx2_fp32});
    EXPECT_EQ(fp32_isa(epyc_zen3()), Isa::avx2_fp32);
    EXPECT_EQ(peak_isas(DataType::f32, CpuFeatures{}), std::vector<Isa>{});
    EXPECT_EQ(fp32_isa(CpuFeatures{}), Isa::none);
}

TEST(IsaTable, FeatureListKeepsTheRecordsSpelling) {
    // The CI gate compares isa_features between runs: the spelling and order must not change.
    EXPECT_EQ(feature_list(sapphire_rapids()), "avx2 avx512f avx512_bf16 amx_bf16");
    EXPECT_EQ(feature_list(epyc_zen3()), "avx2");
    EXPECT_EQ(feature_list(CpuFeatures{}), "");
}

TEST(IsaTable, DisablingAFeatureTakesWhatBuildsOnIt) {
    // CONV1D_DISABLE_ISA's names and what each leaves of a Sapphire Rapids.
    EXPECT_EQ(feature_list(without(sapphire_rapids(), "")), "avx2 avx512f avx512_bf16 amx_bf16");
    EXPECT_EQ(feature_list(without(sapphire_rapids(), "avx512_bf16,amx_bf16")), "avx2 avx512f");
    EXPECT_EQ(feature_list(without(sapphire_rapids(), "avx512_bf16")), "avx2 avx512f amx_bf16");
    EXPECT_EQ(feature_list(without(sapphire_rapids(), "amx_bf16")), "avx2 avx512f avx512_bf16");
    EXPECT_EQ(feature_list(without(sapphire_rapids(), "avx512f")), "avx2");
    EXPECT_EQ(feature_list(without(sapphire_rapids(), "avx2")), "");
    EXPECT_EQ(feature_list(without(sapphire_rapids(), "avx2x,avx512")), "avx2 avx512f avx512_bf16 amx_bf16");
    // A CPU that reports AVX512-BF16 without AVX-512 state enabled by the OS has neither.
    CpuFeatures no_avx512_state = sapphire_rapids();
    no_avx512_state.avx512f = false;
    EXPECT_EQ(feature_list(without(no_avx512_state, "")), "avx2");
}

}  // namespace
