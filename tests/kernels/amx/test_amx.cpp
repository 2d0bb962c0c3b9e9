// The amx backend against the reference, bit-exactly, on edge shapes of all three passes.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "conv1d/cpu.hpp"
#include "kernels/amx/amx_backend.hpp"
#include "tests/support/check_backend.hpp"

using namespace conv1d;

namespace {

struct Case {
    const char* desc;
    int threads;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.desc << " threads=" << c.threads; }

// Each shape hits an edge: width not a multiple of the tile/block, S = 1, C or K = 1, odd sizes,
// C = 15 and 16 (tap pairs), more than one channel chunk, large d, N = 1 and 3 with 2 threads.
const Case kCases[] = {
    {"mb1ic32oc32ow1000kw5dw3", 2},   // Figure 6 family, Q not a multiple of 32 or 48
    {"mb1ic16oc16ow523kw51dw7", 2},   // AtacWorks-like, C = 16: two taps per tile row
    {"mb3ic15oc15ow300kw51dw7", 2},   // C = 15: a padded channel; N = 3 with 2 threads
    {"mb2ic15oc15ow61kw9dw7", 1},
    {"mb1ic1oc1ow17kw1dw0", 2},       // the smallest problem
    {"mb1ic1oc7ow100kw5dw1", 2},      // C = 1: 16 taps per tile row
    {"mb2ic7oc1ow99kw3dw0", 2},       // K = 1
    {"mb1ic3oc5ow77kw1dw0", 1},       // S = 1, odd C and K
    {"mb1ic17oc33ow97kw3dw2", 2},     // just over one tile: channel chunks that overlap
    {"mb1ic64oc64ow100kw5dw0", 2},    // two reduction chunks, two row groups
    {"mb1ic40oc24ow45kw4dw9", 2},     // odd chunking, even S
    {"mb3ic5oc9ow33kw7dw31", 2},      // large d
    {"mb1ic10oc10ow1kw2dw99", 2},     // Q = 1 with a very large d
    {"mb3ic16oc15ow130kw2dw0", 2},
    {"mb2ic16oc32ow2500kw3dw1", 2},   // long enough for several q blocks and output windows
};

class AmxPasses : public ::testing::TestWithParam<std::tuple<Case, Pass>> {};

TEST_P(AmxPasses, MatchesTheReferenceBitExactly) {
    const auto [c, pass] = GetParam();
    const Problem p = Problem::parse(c.desc, DataType::bf16, pass);
    const Verdict v = conv1d::testing::run_and_verify(amx_backend(), p, c.threads);
    if (v.status == Status::SKIPPED) GTEST_SKIP() << conv1d::testing::summary(p, v);
    EXPECT_TRUE(v.status == Status::PASSED || v.status == Status::MISTRUSTED) << conv1d::testing::summary(p, v);
    EXPECT_EQ(v.mismatches, 0) << conv1d::testing::summary(p, v);
}

std::string case_name(const ::testing::TestParamInfo<std::tuple<Case, Pass>>& info) {
    return std::string(std::get<0>(info.param).desc) + "_" + to_string(std::get<1>(info.param)) + "_t" +
           std::to_string(std::get<0>(info.param).threads);
}

INSTANTIATE_TEST_SUITE_P(EdgeShapes, AmxPasses,
                         ::testing::Combine(::testing::ValuesIn(kCases),
                                            ::testing::Values(Pass::FWD_D, Pass::BWD_D, Pass::BWD_W)),
                         case_name);

TEST(AmxBackend, SkipsWithAReasonWithoutAmx) {
    CpuFeatures no_amx;
    no_amx.avx2 = no_amx.avx512f = no_amx.avx512_bf16 = true;
    const Problem p = Problem::parse("mb1ic16oc16ow100kw5dw0", DataType::bf16);
    const SupportAnswer a = amx_backend().supports(p, no_amx);
    EXPECT_EQ(a.support, Support::skipped);
    EXPECT_FALSE(a.reason.empty());
}

TEST(AmxBackend, IsBf16Only) {
    CpuFeatures all;
    all.avx2 = all.avx512f = all.avx512_bf16 = all.amx_bf16 = true;
    const SupportAnswer a = amx_backend().supports(Problem::parse("mb1ic16oc16ow100kw5dw0", DataType::f32), all);
    EXPECT_EQ(a.support, Support::unimplemented);
    EXPECT_EQ(a.reason, "amx backend is bf16 only");
    // The same answer on a CPU without AMX: what the backend does not do comes before what a CPU lacks.
    const SupportAnswer b = amx_backend().supports(Problem::parse("mb1ic16oc16ow100kw5dw0", DataType::f32), CpuFeatures{});
    EXPECT_EQ(b.support, Support::unimplemented);
    EXPECT_EQ(amx_backend().name(), "amx");
}

}  // namespace
