// BF16 forward and backward data: the same dilated correlation as dilated_correlation_f32.hpp,
// on LIBXSMM's bf16 BRGEMM (vdpbf16ps, f32 accumulation):
//   acc (bw x out_rows, f32)  =  sum_t  window_t (bw x src_rows, VNNI pairs of rows)  *  taps[t] (src_rows x out_rows)
// The reduction rows come in pairs, so src_rows is padded to even with a zero row (weights at plan
// time, activations while packing). Every block's source window is VNNI-packed in execute (this is
// the activation re-layout the bf16 kernel needs; zero outside the source, which also pads the
// edges of backward data). The f32 block is rounded once to bf16 into the output, so the result is
// the exactly rounded f32 sum like the reference's. Widths have no parity constraint.
#pragma once

#include <cstdint>
#include <vector>

#include "aligned_buffer.hpp"
#include "brgemm.hpp"
#include "conv1d/kernel.hpp"
#include "dilated_correlation_f32.hpp"

namespace conv1d::xsmm {

class DilatedCorrelationBF16 {
public:
    // taps: [taps][out_rows][even(src_rows)], zero in the pad row.
    DilatedCorrelationBF16(const CorrelationShape& shape, const CorrelationTuning& tuning, AlignedBuffer<bf16_t> taps,
                           int threads);
    void run(const bf16_t* src, bf16_t* out) const noexcept;
    PlanParams params() const;
    const CorrelationTuning& tuning() const { return tuning_; }
    static int64_t even(int64_t n) { return n + (n & 1); }

private:
    CorrelationShape shape_;
    CorrelationTuning tuning_;
    AlignedBuffer<bf16_t> taps_;
    int threads_;
    int64_t src_rows_even_;
    bool window_packing_;  // one VNNI window per block (d <= bw) or S VNNI slices (d > bw)
    int64_t window_ld_, tap_ld_, acc_ld_;
    BatchReduce<bf16_t, float> kernel_[2];  // [0] full blocks, [1] the narrower last block
    mutable std::vector<AlignedBuffer<bf16_t>> pack_;  // per thread
    mutable std::vector<AlignedBuffer<float>> acc_;    // per thread, bw x out_rows (ld acc_ld_)
    mutable std::vector<std::vector<const void*>> pointers_;
};

}  // namespace conv1d::xsmm
