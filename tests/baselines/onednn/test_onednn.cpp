// The oneDNN baseline against the reference, bit for bit, on edge shapes of all three passes in
// f32 and bf16; and what its plans report (implementation, ISA, formats, reorder time).
#include <gtest/gtest.h>

#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "baselines/onednn/onednn_backend.hpp"
#include "baselines/onednn/onednn_isa.hpp"
#include "baselines/ref/reference.hpp"
#include "harness/buffers.hpp"
#include "harness/fill.hpp"
#include "tests/support/check_backend.hpp"

using namespace conv1d;

namespace conv1d {
// So that ctest lists the parameters by name rather than as raw bytes.
void PrintTo(Pass pass, std::ostream* os) { *os << to_string(pass); }
void PrintTo(DataType dt, std::ostream* os) { *os << to_string(dt); }
}  // namespace conv1d

namespace {

// benchdnn descriptors (dw = d - 1). Each exercises a corner of oneDNN's blocking or of the geometry.
const std::vector<std::string> kShapes = {
    "mb1ic1iw1oc1kw1",           // everything 1
    "mb2ic1iw40oc3kw5dw1",       // C=1 (below any channel block)
    "mb2ic3iw40oc1kw5dw1",       // K=1
    "mb3ic5iw37oc7kw1",          // S=1 (pointwise), odd sizes
    "mb2ic17iw61oc33kw3",        // channels just past a block of 16 / 32
    "mb3ic7iw129oc5kw9dw2",      // odd sizes, d=3
    "mb2ic3iw104oc5kw3dw31",     // large d=32, Q=40 (Q >= d keeps every diff_src column reachable)
    "mb2ic4iw52oc4kw51",         // Q=2, S=51
    "mb1ic3iw51oc2kw51",         // Q=1: the filter spans the whole input
    "mb1ic16iw1000oc16kw51dw7",  // N=1 with 2 threads; the paper's bf16 AtacWorks layer (C=K=16)
    "mb2ic15iw1400oc15kw51dw7",  // AtacWorks layer (C=K=15, S=51, d=8) at Q=1000
    "mb1ic64iw600oc64kw51",      // the paper's C=K=64, S=51 at Q=550
};

Problem problem(const std::string& desc, Pass pass, DataType dt) {
    Problem p = Problem::parse(desc, dt, pass);
    p.validate();
    return p;
}

bool onednn_can_run_here() { return cpu_features().avx2; }

// oneDNN 2.6 has bf16 convolutions only from AVX-512 on (an AVX2 EPYC gets f32 only).
std::vector<DataType> types_here() {
    if (cpu_features().avx512f) return {DataType::f32, DataType::bf16};
    return {DataType::f32};
}

using Case = std::tuple<std::string, Pass, DataType>;

class OnednnMatchesReference : public ::testing::TestWithParam<Case> {};

TEST_P(OnednnMatchesReference, BitExactly) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    const auto [desc, pass, dt] = GetParam();
    if (dt == DataType::bf16 && !cpu_features().avx512f) GTEST_SKIP() << "no bf16 in oneDNN without AVX-512";
    const Problem p = problem(desc, pass, dt);
    const Verdict v = conv1d::testing::run_and_verify(onednn_backend(), p, 2);
    EXPECT_EQ(v.status, Status::PASSED) << conv1d::testing::summary(p, v);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    const auto [desc, pass, dt] = info.param;
    return desc + "_" + to_string(pass) + "_" + to_string(dt);
}

INSTANTIATE_TEST_SUITE_P(EdgeShapes, OnednnMatchesReference,
                         ::testing::Combine(::testing::ValuesIn(kShapes),
                                            ::testing::Values(Pass::FWD_D, Pass::BWD_D, Pass::BWD_W),
                                            ::testing::Values(DataType::f32, DataType::bf16)),
                         case_name);

TEST(Onednn, OneThreadMatchesReference) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W})
        for (DataType dt : types_here()) {
            const Problem p = problem("mb2ic15iw1400oc15kw51dw7", pass, dt);
            const Verdict v = conv1d::testing::run_and_verify(onednn_backend(), p, 1);
            EXPECT_EQ(v.status, Status::PASSED) << conv1d::testing::summary(p, v);
        }
}

// The timing loop runs execute() many times before finish(): the result must not accumulate.
TEST(Onednn, RepeatedExecuteGivesTheSameResult) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W})
        for (DataType dt : types_here()) {
            const Problem p = problem("mb2ic15iw500oc15kw51dw7", pass, dt);
            ProblemBuffers expected(p), got(p);
            fill_inputs(p, expected.tensors());
            fill_inputs(p, got.tensors());
            reference_pass(p, expected.tensors());
            auto plan = onednn_backend().plan(p, got.tensors(), 2);
            for (int i = 0; i < 3; ++i) plan->execute();
            plan->finish();
            const Verdict v = compare_outputs(p, got.tensors(), expected.tensors());
            EXPECT_EQ(v.status, Status::PASSED) << conv1d::testing::summary(p, v);
        }
}

