#include "fill.hpp"

#include <cmath>
#include <limits>

#include "conv1d/bf16.hpp"

namespace conv1d {

namespace {

// A counter-based generator: element i's value depends only on (seed, tensor, i).
uint64_t splitmix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// Length of the sums the pass computes: C*S (forward), K*S (backward data), N*Q (backward weight).
int64_t reduction_length(const Problem& p) {
    switch (p.pass) {
        case Pass::FWD_D: return p.C * p.S;
        case Pass::BWD_D: return p.K * p.S;
        case Pass::BWD_W: return p.N * p.Q();
    }
    return 1;
}

void fill_tensor(const Problem& p, void* data, int64_t n, uint64_t seed, int64_t magnitude, int64_t thinning) {
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; ++i) {
        const uint64_t r = splitmix64(seed ^ (uint64_t(i) * 0x100000001b3ull));
        float v = 0.f;
        if (i % thinning == 0) {
            const int64_t m = int64_t(r % uint64_t(2 * magnitude));  // 0 .. 2*magnitude-1
            v = float(m < magnitude ? m - magnitude : m - magnitude + 1);  // skips 0
        }
        if (p.dt == DataType::f32)
            static_cast<float*>(data)[i] = v;
        else
            static_cast<bf16_t*>(data)[i] = float_to_bf16(v);
    }
}

}  // namespace

FillPlan fill_plan(const Problem& p) {
    // Keep |partial sum| <= L * magnitude^2 below 2^23 (a factor two of headroom under 2^24).
    constexpr double limit = double(1 << 23);
    const double L = double(reduction_length(p));
    FillPlan f;
    f.magnitude = std::max<int64_t>(1, std::min<int64_t>(4, int64_t(std::floor(std::sqrt(limit / L)))));
    if (L * double(f.magnitude * f.magnitude) > limit) f.thinning = int64_t(std::ceil(L / limit)) + 1;
    return f;
}

void poison_output(const Problem& p, const Tensors& t) {
    void* out = written_tensor(p, t);
    const int64_t n = written_elems(p);
    if (p.dt == DataType::f32) {
        float* f = static_cast<float*>(out);
        for (int64_t i = 0; i < n; ++i) f[i] = std::numeric_limits<float>::quiet_NaN();
    } else {
        bf16_t* b = static_cast<bf16_t*>(out);
        for (int64_t i = 0; i < n; ++i) b[i] = 0x7fc0;
    }
}

void fill_inputs(const Problem& p, const Tensors& t, uint64_t seed) {
    const FillPlan f = fill_plan(p);
    // The first factor of each pass's products carries the thinning; the second is dense.
    switch (p.pass) {
        case Pass::FWD_D:
            fill_tensor(p, t.input, p.input_elems(), seed + 1, f.magnitude, f.thinning);
            fill_tensor(p, t.weight, p.weight_elems(), seed + 2, f.magnitude, 1);
            break;
        case Pass::BWD_D:
            fill_tensor(p, t.output, p.output_elems(), seed + 3, f.magnitude, f.thinning);
            fill_tensor(p, t.weight, p.weight_elems(), seed + 2, f.magnitude, 1);
            break;
        case Pass::BWD_W:
            fill_tensor(p, t.input, p.input_elems(), seed + 1, f.magnitude, f.thinning);
            fill_tensor(p, t.output, p.output_elems(), seed + 3, f.magnitude, 1);
            break;
    }
    poison_output(p, t);
}

}  // namespace conv1d
