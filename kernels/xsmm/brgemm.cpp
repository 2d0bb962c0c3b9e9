#include "brgemm.hpp"

#include <libxsmm.h>

#include <mutex>
#include <stdexcept>

#include "conv1d/cpu.hpp"

namespace conv1d::xsmm {

const char* to_string(BatchVariant v) {
    switch (v) {
        case BatchVariant::stride: return "strd";
        case BatchVariant::offset: return "offs";
        case BatchVariant::address: return "addr";
    }
    return "?";
}

BatchVariant parse_batch_variant(const std::string& s) {
    if (s == "strd") return BatchVariant::stride;
    if (s == "offs") return BatchVariant::offset;
    if (s == "addr") return BatchVariant::address;
    throw std::invalid_argument("unknown BRGEMM variant '" + s + "': use strd, offs or addr");
}

void ensure_libxsmm_initialized() {
    static std::once_flag once;
    std::call_once(once, [] {
        libxsmm_init();
        // LIBXSMM reads CPUID itself; cap its JIT to the features we report (which CONV1D_DISABLE_ISA
        // can lower), so that "avx2_fp32" records really ran AVX2 code.
        if (!cpu_features().avx512f && libxsmm_get_target_archid() > LIBXSMM_X86_AVX2)
            libxsmm_set_target_archid(LIBXSMM_X86_AVX2);
    });
}

std::string describe(const GemmShape& s) {
    return "m=" + std::to_string(s.m) + " n=" + std::to_string(s.n) + " k=" + std::to_string(s.k) +
           " lda=" + std::to_string(s.lda) + " ldb=" + std::to_string(s.ldb) + " ldc=" + std::to_string(s.ldc) +
           (s.beta_zero ? " beta=0" : " beta=1") + (s.vnni_a ? " vnni_a" : "");
}

namespace {

using blasint = libxsmm_blasint;

// The per-type LIBXSMM entry points (f32 or bf16 in, f32 out), so the kernels below are written once.
template <class In>
struct Dispatch;

template <>
struct Dispatch<float> {
    static void* strd(blasint m, blasint n, blasint k, blasint sa, blasint sb, const blasint* lda, const blasint* ldb,
                      const blasint* ldc, const float* al, const float* be, const int* fl, const int* pf) {
        return reinterpret_cast<void*>(libxsmm_smmdispatch_reducebatch_strd(m, n, k, sa, sb, lda, ldb, ldc, al, be, fl, pf));
    }
    static void* offs(blasint m, blasint n, blasint k, const blasint* lda, const blasint* ldb, const blasint* ldc,
                      const float* al, const float* be, const int* fl, const int* pf) {
        return reinterpret_cast<void*>(libxsmm_smmdispatch_reducebatch_offs(m, n, k, lda, ldb, ldc, al, be, fl, pf));
    }
    static void* addr(blasint m, blasint n, blasint k, const blasint* lda, const blasint* ldb, const blasint* ldc,
                      const float* al, const float* be, const int* fl, const int* pf) {
        return reinterpret_cast<void*>(libxsmm_smmdispatch_reducebatch_addr(m, n, k, lda, ldb, ldc, al, be, fl, pf));
    }
    static void* gemm(blasint m, blasint n, blasint k, const blasint* lda, const blasint* ldb, const blasint* ldc,
                      const float* al, const float* be, const int* fl, const int* pf) {
        return reinterpret_cast<void*>(libxsmm_smmdispatch(m, n, k, lda, ldb, ldc, al, be, fl, pf));
    }
    using strd_fn = libxsmm_smmfunction_reducebatch_strd;
    using offs_fn = libxsmm_smmfunction_reducebatch_offs;
    using addr_fn = libxsmm_smmfunction_reducebatch_addr;
    using gemm_fn = libxsmm_smmfunction;
    using in_t = float;
    static constexpr const char* gemm_name = "f32 GEMM";
};

template <>
struct Dispatch<bf16_t> {
    static void* strd(blasint m, blasint n, blasint k, blasint sa, blasint sb, const blasint* lda, const blasint* ldb,
                      const blasint* ldc, const float* al, const float* be, const int* fl, const int* pf) {
        return reinterpret_cast<void*>(libxsmm_bsmmdispatch_reducebatch_strd(m, n, k, sa, sb, lda, ldb, ldc, al, be, fl, pf));
    }
    static void* offs(blasint m, blasint n, blasint k, const blasint* lda, const blasint* ldb, const blasint* ldc,
                      const float* al, const float* be, const int* fl, const int* pf) {
        return reinterpret_cast<void*>(libxsmm_bsmmdispatch_reducebatch_offs(m, n, k, lda, ldb, ldc, al, be, fl, pf));
    }
    static void* addr(blasint m, blasint n, blasint k, const blasint* lda, const blasint* ldb, const blasint* ldc,
                      const float* al, const float* be, const int* fl, const int* pf) {
        return reinterpret_cast<void*>(libxsmm_bsmmdispatch_reducebatch_addr(m, n, k, lda, ldb, ldc, al, be, fl, pf));
    }
    static void* gemm(blasint m, blasint n, blasint k, const blasint* lda, const blasint* ldb, const blasint* ldc,
                      const float* al, const float* be, const int* fl, const int* pf) {
        return reinterpret_cast<void*>(libxsmm_bsmmdispatch(m, n, k, lda, ldb, ldc, al, be, fl, pf));
    }
    using strd_fn = libxsmm_bsmmfunction_reducebatch_strd;
    using offs_fn = libxsmm_bsmmfunction_reducebatch_offs;
    using addr_fn = libxsmm_bsmmfunction_reducebatch_addr;
    using gemm_fn = libxsmm_bsmmfunction;
    using in_t = libxsmm_bfloat16;
    static constexpr const char* gemm_name = "bf16 GEMM";
};

int gemm_flags(const GemmShape& s) {
    int flags = LIBXSMM_GEMM_FLAG_NONE;
    if (s.beta_zero) flags |= LIBXSMM_GEMM_FLAG_BETA_0;
    if (s.vnni_a) flags |= LIBXSMM_GEMM_FLAG_VNNI_A;
    return flags;
}

[[noreturn]] void no_kernel(const char* what, const GemmShape& s) {
    throw std::runtime_error(std::string("xsmm: LIBXSMM returned no ") + what + " kernel for " + describe(s) +
                             " (unsupported shape or ISA?)");
}

}  // namespace

template <class In>
BatchReduce<In>::BatchReduce(BatchVariant variant, const GemmShape& s, int64_t count, int64_t stride_a,
                             int64_t stride_b)
    : variant_(variant), count_(static_cast<unsigned long long>(count)), stride_a_(stride_a), stride_b_(stride_b) {
    ensure_libxsmm_initialized();
    using D = Dispatch<In>;
    const blasint lda = s.lda, ldb = s.ldb, ldc = s.ldc;
    const float alpha = 1.f, beta = s.beta_zero ? 0.f : 1.f;
    const int flags = gemm_flags(s), prefetch = LIBXSMM_GEMM_PREFETCH_NONE;
    switch (variant) {
        case BatchVariant::stride:
            kernel_ = D::strd(s.m, s.n, s.k, stride_a * blasint(sizeof(In)), stride_b * blasint(sizeof(In)), &lda, &ldb,
                              &ldc, &alpha, &beta, &flags, &prefetch);
            break;
        case BatchVariant::offset: {
            kernel_ = D::offs(s.m, s.n, s.k, &lda, &ldb, &ldc, &alpha, &beta, &flags, &prefetch);
            offsets_.reset(new unsigned long long[2 * count_]);
            offsets_a_ = offsets_.get();
            offsets_b_ = offsets_.get() + count_;
            for (unsigned long long i = 0; i < count_; ++i) {  // LIBXSMM offsets are in bytes
                offsets_a_[i] = i * static_cast<unsigned long long>(stride_a) * sizeof(In);
                offsets_b_[i] = i * static_cast<unsigned long long>(stride_b) * sizeof(In);
            }
            break;
        }
        case BatchVariant::address:
            kernel_ = D::addr(s.m, s.n, s.k, &lda, &ldb, &ldc, &alpha, &beta, &flags, &prefetch);
            break;
    }
    if (kernel_ == nullptr) no_kernel(to_string(variant), s);
}

template <class In>
void BatchReduce<In>::operator()(const In* a, const In* b, float* c, const void** pointer_scratch,
                                 unsigned long long count) const noexcept {
    using D = Dispatch<In>;
    using in_t = typename D::in_t;
    const auto* xa = reinterpret_cast<const in_t*>(a);
    const auto* xb = reinterpret_cast<const in_t*>(b);
    switch (variant_) {
        case BatchVariant::stride:
            reinterpret_cast<typename D::strd_fn>(kernel_)(xa, xb, c, &count);
            break;
        case BatchVariant::offset:
            reinterpret_cast<typename D::offs_fn>(kernel_)(xa, xb, c, &count, offsets_a_, offsets_b_);
            break;
        case BatchVariant::address: {
            const in_t** pa = reinterpret_cast<const in_t**>(pointer_scratch);
            const in_t** pb = pa + count;
            for (unsigned long long i = 0; i < count; ++i) {
                pa[i] = xa + i * stride_a_;
                pb[i] = xb + i * stride_b_;
            }
            reinterpret_cast<typename D::addr_fn>(kernel_)(pa, pb, c, &count);
            break;
        }
    }
}

template <class In>
SmallGemm<In>::SmallGemm(const GemmShape& s) {
    ensure_libxsmm_initialized();
    const blasint lda = s.lda, ldb = s.ldb, ldc = s.ldc;
    const float alpha = 1.f, beta = s.beta_zero ? 0.f : 1.f;
    const int flags = gemm_flags(s), prefetch = LIBXSMM_GEMM_PREFETCH_NONE;
    kernel_ = Dispatch<In>::gemm(s.m, s.n, s.k, &lda, &ldb, &ldc, &alpha, &beta, &flags, &prefetch);
    if (kernel_ == nullptr) no_kernel(Dispatch<In>::gemm_name, s);
}

template <class In>
void SmallGemm<In>::operator()(const In* a, const In* b, float* c) const noexcept {
    using in_t = typename Dispatch<In>::in_t;
    reinterpret_cast<typename Dispatch<In>::gemm_fn>(kernel_)(reinterpret_cast<const in_t*>(a),
                                                             reinterpret_cast<const in_t*>(b), c);
}

template class BatchReduce<float>;
template class BatchReduce<bf16_t>;
template class SmallGemm<float>;
template class SmallGemm<bf16_t>;

}  // namespace conv1d::xsmm
