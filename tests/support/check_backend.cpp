#include "check_backend.hpp"

#include <gtest/gtest.h>

#include <exception>
#include <vector>

#include "harness/fill.hpp"

namespace conv1d::testing {

namespace {

std::vector<unsigned char> written_bytes(const Problem& p, const Tensors& t) {
    const auto* begin = static_cast<const unsigned char*>(written_tensor(p, t));
    return {begin, begin + written_elems(p) * int64_t(element_size(p.dt))};
}

}  // namespace

std::string describe(const Problem& p, const std::string& backend, const BackendCheck& check) {
    std::string s = p.descriptor() + " " + to_string(p.pass) + " " + to_string(p.dt) + " on " + backend + ": " +
                    to_string(check.status);
    if (!check.reason.empty()) s += ": " + check.reason;
    for (const std::string& line : check.verdict.first) s += "\n  " + line;
    return s;
}

void expect_passes(const Backend& backend, const Problem& p, int threads, const std::string& what) {
    ReferenceResult reference(p);
    const BackendCheck check = check_backend(backend, p, threads, &reference);
    EXPECT_EQ(check.status, Status::PASSED) << what << ": " << describe(p, backend.name(), check);
}

BackendCheck check_rebinding(const Backend& backend, const Problem& p, int threads, ReferenceResult& rebound) {
    BackendCheck check = check_backend(backend, p, threads, nullptr);  // planned on the default seed's data
    if (!check.plan) return check;
    auto buffers = std::make_unique<ProblemBuffers>(p);
    fill_inputs(p, buffers->tensors(), rebound.seed());
    const Tensors& first = check.buffers->tensors();
    std::vector<unsigned char> first_result;
    try {
        check.plan->execute();
        first_result = written_bytes(p, first);
        check.plan->bind(buffers->tensors());
        check.plan->execute();
        check.plan->finish();
    } catch (const std::exception& e) {
        check.status = Status::FAILED;
        check.reason = std::string("rebinding failed: ") + e.what();
        check.plan.reset();  // bound to the buffers about to go
        return check;
    }
    check.verdict = compare_outputs(p, buffers->tensors(), rebound.tensors());
    check.status = check.verdict.status;
    if (check.status == Status::FAILED) {
        check.reason = std::to_string(check.verdict.mismatches) + " of " + std::to_string(check.verdict.checked) +
                       " outputs differ from the reference on the re-bound tensors";
    } else if (written_bytes(p, first) != first_result) {
        check.status = Status::FAILED;
        check.reason = "the execute after bind() changed the output of the tensors bound before";
    }
    check.buffers = std::move(buffers);
    return check;
}

}  // namespace conv1d::testing
