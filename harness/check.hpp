// The one verification path, used by `run`, `dump` and the tests: ask the backend whether it supports
// the problem on this CPU, fill the inputs the benchdnn way, plan, execute, finish, and compare the
// output bit for bit with the reference's on the same inputs.
#pragma once

#include <memory>
#include <string>

#include "conv1d/kernel.hpp"
#include "harness/buffers.hpp"
#include "harness/fill.hpp"
#include "harness/verify.hpp"

namespace conv1d {

// The reference's output for a problem, on the inputs every backend gets (filled from `seed`). Computed
// on first use, so a problem no backend supports costs nothing, and then shared by every backend checked
// on the problem.
class ReferenceResult {
public:
    explicit ReferenceResult(const Problem& p, uint64_t seed = kDefaultSeed) : problem_(p), seed_(seed) {}
    const Tensors& tensors();
    uint64_t seed() const { return seed_; }

private:
    Problem problem_;
    uint64_t seed_;
    std::unique_ptr<ProblemBuffers> buffers_;
};

// What a backend did with one problem. The plan stays bound to the buffers, so the caller can go on to
// time it (run) or save the tensors (dump).
struct BackendCheck {
    Status status = Status::NOT_VERIFIED;
    std::string reason;                       // why SKIPPED, UNIMPLEMENTED or FAILED
    Verdict verdict;                          // the comparison, when one was made
    std::unique_ptr<ProblemBuffers> buffers;  // the inputs as filled, the output as the backend left it
    std::unique_ptr<Plan> plan;               // null when the backend declined or planning failed

    // A plan whose results are right, or were not asked to be checked: worth timing.
    bool runnable() const;
};

// Checks `backend` on p with `threads` OpenMP threads. With a reference, the plan is executed
// `executions` times (a timing loop executes it many times: the result must not accumulate), finished and
// compared with it: PASSED, MISTRUSTED, or FAILED with "N of M outputs differ from the reference". Without
// one (verification turned off) it is only planned: NOT_VERIFIED. A backend that declines is SKIPPED or
// UNIMPLEMENTED with its reason; one that throws is FAILED with "plan failed: ...".
BackendCheck check_backend(const Backend& backend, const Problem& p, int threads, ReferenceResult* reference,
                           int executions = 1);

}  // namespace conv1d
