#include "check_backend.hpp"

#include <omp.h>

#include "baselines/ref/reference.hpp"
#include "harness/buffers.hpp"
#include "harness/fill.hpp"

namespace conv1d::testing {

Verdict run_and_verify(const Backend& backend, const Problem& p, int threads) {
    const SupportAnswer answer = backend.supports(p, cpu_features());
    if (answer.support != Support::supported) {
        Verdict v;
        v.status = answer.support == Support::skipped ? Status::SKIPPED : Status::UNIMPLEMENTED;
        v.first.push_back(answer.reason);
        return v;
    }
    omp_set_num_threads(threads);
    ProblemBuffers expected(p), got(p);
    fill_inputs(p, expected.tensors());
    fill_inputs(p, got.tensors());
    reference_pass(p, expected.tensors());
    auto plan = backend.plan(p, got.tensors(), threads);
    plan->execute();
    plan->finish();
    return compare_outputs(p, got.tensors(), expected.tensors());
}

std::string summary(const Problem& p, const Verdict& v) {
    std::string s = p.descriptor() + " " + to_string(p.pass) + " " + to_string(p.dt) + ": " + to_string(v.status) +
                    " (" + std::to_string(v.mismatches) + " of " + std::to_string(v.checked) + " differ)";
    for (const auto& line : v.first) s += "\n  " + line;
    return s;
}

}  // namespace conv1d::testing