TEST(Onednn, PlanReportsImplementationIsaFormatsAndReorderTime) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    const std::set<std::string> isas = {"avx512_fp32", "avx2_fp32", "avx512_bf16", "amx_bf16", "scalar"};
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W})
        for (DataType dt : types_here()) {
            const Problem p = problem("mb2ic15iw500oc15kw51dw7", pass, dt);
            ProblemBuffers buffers(p);
            fill_inputs(p, buffers.tensors());
            auto plan = onednn_backend().plan(p, buffers.tensors(), 2);
            plan->execute();
            plan->finish();
            const std::string what = p.descriptor() + " " + to_string(pass) + " " + to_string(dt);
            EXPECT_FALSE(plan->impl().empty()) << what;
            EXPECT_TRUE(isas.count(to_string(plan->isa()))) << what << ": " << to_string(plan->isa());
            if (dt == DataType::f32) {
                EXPECT_EQ(plan->isa(), fp32_isa(cpu_features())) << what << ": " << plan->impl();
            }
            EXPECT_GE(plan->reorder_ms(), 0.0) << what;
            const PlanParams params = plan->params();
            ASSERT_EQ(params.size(), 3u) << what;
            for (const auto& [key, format] : params) EXPECT_FALSE(format.empty()) << what << " " << key;
        }
}

TEST(Onednn, DeclinesWithAReasonWhatTheCpuLacks) {
    const CpuFeatures nothing;  // all false
    SupportAnswer a = onednn_backend().supports(problem("mb1ic4iw20oc4kw3", Pass::FWD_D, DataType::f32), nothing);
    EXPECT_EQ(a.support, Support::skipped);
    EXPECT_NE(a.reason.find("AVX2"), std::string::npos) << a.reason;
    CpuFeatures epyc;  // AVX2 only, like an AMD EPYC (Zen 3)
    epyc.avx2 = true;
    a = onednn_backend().supports(problem("mb1ic4iw20oc4kw3", Pass::FWD_D, DataType::bf16), epyc);
    EXPECT_EQ(a.support, Support::skipped);
    EXPECT_NE(a.reason.find("bf16"), std::string::npos) << a.reason;
}

TEST(Onednn, SupportsAllPassesAndTypesHere) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W})
        for (DataType dt : types_here()) {
            const SupportAnswer a = onednn_backend().supports(problem("mb2ic15iw500oc15kw51dw7", pass, dt), cpu_features());
            EXPECT_EQ(a.support, Support::supported) << a.reason;
        }
}

TEST(OnednnIsa, FollowsTheImplementationString) {
    using onednn::Bf16Support;
    using onednn::isa_of;
    for (const Isa fp32 : {Isa::avx512_fp32, Isa::avx2_fp32}) {
        for (Bf16Support cpu : {Bf16Support::emulated, Bf16Support::avx512_bf16, Bf16Support::amx}) {
            EXPECT_EQ(isa_of(DataType::f32, "brgconv:avx512_core", cpu, fp32), fp32);
            EXPECT_EQ(isa_of(DataType::f32, "jit:avx2", cpu, fp32), fp32);
            EXPECT_EQ(isa_of(DataType::f32, "x64:gemm:jit", cpu, fp32), fp32);
            EXPECT_EQ(isa_of(DataType::bf16, "brgconv:avx512_core_amx_bf16", cpu, fp32), Isa::amx_bf16);
            EXPECT_EQ(isa_of(DataType::bf16, "jit:avx512_core_amx_bf16", cpu, fp32), Isa::amx_bf16);
            EXPECT_EQ(isa_of(DataType::bf16, "jit_bf16:avx512_core_bf16", cpu, fp32), Isa::avx512_bf16);
            // The implementation names plain AVX-512: oneDNN emulates bf16 with FP32 FMAs.
            EXPECT_EQ(isa_of(DataType::bf16, "jit_bf16:avx512_core", cpu, fp32), fp32);
            EXPECT_EQ(isa_of(DataType::f32, "ref:any", cpu, fp32), Isa::scalar);
            EXPECT_EQ(isa_of(DataType::bf16, "ref:any", cpu, fp32), Isa::scalar);
        }
        // The GEMM-based implementation names no ISA: it runs the best bf16 instructions allowed.
        EXPECT_EQ(isa_of(DataType::bf16, "x64:gemm:jit", Bf16Support::amx, fp32), Isa::amx_bf16);
        EXPECT_EQ(isa_of(DataType::bf16, "x64:gemm:jit", Bf16Support::avx512_bf16, fp32), Isa::avx512_bf16);
        EXPECT_EQ(isa_of(DataType::bf16, "x64:gemm:jit", Bf16Support::emulated, fp32), fp32);
    }
}

}  // namespace
