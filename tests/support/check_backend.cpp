#include "check_backend.hpp"

#include <gtest/gtest.h>

namespace conv1d::testing {

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

}  // namespace conv1d::testing
