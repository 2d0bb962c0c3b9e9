// The one verification path (harness/check.hpp) on backends made to misbehave: the statuses and reasons
// it gives are the ones `run` writes into the records and `dump` prints.
#include <gtest/gtest.h>

#include <stdexcept>

#include "baselines/ref/reference.hpp"
#include "harness/check.hpp"

using namespace conv1d;

namespace {

// The reference's result, spoiled unless the plan was executed exactly once before finish(): a kernel
// that accumulates into its output across executions looks like this.
class OnceOnlyPlan final : public Plan {
public:
    OnceOnlyPlan(const Problem& p, const Tensors& t, int* executions) : p_(p), t_(t), executions_(executions) {}
    void bind(const Tensors& t) override { t_ = t; }
    void execute() noexcept override {
        reference_pass(p_, t_);
        ++*executions_;
    }
    void finish() override {
        if (*executions_ != 1) static_cast<float*>(t_.output)[0] += 1.f;
    }
    std::string impl() const override { return "once_only"; }
    Isa isa() const override { return Isa::scalar; }

private:
    Problem p_;
    Tensors t_;
    int* executions_;
};

class TestBackend final : public Backend {
public:
    enum class Behaviour { once_only, throws, skips, unimplemented };
    explicit TestBackend(Behaviour b) : behaviour_(b) {}
    std::string name() const override { return "test"; }
    Role role() const override { return Role::ours; }
    SupportAnswer supports(const Problem&, const CpuFeatures&) const override {
        if (behaviour_ == Behaviour::skips) return SupportAnswer::skip("CPU lacks a test ISA");
        if (behaviour_ == Behaviour::unimplemented) return SupportAnswer::unimplemented("not a test case");
        return SupportAnswer::yes();
    }
    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int) const override {
        if (behaviour_ == Behaviour::throws) throw std::runtime_error("no kernel for this shape");
        return std::make_unique<OnceOnlyPlan>(p, t, &executions);
    }
    mutable int executions = 0;

private:
    Behaviour behaviour_;
};

const Problem kProblem = Problem::parse("mb2ic3iw40oc4kw5dw1", DataType::f32, Pass::FWD_D);

TEST(Check, ARightResultPassesAndKeepsThePlanAndItsOutput) {
    TestBackend backend(TestBackend::Behaviour::once_only);
    ReferenceResult reference(kProblem);
    const BackendCheck check = check_backend(backend, kProblem, 2, &reference);
    EXPECT_EQ(check.status, Status::PASSED) << check.reason;
    EXPECT_TRUE(check.reason.empty());
    EXPECT_EQ(check.verdict.checked, written_elems(kProblem));
    ASSERT_TRUE(check.plan && check.buffers);
    EXPECT_TRUE(check.runnable());
    EXPECT_EQ(static_cast<const float*>(check.buffers->tensors().output)[0],
              static_cast<const float*>(reference.tensors().output)[0]);
}

TEST(Check, AWrongResultFailsCountingTheOutputsThatDiffer) {
    TestBackend backend(TestBackend::Behaviour::once_only);
    ReferenceResult reference(kProblem);
    const BackendCheck check = check_backend(backend, kProblem, 2, &reference, 2);
    EXPECT_EQ(backend.executions, 2);
    EXPECT_EQ(check.status, Status::FAILED);
    EXPECT_EQ(check.reason, "1 of " + std::to_string(written_elems(kProblem)) + " outputs differ from the reference");
    ASSERT_EQ(check.verdict.first.size(), 1u);
    EXPECT_EQ(check.verdict.first[0].rfind("dst[n=0,k=0,q=0]", 0), 0u) << check.verdict.first[0];
    EXPECT_FALSE(check.runnable()) << "a wrong kernel is not timed";
}

TEST(Check, APlanThatThrowsFailsWithTheMessage) {
    ReferenceResult reference(kProblem);
    const BackendCheck check = check_backend(TestBackend(TestBackend::Behaviour::throws), kProblem, 2, &reference);
    EXPECT_EQ(check.status, Status::FAILED);
    EXPECT_EQ(check.reason, "plan failed: no kernel for this shape");
    EXPECT_FALSE(check.plan);
    EXPECT_FALSE(check.runnable());
}

TEST(Check, ADeclinedProblemIsSkippedOrUnimplementedWithTheBackendsReason) {
    ReferenceResult reference(kProblem);
    BackendCheck check = check_backend(TestBackend(TestBackend::Behaviour::skips), kProblem, 2, &reference);
    EXPECT_EQ(check.status, Status::SKIPPED);
    EXPECT_EQ(check.reason, "CPU lacks a test ISA");
    EXPECT_FALSE(check.plan || check.buffers);
    check = check_backend(TestBackend(TestBackend::Behaviour::unimplemented), kProblem, 2, &reference);
    EXPECT_EQ(check.status, Status::UNIMPLEMENTED);
    EXPECT_EQ(check.reason, "not a test case");
}

TEST(Check, WithoutAReferenceItOnlyPlans) {
    TestBackend backend(TestBackend::Behaviour::once_only);
    const BackendCheck check = check_backend(backend, kProblem, 2, nullptr);
    EXPECT_EQ(check.status, Status::NOT_VERIFIED);
    EXPECT_EQ(backend.executions, 0);
    EXPECT_TRUE(check.runnable()) << "--mode P times what it did not verify";
}

}  // namespace
