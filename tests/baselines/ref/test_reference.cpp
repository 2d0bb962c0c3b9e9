// The reference is the oracle for everything else, so it is checked against hand-computed
// results and against the adjoint identities that hold exactly on integer data.
#include <gtest/gtest.h>

#include <vector>

#include "baselines/ref/reference.hpp"
#include "conv1d/bf16.hpp"
#include "harness/buffers.hpp"
#include "harness/fill.hpp"

using namespace conv1d;

namespace {

Problem make(int64_t N, int64_t C, int64_t K, int64_t W, int64_t S, int64_t d, Pass pass,
             DataType dt = DataType::f32) {
    Problem p;
    p.N = N, p.C = C, p.K = K, p.W = W, p.S = S, p.d = d, p.pass = pass, p.dt = dt;
    return p;
}

}  // namespace

TEST(Reference, HandComputedSingleChannelDilated) {
    // x = [1 2 3 4 5], w = [1 10], d = 2: Q = 3, out[q] = x[q] + 10 x[q+2].
    std::vector<float> x = {1, 2, 3, 4, 5}, w = {1, 10}, y(3, -1.f);
    reference_pass(make(1, 1, 1, 5, 2, 2, Pass::FWD_D), Tensors{x.data(), w.data(), y.data()});
    EXPECT_EQ(y, (std::vector<float>{31, 42, 53}));

    std::vector<float> dy = {1, 2, 3}, dx(5, -1.f);
    reference_pass(make(1, 1, 1, 5, 2, 2, Pass::BWD_D), Tensors{dx.data(), w.data(), dy.data()});
    EXPECT_EQ(dx, (std::vector<float>{1, 2, 13, 20, 30}));

    std::vector<float> dw(2, -1.f);
    reference_pass(make(1, 1, 1, 5, 2, 2, Pass::BWD_W), Tensors{x.data(), dw.data(), dy.data()});
    EXPECT_EQ(dw, (std::vector<float>{1 * 1 + 2 * 2 + 3 * 3, 3 * 1 + 4 * 2 + 5 * 3}));
}

TEST(Reference, HandComputedTwoChannelsTwoFiltersTwoImages) {
    // N=2, C=2, K=2, W=3, S=2, d=1 -> Q=2. Weight (K,C,S).
    std::vector<float> x = {1, 2, 3, /*c1*/ 4, 5, 6, /*n1 c0*/ 0, 1, 0, /*c1*/ 2, 0, 1};
    std::vector<float> w = {1, 2, /*k0c1*/ 3, 4, /*k1c0*/ -1, 0, /*k1c1*/ 0, 5};
    std::vector<float> y(8, -1.f);
    reference_pass(make(2, 2, 2, 3, 2, 1, Pass::FWD_D), Tensors{x.data(), w.data(), y.data()});
    // n0 k0 q0: 1*1+2*2 + 4*3+5*4 = 37; q1: 2+6 + 15+24 = 47
    // n0 k1 q0: -1 + 5*5 = 24;            q1: -2 + 6*5 = 28
    // n1 k0 q0: 0+2 + 6+0 = 8;            q1: 1+0 + 0+4 = 5
    // n1 k1 q0: 0 + 0 = 0;                q1: -1 + 5 = 4
    EXPECT_EQ(y, (std::vector<float>{37, 47, 24, 28, 8, 5, 0, 4}));
}

TEST(Reference, Bf16OutputIsRoundedToNearestEven) {
    // 257 and 259 are ties in bf16 (spacing 2 at 256): they round to 256 and 260.
    std::vector<bf16_t> x = {float_to_bf16(257.f), float_to_bf16(1.f)};
    ASSERT_EQ(bf16_to_float(x[0]), 256.f);  // the input itself rounds too
    std::vector<bf16_t> in = {float_to_bf16(128.f), float_to_bf16(1.f)}, w = {float_to_bf16(2.f), float_to_bf16(1.f)};
    std::vector<bf16_t> y(1);
    // out = 128*2 + 1*1 = 257 -> 256
    reference_pass(make(1, 1, 1, 2, 2, 1, Pass::FWD_D, DataType::bf16), Tensors{in.data(), w.data(), y.data()});
    EXPECT_EQ(bf16_to_float(y[0]), 256.f);
    in[1] = float_to_bf16(3.f);  // 259 -> 260
    reference_pass(make(1, 1, 1, 2, 2, 1, Pass::FWD_D, DataType::bf16), Tensors{in.data(), w.data(), y.data()});
    EXPECT_EQ(bf16_to_float(y[0]), 260.f);
}

namespace {

double dot(const Problem& p, const void* a, const void* b, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; ++i) {
        const float u = p.dt == DataType::f32 ? static_cast<const float*>(a)[i] : bf16_to_float(static_cast<const bf16_t*>(a)[i]);
        const float v = p.dt == DataType::f32 ? static_cast<const float*>(b)[i] : bf16_to_float(static_cast<const bf16_t*>(b)[i]);
        s += double(u) * double(v);
    }
    return s;
}

// <fwd(x,w), y> = <x, bwd_d(y,w)> = <w, bwd_w(x,y)>, exactly, on small integer data.
void check_adjoint(Problem p) {
    p.pass = Pass::FWD_D;
    ProblemBuffers fwd(p), bwd_d(p), bwd_w(p);
    fill_inputs(p, fwd.tensors(), 11);  // x, w
    Problem pd = p;
    pd.pass = Pass::BWD_D;
    fill_inputs(pd, bwd_d.tensors(), 12);  // y (and a w we replace)
    const size_t es = element_size(p.dt);
    std::memcpy(bwd_d.tensors().weight, fwd.tensors().weight, size_t(p.weight_elems()) * es);
    Problem pw = p;
    pw.pass = Pass::BWD_W;
    std::memcpy(bwd_w.tensors().input, fwd.tensors().input, size_t(p.input_elems()) * es);
    std::memcpy(bwd_w.tensors().output, bwd_d.tensors().output, size_t(p.output_elems()) * es);

    reference_pass(p, fwd.tensors());
    reference_pass(pd, bwd_d.tensors());
    reference_pass(pw, bwd_w.tensors());
    const double a = dot(p, fwd.tensors().output, bwd_d.tensors().output, p.output_elems());
    const double b = dot(p, fwd.tensors().input, bwd_d.tensors().input, p.input_elems());
    const double c = dot(p, fwd.tensors().weight, bwd_w.tensors().weight, p.weight_elems());
    EXPECT_EQ(a, b) << p.descriptor() << " " << to_string(p.dt);
    EXPECT_EQ(a, c) << p.descriptor() << " " << to_string(p.dt);
    EXPECT_NE(a, 0.0) << "a zero inner product proves nothing";
}

}  // namespace

TEST(Reference, AdjointIdentitiesHoldExactlyF32) {
    for (const char* d : {"mb1ic1iw1oc1kw1", "mb2ic3iw40oc5kw4dw2", "mb3ic7iw129oc2kw9dw0", "mb1ic16iw300oc16kw51dw4",
                          "mb2ic15iw1000oc15kw51dw7", "mb1ic1iw77oc4kw1", "mb1ic4iw77oc1kw77"})
        check_adjoint(Problem::parse(d, DataType::f32));
}

TEST(Reference, AdjointIdentitiesHoldExactlyBf16) {
    // Outputs here stay below 256 in magnitude, so the bf16 results are exact too.
    for (const char* d : {"mb1ic1iw1oc1kw1", "mb2ic2iw20oc3kw3dw2", "mb1ic3iw11oc1kw2dw0"}) {
        Problem p = Problem::parse(d, DataType::bf16);
        check_adjoint(p);
    }
}
