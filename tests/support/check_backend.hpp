// Runs one backend on one problem with benchdnn-style integer data and compares with the reference.
#pragma once

#include <string>

#include "conv1d/kernel.hpp"
#include "harness/verify.hpp"

namespace conv1d::testing {

// Plans, executes, finishes and verifies `backend` on p with `threads` threads.
// Returns the verdict; status SKIPPED/UNIMPLEMENTED when the backend declines the problem.
Verdict run_and_verify(const Backend& backend, const Problem& p, int threads = 2);

// Human-readable one-line summary of a verdict for assertion messages.
std::string summary(const Problem& p, const Verdict& v);

}  // namespace conv1d::testing
