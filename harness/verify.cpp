#include "verify.hpp"

#include <sstream>

#include "conv1d/bf16.hpp"

namespace conv1d {

const char* to_string(Status s) {
    switch (s) {
        case Status::PASSED: return "PASSED";
        case Status::FAILED: return "FAILED";
        case Status::MISTRUSTED: return "MISTRUSTED";
        case Status::SKIPPED: return "SKIPPED";
        case Status::UNIMPLEMENTED: return "UNIMPLEMENTED";
        case Status::NOT_VERIFIED: return "NOT_VERIFIED";
    }
    return "?";
}

namespace {

float element(const Problem& p, const void* data, int64_t i) {
    return p.dt == DataType::f32 ? static_cast<const float*>(data)[i]
                                 : bf16_to_float(static_cast<const bf16_t*>(data)[i]);
}

// "diff_src[n=0,c=1,w=7]" for the written tensor's flat index i.
std::string describe_index(const Problem& p, int64_t i) {
    std::ostringstream s;
    switch (p.pass) {
        case Pass::FWD_D:
            s << "dst[n=" << i / (p.K * p.Q()) << ",k=" << (i / p.Q()) % p.K << ",q=" << i % p.Q() << "]";
            break;
        case Pass::BWD_D:
            s << "diff_src[n=" << i / (p.C * p.W) << ",c=" << (i / p.W) % p.C << ",w=" << i % p.W << "]";
            break;
        case Pass::BWD_W:
            s << "diff_wei[k=" << i / (p.C * p.S) << ",c=" << (i / p.S) % p.C << ",s=" << i % p.S << "]";
            break;
    }
    return s.str();
}

}  // namespace

Verdict compare_outputs(const Problem& p, const Tensors& got, const Tensors& expected, int max_reported) {
    Verdict v;
    const void* g = written_tensor(p, got);
    const void* e = written_tensor(p, expected);
    v.checked = written_elems(p);
    for (int64_t i = 0; i < v.checked; ++i) {
        const float gv = element(p, g, i), ev = element(p, e, i);
        if (ev == 0.f) ++v.zeros;
        if (gv == ev) continue;  // NaN compares unequal, +0 == -0
        if (int(v.first.size()) < max_reported) {
            std::ostringstream s;
            s << describe_index(p, i) << " (flat " << i << "): got " << gv << " expected " << ev;
            v.first.push_back(s.str());
        }
        ++v.mismatches;
    }
    if (v.mismatches > 0)
        v.status = Status::FAILED;
    else if (double(v.zeros) > kZeroTrustFraction * double(v.checked))
        v.status = Status::MISTRUSTED;
    return v;
}

}  // namespace conv1d
