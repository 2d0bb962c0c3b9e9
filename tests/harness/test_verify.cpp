#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "baselines/ref/reference.hpp"
#include "conv1d/bf16.hpp"
#include "harness/buffers.hpp"
#include "harness/fill.hpp"
#include "harness/verify.hpp"

using namespace conv1d;

TEST(Fill, IsDeterministicSmallNonzeroIntegersAndPoisonsTheOutput) {
    const Problem p = Problem::parse("mb2ic15iw600oc15kw51dw7");
    ProblemBuffers a(p), b(p);
    fill_inputs(p, a.tensors());
    fill_inputs(p, b.tensors());
    const float* x = static_cast<const float*>(a.tensors().input);
    std::set<float> seen;
    for (int64_t i = 0; i < p.input_elems(); ++i) {
        EXPECT_EQ(x[i], std::nearbyint(x[i]));
        EXPECT_NE(x[i], 0.f);
        EXPECT_LE(std::fabs(x[i]), float(fill_plan(p).magnitude));
        seen.insert(x[i]);
    }
    EXPECT_EQ(seen.size(), size_t(2 * fill_plan(p).magnitude)) << "every allowed value occurs";
    EXPECT_EQ(std::memcmp(a.tensors().input, b.tensors().input, size_t(p.input_elems()) * 4), 0);
    EXPECT_TRUE(std::isnan(static_cast<const float*>(a.tensors().output)[0]));
}

TEST(Fill, KeepsPartialSumsBelowTwoToThe23) {
    for (const char* d : {"mb1ic64iw60050oc64kw51", "mb16ic4iw60000oc4kw1", "mb64ic1iw600000oc1kw1"}) {
        const Problem p = Problem::parse(d, DataType::f32, Pass::BWD_W);
        const FillPlan f = fill_plan(p);
        const double L = double(p.N * p.Q());
        // at most ceil(run/thinning) nonzero per contiguous run of Q, N runs
        const double nonzero = double(p.N) * std::ceil(double(p.Q()) / double(f.thinning));
        EXPECT_LT(nonzero * double(f.magnitude * f.magnitude), double(1 << 23)) << d << " L=" << L;
    }
}

TEST(Verify, PassesIdenticalAndFailsOnOneChangedElementWithItsIndex) {
    const Problem p = Problem::parse("mb2ic3iw50oc4kw5dw1", DataType::f32, Pass::FWD_D);
    ProblemBuffers a(p), b(p);
    fill_inputs(p, a.tensors());
    fill_inputs(p, b.tensors());
    reference_pass(p, a.tensors());
    reference_pass(p, b.tensors());
    EXPECT_EQ(compare_outputs(p, a.tensors(), b.tensors()).status, Status::PASSED);

    static_cast<float*>(b.tensors().output)[p.Q() + 7] += 1.f;  // n=0, k=1, q=7
    const Verdict v = compare_outputs(p, b.tensors(), a.tensors());
    EXPECT_EQ(v.status, Status::FAILED);
    EXPECT_EQ(v.mismatches, 1);
    ASSERT_EQ(v.first.size(), 1u);
    EXPECT_NE(v.first[0].find("dst[n=0,k=1,q=7]"), std::string::npos) << v.first[0];
}

TEST(Verify, AnUnwrittenElementFails) {
    const Problem p = Problem::parse("mb1ic2iw20oc2kw3", DataType::bf16, Pass::BWD_W);
    ProblemBuffers a(p), b(p);
    fill_inputs(p, a.tensors());
    fill_inputs(p, b.tensors());
    reference_pass(p, a.tensors());
    reference_pass(p, b.tensors());
    poison_output(p, b.tensors());
    EXPECT_EQ(compare_outputs(p, b.tensors(), a.tensors()).status, Status::FAILED);
}

TEST(Verify, TooManyZeroOutputsAreMistrusted) {
    const Problem p = Problem::parse("mb1ic1iw10oc1kw1", DataType::f32, Pass::FWD_D);
    std::vector<float> x(10, 0.f), w = {1.f}, y(10), y2(10);
    x[0] = 1.f;
    reference_pass(p, Tensors{x.data(), w.data(), y.data()});
    reference_pass(p, Tensors{x.data(), w.data(), y2.data()});
    EXPECT_EQ(compare_outputs(p, Tensors{x.data(), w.data(), y.data()}, Tensors{x.data(), w.data(), y2.data()}).status,
              Status::MISTRUSTED);
}
