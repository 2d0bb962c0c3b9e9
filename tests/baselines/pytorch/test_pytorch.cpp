// The PyTorch baseline's own tests: what its plans report (PyTorch's dispatch, the oneDNN kernel behind
// it, the ISA judged against), what it declines and why, and that PyTorch's own GEMM path gets a real BLAS
// in our executables. Its results on the shared shapes are checked by tests/conformance/.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "baselines/pytorch/pytorch_backend.hpp"
#include "tests/support/check_backend.hpp"

using namespace conv1d;

namespace {

BackendCheck checked(const Problem& p, int threads) {
    ReferenceResult reference(p);
    BackendCheck check = check_backend(pytorch_backend(), p, threads, &reference);
    EXPECT_EQ(check.status, Status::PASSED) << conv1d::testing::describe(p, "pytorch", check);
    return check;
}

std::map<std::string, std::string> params_of(const Plan& plan) {
    std::map<std::string, std::string> params;
    for (const auto& [key, value] : plan.params()) params[key] = value;
    return params;
}

TEST(Pytorch, DilatedConvolutionRunsOnednnAndSaysWhichKernel) {
    if (!cpu_features().avx512f) GTEST_SKIP() << "the bf16 half needs AVX-512";
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W})
        for (DataType dt : {DataType::f32, DataType::bf16}) {
            const Problem p = Problem::parse("mb2ic15iw500oc15kw51dw7", dt, pass);
            const BackendCheck check = checked(p, 2);
            ASSERT_TRUE(check.plan);
            const std::string what = to_string(pass) + std::string(" ") + to_string(dt);
            std::map<std::string, std::string> params = params_of(*check.plan);
            EXPECT_EQ(params["aten_dispatch"], "mkldnn") << what;
            EXPECT_NE(params["onednn_impl"], "none") << what;
            EXPECT_EQ(check.plan->impl(), "mkldnn:" + params["onednn_impl"]) << what;
            if (dt == DataType::f32) {
                EXPECT_EQ(check.plan->isa(), fp32_isa(cpu_features())) << what;
            } else if (params["onednn_impl"].find("amx") != std::string::npos) {
                EXPECT_EQ(check.plan->isa(), Isa::amx_bf16) << what;
            }
        }
}

// PyTorch runs a pointwise convolution on one thread as im2col + BLAS sgemm (its slow2d path). The xsmm
// backend links LIBXSMM's BLAS stubs; if our executable exported them, libtorch's sgemm would be a stub.
TEST(Pytorch, SlowPathGetsARealBlas) {
    if (!cpu_features().avx2) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W}) {
        const BackendCheck check = checked(Problem::parse("mb2ic16iw100oc24kw1", DataType::f32, pass), 1);
        ASSERT_TRUE(check.plan);
        EXPECT_EQ(check.plan->impl(), "slow2d") << to_string(pass);
        EXPECT_EQ(check.plan->isa(), Isa::scalar) << to_string(pass);
    }
}

TEST(Pytorch, DeclinesWithAReasonWhatTheCpuLacks) {
    const Problem f32 = Problem::parse("mb1ic4iw20oc4kw3", DataType::f32, Pass::FWD_D);
    const CpuFeatures nothing;  // all false
    SupportAnswer a = pytorch_backend().supports(f32, nothing);
    EXPECT_EQ(a.support, Support::skipped);
    EXPECT_NE(a.reason.find("AVX2"), std::string::npos) << a.reason;
    CpuFeatures epyc;  // AVX2 only, like an AMD EPYC (Zen 3)
    epyc.avx2 = true;
    EXPECT_EQ(pytorch_backend().supports(f32, epyc).support, Support::supported);
    a = pytorch_backend().supports(Problem::parse("mb1ic4iw20oc4kw3", DataType::bf16, Pass::BWD_W), epyc);
    EXPECT_EQ(a.support, Support::skipped);
    EXPECT_NE(a.reason.find("bf16"), std::string::npos) << a.reason;
}

}  // namespace
