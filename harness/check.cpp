#include "check.hpp"

#include <omp.h>

#include "baselines/ref/reference.hpp"
#include "harness/fill.hpp"

namespace conv1d {

const Tensors& ReferenceResult::tensors() {
    if (!buffers_) {
        buffers_ = std::make_unique<ProblemBuffers>(problem_);
        fill_inputs(problem_, buffers_->tensors(), seed_);
        reference_pass(problem_, buffers_->tensors());
    }
    return buffers_->tensors();
}

bool BackendCheck::runnable() const {
    return plan && (status == Status::PASSED || status == Status::MISTRUSTED || status == Status::NOT_VERIFIED);
}

BackendCheck check_backend(const Backend& backend, const Problem& p, int threads, ReferenceResult* reference,
                           int executions) {
    BackendCheck check;
    const SupportAnswer answer = backend.supports(p, cpu_features());
    if (answer.support != Support::supported) {
        check.status = answer.support == Support::skipped ? Status::SKIPPED : Status::UNIMPLEMENTED;
        check.reason = answer.reason;
        return check;
    }
    omp_set_num_threads(threads);
    // Outside the try: running out of memory for the reference is the user's problem size, not the backend's.
    const Tensors* expected = reference ? &reference->tensors() : nullptr;
    try {
        check.buffers = std::make_unique<ProblemBuffers>(p);
        fill_inputs(p, check.buffers->tensors());
        check.plan = backend.plan(p, check.buffers->tensors(), threads);
        if (expected) {
            for (int i = 0; i < executions; ++i) check.plan->execute();
            check.plan->finish();
            check.verdict = compare_outputs(p, check.buffers->tensors(), *expected);
            check.status = check.verdict.status;
            if (check.status == Status::FAILED)
                check.reason = std::to_string(check.verdict.mismatches) + " of " +
                               std::to_string(check.verdict.checked) + " outputs differ from the reference";
        }
    } catch (const std::exception& e) {
        check.status = Status::FAILED;
        check.reason = std::string("plan failed: ") + e.what();
        check.plan.reset();
    }
    return check;
}

}  // namespace conv1d
