// The xsmm backend against the reference, bit-exactly, over edge shapes and all three passes.
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

struct Shape {
    const char* why;
    int64_t N, C, K, Q, S, d;
    int threads;
};

Problem make(const Shape& s, DataType dt, Pass pass) {
    Problem p;
    p.N = s.N, p.C = s.C, p.K = s.K, p.S = s.S, p.d = s.d, p.W = s.Q + (s.S - 1) * s.d;
    p.dt = dt;
    p.pass = pass;
    return p;
}

const std::vector<Shape>& edge_shapes() {
    static const std::vector<Shape> shapes = {
        {"Q not a multiple of the block", 2, 5, 7, 150, 3, 2, 2},
        {"Q smaller than the block", 2, 4, 4, 10, 3, 1, 2},
        {"Q = 1", 2, 3, 2, 1, 5, 1, 2},
        {"S = 1", 2, 8, 6, 100, 1, 1, 2},
        {"C = 1", 2, 1, 5, 77, 5, 3, 2},
        {"K = 1", 2, 6, 1, 77, 5, 3, 2},
        {"C = K = S = 1", 2, 1, 1, 65, 1, 1, 2},
        {"odd sizes, one thread", 3, 7, 9, 131, 5, 3, 1},
        {"d*(S-1) larger than the block", 2, 5, 3, 200, 9, 20, 2},
        {"d*(S-1) larger than Q", 2, 4, 3, 20, 9, 10, 2},
        {"large d", 1, 3, 4, 150, 3, 100, 2},
        {"d larger than every default block", 1, 3, 4, 300, 3, 150, 2},
        {"N = 1 with 2 threads", 1, 16, 16, 700, 9, 4, 2},
        {"N = 3 with 2 threads", 3, 9, 11, 333, 7, 5, 2},
        {"AtacWorks layer, small Q", 2, 15, 15, 1001, 51, 8, 2},
        {"paper C=K=64 S=15", 2, 64, 64, 500, 15, 1, 2},
        {"paper C=K=64 S=51", 1, 64, 64, 300, 51, 1, 2},
        {"paper C=K=32 S=25 d=4", 2, 32, 32, 400, 25, 4, 2},
    };
    return shapes;
}

void expect_passes(const Backend& backend, const Problem& p, int threads, const std::string& why) {
    const conv1d::Verdict v = conv1d::testing::run_and_verify(backend, p, threads);
    EXPECT_EQ(v.status, Status::PASSED) << why << ": " << conv1d::testing::summary(p, v);
}

class XsmmF32 : public ::testing::TestWithParam<Pass> {};

TEST_P(XsmmF32, MatchesReferenceOnEdgeShapes) {
    for (const Shape& s : edge_shapes()) expect_passes(xsmm_backend(), make(s, DataType::f32, GetParam()), s.threads, s.why);
}

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

TEST_P(XsmmF32, EveryVariantAndBlockMatchesReference) {
    const std::vector<Shape> shapes = {
        {"odd everything", 2, 5, 7, 150, 3, 2, 2},
        {"taps wider than the block", 1, 6, 5, 97, 6, 13, 2},
        {"AtacWorks layer, small Q", 1, 15, 15, 301, 51, 8, 2},
    };
    for (auto variant : {xsmm::BatchVariant::stride, xsmm::BatchVariant::offset, xsmm::BatchVariant::address})
        for (int64_t bw : {1, 16, 17, 48, 128, 200}) {
            const TunedBackend backend({bw, variant});
            for (const Shape& s : shapes)
                expect_passes(backend, make(s, DataType::f32, GetParam()), s.threads,
                              std::string(s.why) + " bw=" + std::to_string(bw) + " " + xsmm::to_string(variant));
        }
    // Taps split over several BRGEMM calls (the first writes, the others accumulate), with and
    // without packing, including a last group smaller than the others.
    for (auto variant : {xsmm::BatchVariant::stride, xsmm::BatchVariant::offset, xsmm::BatchVariant::address})
        for (int64_t group : {1, 2, 4})
            for (bool pack : {true, false}) {
                const TunedBackend backend({64, variant, pack, group});
                for (const Shape& s : shapes)
                    expect_passes(backend, make(s, DataType::f32, GetParam()), s.threads,
                                  std::string(s.why) + " group=" + std::to_string(group) + (pack ? " pack " : " direct ") +
                                      xsmm::to_string(variant));
            }
}

class XsmmBF16 : public ::testing::TestWithParam<Pass> {};

TEST_P(XsmmBF16, MatchesReferenceOnEvenAndOddShapes) {
    if (!cpu_features().avx512_bf16) GTEST_SKIP() << "CPU lacks AVX512-BF16";
    for (const Shape& s : edge_shapes()) expect_passes(xsmm_backend(), make(s, DataType::bf16, GetParam()), s.threads, s.why);
    const std::vector<Shape> even = {
        {"even everything", 2, 8, 4, 128, 4, 2, 2},
        {"paper Figure 6 shape, small Q", 2, 32, 32, 600, 31, 4, 2},
    };
    for (const Shape& s : even) expect_passes(xsmm_backend(), make(s, DataType::bf16, GetParam()), s.threads, s.why);
}

TEST_P(XsmmBF16, OddBlocksAndTapPackingMatchReference) {
    if (!cpu_features().avx512_bf16) GTEST_SKIP() << "CPU lacks AVX512-BF16";
    const std::vector<Shape> shapes = {
        {"odd everything", 2, 5, 7, 151, 3, 2, 2},
        {"taps wider than the block", 1, 6, 5, 97, 6, 13, 2},
    };
    for (int64_t bw : {1, 17, 32, 200})
        for (const Shape& s : shapes) {
            const TunedBackend backend({bw, xsmm::BatchVariant::stride});
            expect_passes(backend, make(s, DataType::bf16, GetParam()), s.threads,
                          std::string(s.why) + " bw=" + std::to_string(bw));
        }
}

INSTANTIATE_TEST_SUITE_P(Passes, XsmmBF16, ::testing::Values(Pass::FWD_D, Pass::BWD_D, Pass::BWD_W),
                         [](const auto& info) { return std::string(to_string(info.param)); });

INSTANTIATE_TEST_SUITE_P(Passes, XsmmF32, ::testing::Values(Pass::FWD_D, Pass::BWD_D, Pass::BWD_W),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(Xsmm, SkipsWhatTheCpuCannotRun) {
    Problem p = make(edge_shapes()[0], DataType::f32, Pass::FWD_D);
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
    const Problem p = make(edge_shapes()[0], DataType::f32, Pass::FWD_D);
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
