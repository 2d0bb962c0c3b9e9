#include "reference.hpp"

#include <vector>

#include "conv1d/bf16.hpp"

namespace conv1d {

namespace {

// The reference computes in float (the loops below are templates only so that reference_pass_f64 can run
// them in double for gradcheck); bf16 tensors are widened once (exactly) and the result rounded once.
std::vector<float> widen(const Problem& p, const void* data, int64_t n) {
    std::vector<float> out(static_cast<size_t>(n));
    if (p.dt == DataType::f32) {
        const float* f = static_cast<const float*>(data);
        std::copy(f, f + n, out.begin());
    } else {
        const bf16_t* b = static_cast<const bf16_t*>(data);
        for (int64_t i = 0; i < n; ++i) out[i] = bf16_to_float(b[i]);
    }
    return out;
}

void narrow(const Problem& p, const std::vector<float>& acc, void* data) {
    if (p.dt == DataType::f32) {
        std::copy(acc.begin(), acc.end(), static_cast<float*>(data));
    } else {
        bf16_t* b = static_cast<bf16_t*>(data);
        for (size_t i = 0; i < acc.size(); ++i) b[i] = float_to_bf16(acc[i]);
    }
}

template <class A>
void forward(const Problem& p, const A* in, const A* wei, A* out) {
    const int64_t Q = p.Q();
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t n = 0; n < p.N; ++n)
        for (int64_t k = 0; k < p.K; ++k) {
            A* o = out + (n * p.K + k) * Q;
            for (int64_t q = 0; q < Q; ++q) o[q] = A(0);
            for (int64_t c = 0; c < p.C; ++c)
                for (int64_t s = 0; s < p.S; ++s) {
                    const A w = wei[(k * p.C + c) * p.S + s];
                    const A* x = in + (n * p.C + c) * p.W + s * p.d;
                    for (int64_t q = 0; q < Q; ++q) o[q] += x[q] * w;
                }
        }
}

// diff_src(n,c,w) = sum_k sum_s diff_dst(n,k,w - s*d) * Weight(k,c,s), over 0 <= w - s*d < Q.
template <class A>
void backward_data(const Problem& p, const A* diff_dst, const A* wei, A* diff_src) {
    const int64_t Q = p.Q();
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t n = 0; n < p.N; ++n)
        for (int64_t c = 0; c < p.C; ++c) {
            A* g = diff_src + (n * p.C + c) * p.W;
            for (int64_t w = 0; w < p.W; ++w) g[w] = A(0);
            for (int64_t k = 0; k < p.K; ++k)
                for (int64_t s = 0; s < p.S; ++s) {
                    const A wv = wei[(k * p.C + c) * p.S + s];
                    const A* dy = diff_dst + (n * p.K + k) * Q;
                    A* gs = g + s * p.d;  // w = q + s*d
                    for (int64_t q = 0; q < Q; ++q) gs[q] += dy[q] * wv;
                }
        }
}

// diff_wei(k,c,s) = sum_n sum_q In(n,c,q+s*d) * diff_dst(n,k,q).
template <class A>
void backward_weight(const Problem& p, const A* in, const A* diff_dst, A* diff_wei) {
    const int64_t Q = p.Q();
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t k = 0; k < p.K; ++k)
        for (int64_t c = 0; c < p.C; ++c)
            for (int64_t s = 0; s < p.S; ++s) {
                A acc = 0;
                for (int64_t n = 0; n < p.N; ++n) {
                    const A* x = in + (n * p.C + c) * p.W + s * p.d;
                    const A* dy = diff_dst + (n * p.K + k) * Q;
                    // simd reduction: lanes sum in a different order, which is exact on the
                    // integer data of verification and as good as any order otherwise.
#pragma omp simd reduction(+ : acc)
                    for (int64_t q = 0; q < Q; ++q) acc += x[q] * dy[q];
                }
                diff_wei[(k * p.C + c) * p.S + s] = acc;
            }
}

class ReferencePlan final : public Plan {
public:
    ReferencePlan(const Problem& p, const Tensors& t) : p_(p), t_(t) {}
    void bind(const Tensors& t) override { t_ = t; }
    void execute() noexcept override { reference_pass(p_, t_); }
    std::string impl() const override { return "ref:naive"; }
    // Plain compiled loops: no ISA peak to judge them against.
    Isa isa() const override { return Isa::none; }

private:
    Problem p_;
    Tensors t_;
};

class ReferenceBackend final : public Backend {
public:
    std::string name() const override { return "ref"; }
    Role role() const override { return Role::oracle; }
    SupportAnswer supports(const Problem&, const CpuFeatures&) const override { return SupportAnswer::yes(); }
    std::unique_ptr<Plan> plan(const Problem& p, const Tensors& t, int) const override {
        return std::make_unique<ReferencePlan>(p, t);
    }
};

}  // namespace

void reference_pass(const Problem& p, const Tensors& t) {
    switch (p.pass) {
        case Pass::FWD_D: {
            auto in = widen(p, t.input, p.input_elems()), wei = widen(p, t.weight, p.weight_elems());
            std::vector<float> out(static_cast<size_t>(p.output_elems()));
            forward(p, in.data(), wei.data(), out.data());
            narrow(p, out, t.output);
            break;
        }
        case Pass::BWD_D: {
            auto dy = widen(p, t.output, p.output_elems()), wei = widen(p, t.weight, p.weight_elems());
            std::vector<float> dx(static_cast<size_t>(p.input_elems()));
            backward_data(p, dy.data(), wei.data(), dx.data());
            narrow(p, dx, t.input);
            break;
        }
        case Pass::BWD_W: {
            auto in = widen(p, t.input, p.input_elems()), dy = widen(p, t.output, p.output_elems());
            std::vector<float> dw(static_cast<size_t>(p.weight_elems()));
            backward_weight(p, in.data(), dy.data(), dw.data());
            narrow(p, dw, t.weight);
            break;
        }
    }
}

void reference_pass_f64(const Problem& p, const Tensors& t) {
    auto* in = static_cast<double*>(t.input);
    auto* wei = static_cast<double*>(t.weight);
    auto* out = static_cast<double*>(t.output);
    switch (p.pass) {
        case Pass::FWD_D: forward<double>(p, in, wei, out); break;
        case Pass::BWD_D: backward_data<double>(p, out, wei, in); break;
        case Pass::BWD_W: backward_weight<double>(p, in, out, wei); break;
    }
}

const Backend& reference_backend() {
    static const ReferenceBackend backend;
    return backend;
}

}  // namespace conv1d
