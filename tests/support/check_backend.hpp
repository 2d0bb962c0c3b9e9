// Assertions on the harness's verification path (harness/check.hpp) for backend tests.
#pragma once

#include <string>

#include "conv1d/kernel.hpp"
#include "harness/check.hpp"

namespace conv1d::testing {

// "mb2ic5iw154oc7ow150kw3dw1 FWD_D f32 on xsmm: FAILED: 3 of 2100 outputs differ from the reference",
// then the first mismatches, one per line: the message of a failed assertion.
std::string describe(const Problem& p, const std::string& backend, const BackendCheck& check);

// Checks `backend` on p against the reference and adds a test failure, prefixed by `what`, unless it PASSED.
void expect_passes(const Backend& backend, const Problem& p, int threads, const std::string& what);

// A plan re-used for the tensors of another call (Plan::bind), as a framework does every training step:
// plans p on buffers filled from the default seed and executes it, then binds new buffers filled from
// `rebound`'s seed (another one: other weights and activations), executes and finishes. PASSED when the
// new buffers' result matches `rebound` bit for bit and the first buffers' output is as the first
// execute left it; otherwise FAILED with the reason. The check's buffers are the new ones.
BackendCheck check_rebinding(const Backend& backend, const Problem& p, int threads, ReferenceResult& rebound);

}  // namespace conv1d::testing
