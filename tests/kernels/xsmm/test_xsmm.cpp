// The xsmm backend's own tests: every tuning variant and block against the reference, its answers on a
// CPU that lacks an ISA, its errors and what its plans report. The default plans are checked on the shared
// shapes with every other backend by tests/conformance/.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/xsmm/brgemm.hpp"
#include "kernels/xsmm/plans.hpp"
#include "kernels/xsmm/xsmm_backend.hpp"
#include "tests/support/check_backend.hpp"

using namespace conv1d;

namespace {

Problem make(const char* descriptor, DataType dt, Pass pass) { return Problem::parse(descriptor, dt, pass); }

using conv1d::testing::expect_passes;

// The backend with a fixed tuning, to check blockings and BRGEMM variants the default does not pick.
class TunedBackend final : public Backend {
public:
    explicit TunedBackend(xsmm::Tuning t) : tuning_(t) {}
    std::string name() const override { return "xsmm"; }
    Role role() const override { return Role::ours; }
    SupportAnswer supports(const Problem& p, const CpuFeatures& cpu) const override {
        return xsmm_backend().supports(p, cpu);
    }
    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int threads) const override {
        return xsmm::make_plan(p, t, threads, tuning_);
    }

private:
    xsmm::Tuning tuning_;
};

class XsmmF32 : public ::testing::TestWithParam<Pass> {};

TEST_P(XsmmF32, EveryVariantAndBlockMatchesReference) {
    const char* const shapes[] = {
        "mb2ic5oc7ow150kw3dw1",     // odd everything
        "mb1ic6oc5ow97kw6dw12",     // taps wider than the block
        "mb1ic15oc15ow301kw51dw7",  // AtacWorks layer, small Q
    };
    for (auto variant : {xsmm::BatchVariant::stride, xsmm::BatchVariant::offset, xsmm::BatchVariant::address})
        for (int64_t bw : {1, 16, 17, 48, 128, 200}) {
            const TunedBackend backend({bw, variant});
            for (const char* s : shapes)
                expect_passes(backend, make(s, DataType::f32, GetParam()), 2,
                              "bw=" + std::to_string(bw) + " " + xsmm::to_string(variant));
        }
    // Taps split over several BRGEMM calls (the first writes, the others accumulate), with and
    // without packing, including a last group smaller than the others.
    for (auto variant : {xsmm::BatchVariant::stride, xsmm::BatchVariant::offset, xsmm::BatchVariant::address})
        for (int64_t group : {1, 2, 4})
            for (bool pack : {true, false}) {
                const TunedBackend backend({64, variant, pack, group});
                for (const char* s : shapes)
                    expect_passes(backend, make(s, DataType::f32, GetParam()), 2,
                                  "group=" + std::to_string(group) + (pack ? " pack " : " direct ") +
                                      xsmm::to_string(variant));
            }
}

class XsmmBF16 : public ::testing::TestWithParam<Pass> {};

TEST_P(XsmmBF16, OddBlocksAndTapPackingMatchReference) {
    if (!cpu_features().avx512_bf16) GTEST_SKIP() << "CPU lacks AVX512-BF16";
    const char* const shapes[] = {
        "mb2ic5oc7ow151kw3dw1",  // odd everything
        "mb1ic6oc5ow97kw6dw12",  // taps wider than the block
    };
    for (int64_t bw : {1, 17, 32, 200})
        for (const char* s : shapes) {
            const TunedBackend backend({bw, xsmm::BatchVariant::stride});
            expect_passes(backend, make(s, DataType::bf16, GetParam()), 2, "bw=" + std::to_string(bw));
        }
}

INSTANTIATE_TEST_SUITE_P(Passes, XsmmBF16, ::testing::Values(Pass::FWD_D, Pass::BWD_D, Pass::BWD_W),
                         [](const auto& info) { return std::string(to_string(info.param)); });

INSTANTIATE_TEST_SUITE_P(Passes, XsmmF32, ::testing::Values(Pass::FWD_D, Pass::BWD_D, Pass::BWD_W),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(Xsmm, SkipsWhatTheCpuCannotRun) {
    Problem p = make("mb2ic5oc7ow150kw3dw1", DataType::f32, Pass::FWD_D);
    CpuFeatures none;
    EXPECT_EQ(xsmm_backend().supports(p, none).support, Support::skipped);
    p.dt = DataType::bf16;
    CpuFeatures no_bf16;
    no_bf16.avx512f = true;
    const SupportAnswer a = xsmm_backend().supports(p, no_bf16);
    EXPECT_EQ(a.support, Support::skipped);
    EXPECT_EQ(a.reason, "CPU lacks AVX512-BF16");
}

TEST(Xsmm, NoKernelIsAnErrorNamingTheShape) {
    xsmm::GemmShape g;
    g.m = 64, g.n = 4, g.k = 4, g.lda = 10, g.ldb = 4, g.ldc = 64;  // lda < m: LIBXSMM returns NULL
    try {
        xsmm::BatchReduce<float>(xsmm::BatchVariant::stride, g, 3, 1, 16);
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("lda=10"), std::string::npos) << e.what();
    }
}

TEST(Xsmm, PlanDescribesItself) {
    if (!cpu_features().avx2) GTEST_SKIP() << "CPU lacks AVX2/FMA";
    const Problem p = make("mb2ic5oc7ow150kw3dw1", DataType::f32, Pass::FWD_D);
    std::vector<float> in(size_t(p.input_elems())), w(size_t(p.weight_elems())), out(size_t(p.output_elems()));
    const Tensors t{in.data(), w.data(), out.data()};
    const auto plan = xsmm_backend().plan(p, t, 2);
    EXPECT_EQ(plan->isa(), fp32_isa(cpu_features()));  // the FMA width LIBXSMM was allowed
    EXPECT_EQ(plan->impl().rfind("brgemm_", 0), 0u) << plan->impl();
    bool has_block = false;
    for (const auto& [key, value] : plan->params()) has_block |= key == "width_block";
    EXPECT_TRUE(has_block);
}

}  // namespace
