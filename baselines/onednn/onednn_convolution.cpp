#include "onednn_convolution.hpp"

namespace conv1d::onednn {

namespace {

using dnnl::memory;
using tag = memory::format_tag;

memory::data_type onednn_type(DataType dt) {
    // bf16 in and out; oneDNN accumulates bf16 products in f32 itself.
    return dt == DataType::f32 ? memory::data_type::f32 : memory::data_type::bf16;
}

memory::dims dims_of(const Problem& p, Tensor t) {
    switch (t) {
        case Tensor::input: return {p.N, p.C, p.W};
        case Tensor::weight: return {p.K, p.C, p.S};
        case Tensor::output: return {p.N, p.K, p.Q()};
    }
    return {};
}

tag activation_tag(ActivationFormat f) {
    switch (f) {
        case ActivationFormat::any: return tag::any;
        case ActivationFormat::nwc: return tag::nwc;
        case ActivationFormat::ncw: return tag::ncw;
        case ActivationFormat::nCw8c: return tag::nCw8c;
        case ActivationFormat::nCw16c: return tag::nCw16c;
    }
    return tag::any;
}

// The weights' layout is always oneDNN's choice (onednn_config.hpp).
memory::desc asked_desc(const Problem& p, Tensor t, const Config& c) {
    return memory::desc(dims_of(p, t), onednn_type(p.dt), t == Tensor::weight ? tag::any : activation_tag(c.format));
}

dnnl::algorithm algorithm_of(const Config& c) {
    return c.algorithm == Algorithm::direct ? dnnl::algorithm::convolution_direct : dnnl::algorithm::convolution_auto;
}

// The convolution's geometry: valid (no padding), stride 1, dilated.
struct Geometry {
    memory::dims strides{1};
    memory::dims padding_l{0}, padding_r{0};
    memory::dims dilates;
};

Geometry geometry_of(const Problem& p) {
    Geometry g;
    // The paper's d is one-based (d = 1: neighbouring taps); oneDNN's dilation is zero-based
    // (0: neighbouring taps), as benchdnn's dw. This is the only place the two conventions meet.
    g.dilates = {p.d - 1};
    return g;
}

dnnl::convolution_forward::primitive_desc forward_pd(const Problem& p, const dnnl::engine& engine,
                                                     const dnnl::primitive_attr& attr, const Config& c) {
    const Geometry g = geometry_of(p);
    const auto prop = c.prop == PropKind::training ? dnnl::prop_kind::forward_training
                                                   : dnnl::prop_kind::forward_inference;
#if DNNL_VERSION_MAJOR >= 3  // (3.0 dropped the op descriptors: a primitive descriptor takes their arguments)
    return {engine, prop, algorithm_of(c), asked_desc(p, Tensor::input, c), asked_desc(p, Tensor::weight, c),
            asked_desc(p, Tensor::output, c), g.strides, g.dilates, g.padding_l, g.padding_r, attr};
#else
    dnnl::convolution_forward::desc d(prop, algorithm_of(c), asked_desc(p, Tensor::input, c),
                                      asked_desc(p, Tensor::weight, c), asked_desc(p, Tensor::output, c),
                                      g.strides, g.dilates, g.padding_l, g.padding_r);
    return {d, attr, engine};
#endif
}

Convolution forward(const Problem& p, const dnnl::engine& engine, const dnnl::primitive_attr& attr,
                    const Config& c) {
    const auto pd = forward_pd(p, engine, attr, c);
    return {pd,
            {{DNNL_ARG_SRC, Tensor::input, false, pd.src_desc()},
             {DNNL_ARG_WEIGHTS, Tensor::weight, false, pd.weights_desc()},
             {DNNL_ARG_DST, Tensor::output, true, pd.dst_desc()}}};
}

// Both backward descriptors take (algorithm, input-, weight-, output-shaped tensor, geometry), and
// oneDNN picks backward implementations to match a forward one, so it wants that as a hint, asked
// in the same configuration.
template <typename Backward>
typename Backward::primitive_desc backward_pd(const Problem& p, const dnnl::engine& engine,
                                              const dnnl::primitive_attr& attr, const Config& c) {
    const Geometry g = geometry_of(p);
    const auto hint = forward_pd(p, engine, dnnl::primitive_attr(), c);
#if DNNL_VERSION_MAJOR >= 3
    return {engine, algorithm_of(c), asked_desc(p, Tensor::input, c), asked_desc(p, Tensor::weight, c),
            asked_desc(p, Tensor::output, c), g.strides, g.dilates, g.padding_l, g.padding_r, hint, attr};
#else
    typename Backward::desc d(algorithm_of(c), asked_desc(p, Tensor::input, c), asked_desc(p, Tensor::weight, c),
                              asked_desc(p, Tensor::output, c), g.strides, g.dilates, g.padding_l, g.padding_r);
    return {d, attr, engine, hint};
#endif
}

Convolution backward_data(const Problem& p, const dnnl::engine& engine, const dnnl::primitive_attr& attr,
                          const Config& c) {
    const auto pd = backward_pd<dnnl::convolution_backward_data>(p, engine, attr, c);
    return {pd,
            {{DNNL_ARG_DIFF_DST, Tensor::output, false, pd.diff_dst_desc()},
             {DNNL_ARG_WEIGHTS, Tensor::weight, false, pd.weights_desc()},
             {DNNL_ARG_DIFF_SRC, Tensor::input, true, pd.diff_src_desc()}}};
}

Convolution backward_weights(const Problem& p, const dnnl::engine& engine, const dnnl::primitive_attr& attr,
                             const Config& c) {
    const auto pd = backward_pd<dnnl::convolution_backward_weights>(p, engine, attr, c);
    return {pd,
            {{DNNL_ARG_SRC, Tensor::input, false, pd.src_desc()},
             {DNNL_ARG_DIFF_DST, Tensor::output, false, pd.diff_dst_desc()},
             {DNNL_ARG_DIFF_WEIGHTS, Tensor::weight, true, pd.diff_weights_desc()}}};
}

}  // namespace

memory::desc pytorch_desc(const Problem& p, Tensor t) {
    return memory::desc(dims_of(p, t), onednn_type(p.dt), t == Tensor::weight ? tag::oiw : tag::ncw);
}

Convolution describe_convolution(const Problem& p, const dnnl::engine& engine, const Config& c) {
    // The plan allocates the scratchpad once, so no allocation by the library can land inside the
    // timed execute() (this oneDNN is built with DNNL_ENABLE_CONCURRENT_EXEC, where the library's
    // scratchpad is per primitive rather than one shared buffer).
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    switch (p.pass) {
        case Pass::FWD_D: return forward(p, engine, attr, c);
        case Pass::BWD_D: return backward_data(p, engine, attr, c);
        case Pass::BWD_W: return backward_weights(p, engine, attr, c);
    }
    return forward(p, engine, attr, c);
}

}  // namespace conv1d::onednn
