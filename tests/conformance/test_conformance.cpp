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

// The reference's result for the problem of the last case, kept for the next: the naive reference is
// most of the suite's time, and `run` too computes it once per problem for all its backends.
ReferenceResult& reference_for(const Problem& p) {
    static Problem last;
    static std::unique_ptr<ReferenceResult> reference;
    if (!reference || !(p == last)) {
        reference = std::make_unique<ReferenceResult>(p);
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
        const BackendCheck result = check_backend(*c.backend, p, c.threads, &reference_for(p), executions);
        if (result.status == Status::SKIPPED || result.status == Status::UNIMPLEMENTED)
            GTEST_SKIP() << to_string(result.status) << ": " << result.reason;
        EXPECT_EQ(result.status, Status::PASSED) << conv1d::testing::describe(p, c.backend->name(), result);
    }
};

TEST_P(Conformance, MatchesTheReferenceBitExactly) { check(1); }

INSTANTIATE_TEST_SUITE_P(Shapes, Conformance, ::testing::ValuesIn(shape_file_cases()), case_name);

// A timing loop executes a plan many times before anything looks at the result: it must not accumulate.
class RepeatedExecute : public Conformance {};

TEST_P(RepeatedExecute, GivesTheSameResult) { check(3); }

INSTANTIATE_TEST_SUITE_P(AtacWorksSmall, RepeatedExecute, ::testing::ValuesIn(cases_of({"mb2ic15iw500oc15kw51dw7"}, 2)),
                         case_name);

}  // namespace
