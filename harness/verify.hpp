// Bit-exact comparison of a backend's output with the reference's, the benchdnn way.
#pragma once

#include <string>
#include <vector>

#include "conv1d/tensors.hpp"

namespace conv1d {

enum class Status { PASSED, FAILED, MISTRUSTED, SKIPPED, UNIMPLEMENTED, NOT_VERIFIED };
const char* to_string(Status s);

struct Verdict {
    Status status = Status::PASSED;
    int64_t checked = 0;
    int64_t mismatches = 0;
    int64_t zeros = 0;                 // reference outputs that are zero
    std::vector<std::string> first;    // the first mismatches, "diff_src[n=0,c=1,w=7]: got 3 expected 5"
};

// Fraction of zero reference outputs above which a PASSED result is not trusted (benchdnn's 30 %).
constexpr double kZeroTrustFraction = 0.30;

// Compares the tensor p's pass writes in `got` against the same tensor in `expected`.
// +0 and -0 are equal; NaN equals nothing (outputs are poisoned with NaN before a run).
Verdict compare_outputs(const Problem& p, const Tensors& got, const Tensors& expected, int max_reported = 5);

}  // namespace conv1d
