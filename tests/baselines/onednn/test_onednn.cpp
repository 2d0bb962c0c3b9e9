// The oneDNN baseline's own tests: what its plans report (implementation, ISA, formats, reorder time),
// what it declines and why, and how oneDNN's implementation names map to ISAs. Its results are checked
// against the reference on the shared shapes with every other backend by tests/conformance/.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "baselines/onednn/onednn_backend.hpp"
#include "baselines/onednn/onednn_isa.hpp"
#include "tests/support/check_backend.hpp"

using namespace conv1d;

namespace {

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

TEST(Onednn, PlanReportsImplementationIsaFormatsAndReorderTime) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    const std::set<std::string> isas = {"avx512_fp32", "avx2_fp32", "avx512_bf16", "amx_bf16", "scalar"};
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W})
        for (DataType dt : types_here()) {
            const Problem p = problem("mb2ic15iw500oc15kw51dw7", pass, dt);
            ReferenceResult reference(p);
            const BackendCheck check = check_backend(onednn_backend(), p, 2, &reference);
            ASSERT_EQ(check.status, Status::PASSED) << conv1d::testing::describe(p, "onednn", check);
            const Plan* plan = check.plan.get();
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
