// Typed wrappers around LIBXSMM's batch-reduce GEMM JIT dispatch. All dispatching happens at
// plan time and throws on a NULL kernel; the call operators only compute.
//
// LIBXSMM is column-major: C(m x n) (+)= sum_i A_i(m x k) * B_i(k x n), element (r, c) of a
// matrix with leading dimension ld at r + c*ld. The m dimension is the one held in vector
// registers (loaded), the entries of B are broadcast.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "conv1d/bf16.hpp"

namespace conv1d::xsmm {

// How the A_i/B_i blocks are named: a constant element stride, an offset table, or a pointer table.
enum class BatchVariant { stride, offset, address };
const char* to_string(BatchVariant v);
BatchVariant parse_batch_variant(const std::string& s);  // throws std::invalid_argument

struct GemmShape {
    int64_t m = 0, n = 0, k = 0;
    int64_t lda = 0, ldb = 0, ldc = 0;
    bool beta_zero = true;   // C = sum (true) or C += sum (false)
    bool vnni_a = false;     // bf16 only: A is stored in VNNI pairs [k/2][m][2]
};

// Calls libxsmm_init() once per process.
void ensure_libxsmm_initialized();

// A batch-reduce kernel C = (C +) sum_{i<count} A_i * B_i with A_i = a + i*stride_a and
// B_i = b + i*stride_b (strides in elements); In float or bf16, C always f32.
template <class In>
class BatchReduce {
public:
    BatchReduce() = default;
    // Throws std::runtime_error naming the shape when LIBXSMM returns no kernel.
    BatchReduce(BatchVariant variant, const GemmShape& shape, int64_t count, int64_t stride_a, int64_t stride_b);

    // pointer_scratch must hold 2*count pointers (used by the address variant only).
    void operator()(const In* a, const In* b, float* c, const void** pointer_scratch) const noexcept {
        (*this)(a, b, c, pointer_scratch, count_);
    }
    // The same over the first `count` (<= count()) pairs only.
    void operator()(const In* a, const In* b, float* c, const void** pointer_scratch,
                    unsigned long long count) const noexcept;

    int64_t count() const { return int64_t(count_); }

private:
    BatchVariant variant_ = BatchVariant::stride;
    void* kernel_ = nullptr;
    unsigned long long count_ = 0;
    int64_t stride_a_ = 0, stride_b_ = 0;
    // Byte offsets for the offset variant (the same for every call).
    unsigned long long* offsets_a_ = nullptr;
    unsigned long long* offsets_b_ = nullptr;
    std::shared_ptr<unsigned long long[]> offsets_;
};

// A single small GEMM C (+)= A * B (no batch), float or bf16 in, float out.
template <class In>
class SmallGemm {
public:
    SmallGemm() = default;
    SmallGemm(const GemmShape& shape);  // throws std::runtime_error on a NULL kernel
    void operator()(const In* a, const In* b, float* c) const noexcept;

private:
    void* kernel_ = nullptr;
};

std::string describe(const GemmShape& s);

}  // namespace conv1d::xsmm
