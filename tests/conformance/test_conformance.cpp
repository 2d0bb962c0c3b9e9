// The conformance suite: every registered backend x the shared shape files (tests/shapes/) x pass x data
// type, bit-exactly against the reference, through the harness's own verification path
// (harness/check.hpp, the one `run` and `dump` use). Registering a backend is all it takes to be tested.
// A backend that declines a case (SKIPPED, UNIMPLEMENTED) is a skip that gives its reason, never a
// failure; a backend that accepts a case must PASS. On a CPU made older with CONV1D_DISABLE_ISA the same
// binary skips what that CPU lacks.
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "conv1d/registry.hpp"
#include "tests/support/check_backend.hpp"
#include "tests/support/shape_files.hpp"

using namespace conv1d;

namespace {

struct Case {
    const Backend* backend;
    std::string descriptor;  // as written in the shape file
    Pass pass;
    DataType dt;
    int threads;
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.backend->name() << " " << to_string(c.pass) << " " << to_string(c.dt) << " " << c.descriptor << " with "
        << c.threads << " thread(s)";
}

constexpr Pass kPasses[] = {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W};
constexpr DataType kTypes[] = {DataType::f32, DataType::bf16};

// The backends of one problem are adjacent, so that they share its reference (reference_for).
std::vector<Case> cases_of(const std::vector<std::string>& descriptors, int threads) {
    std::vector<Case> cases;
    for (const std::string& descriptor : descriptors)
        for (Pass pass : kPasses)
            for (DataType dt : kTypes)
                for (const Backend* backend : all_backends()) cases.push_back({backend, descriptor, pass, dt, threads});
    return cases;
}

// The shape files and the thread count each is run with (this machine class has 2 cores).
std::vector<Case> shape_file_cases() {
    std::vector<Case> cases;
    for (const auto& [file, threads] : {std::pair{"edge", 2}, {"paper_small", 2}, {"one_thread", 1}}) {
        const std::vector<Case> more = cases_of(conv1d::testing::load_shape_file(file), threads);
        cases.insert(cases.end(), more.begin(), more.end());
    }
    return cases;
}

// e.g. xsmm_FWD_D_bf16_mb1ic15iw1400oc15kw51dw7 (GoogleTest allows only letters, digits and '_').
std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    const Case& c = info.param;
    std::string name = c.backend->name() + "_" + to_string(c.pass) + "_" + to_string(c.dt) + "_" + c.descriptor;
    for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return c.threads == 2 ? name : name + "_t" + std::to_string(c.threads);
}

Problem problem_of(const Case& c) { return Problem::parse(c.descriptor, c.dt, c.pass); }

// The reference's result for the problem (and seed) of the last case, kept for the next: the naive
// reference is most of the suite's time, and `run` too computes it once per problem for all its backends.
ReferenceResult& reference_for(const Problem& p, uint64_t seed = kDefaultSeed) {
    static Problem last;
    static std::unique_ptr<ReferenceResult> reference;
    if (!reference || !(p == last) || reference->seed() != seed) {
        reference = std::make_unique<ReferenceResult>(p, seed);
        last = p;
    }
    return *reference;
}

class Conformance : public ::testing::TestWithParam<Case> {
protected:
    // Runs the case `executions` times before finishing it, and judges the result.
    void check(int executions) {
        const Case& c = GetParam();
        const Problem p = problem_of(c);
        judge(p, check_backend(*c.backend, p, c.threads, &reference_for(p), executions));
    }
    void judge(const Problem& p, const BackendCheck& result) {
        if (result.status == Status::SKIPPED || result.status == Status::UNIMPLEMENTED)
            GTEST_SKIP() << to_string(result.status) << ": " << result.reason;
        EXPECT_EQ(result.status, Status::PASSED) << conv1d::testing::describe(p, GetParam().backend->name(), result);
    }
};

TEST_P(Conformance, MatchesTheReferenceBitExactly) { check(1); }

INSTANTIATE_TEST_SUITE_P(Shapes, Conformance, ::testing::ValuesIn(shape_file_cases()), case_name);

// A timing loop executes a plan many times before anything looks at the result: it must not accumulate.
class RepeatedExecute : public Conformance {};

TEST_P(RepeatedExecute, GivesTheSameResult) { check(3); }

INSTANTIATE_TEST_SUITE_P(AtacWorksSmall, RepeatedExecute, ::testing::ValuesIn(cases_of({"mb2ic15iw500oc15kw51dw7"}, 2)),
                         case_name);

// A framework re-uses one plan for every training step, binding each step's tensors (Plan::bind): the
// plan must then compute on the new weights and activations, and leave the tensors bound before alone.
class Rebinding : public Conformance {};

constexpr uint64_t kReboundSeed = kDefaultSeed + 1000;  // other data than the plan was made on

TEST_P(Rebinding, ComputesOnTheNewTensorsOnly) {
    const Case& c = GetParam();
    const Problem p = problem_of(c);
    judge(p, conv1d::testing::check_rebinding(*c.backend, p, c.threads, reference_for(p, kReboundSeed)));
}

// One thread: bind() does no per-thread work, and a one-thread team never waits for a core another
// process holds (with other tests running, this suite took 2 min with 2 threads, 2 s with one).
INSTANTIATE_TEST_SUITE_P(EdgeShapes, Rebinding,
                         ::testing::ValuesIn(cases_of(conv1d::testing::load_shape_file("edge"), 1)), case_name);

}  // namespace
