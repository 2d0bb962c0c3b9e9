#include "tuning.hpp"

namespace conv1d::xsmm {

// Width blocks from the same-run comparisons in README.md (bench_xsmm, 1 and 2 threads). On this
// noisy machine neighbouring blocks were within the noise of each other; these are the choices
// that were never clearly behind:
//  - FP32 forward / backward data: 64, LIBXSMM's own m register block, so each n block of the
//    BRGEMM re-reads one compact packed window (src_rows x (64 + (S-1)d)) from L1.
//  - BF16 forward / backward data: 128, which halves the re-packing of the overlapping windows
//    ((bw + span) / bw) and still fits L1 (bf16 windows are half the bytes).
//  - backward weight: 128, enough reduction length per GEMM to amortize loading and storing the
//    K x C accumulator tile of each tap.
// GEMM rows of the backward weight: AVX2 has no mask registers, so LIBXSMM finishes a K that is not
// a multiple of 8 with vmaskmovps, which made C = K = 15 4.5x slower than C = K = 16 on an EPYC (15
// vs 68 GFLOP/s, 1 thread). There the GEMM computes K rounded up to 8 rows; AVX-512 masks the tail
// for free.
Tuning default_tuning(const Problem& p, const CpuFeatures& cpu) {
    Tuning t;
    if (p.pass == Pass::BWD_W)
        t.width_block = 128;
    else
        t.width_block = p.dt == DataType::bf16 ? 128 : 64;
    t.gemm_rows_multiple = cpu.avx512f ? 1 : 8;
    return t;
}

}  // namespace conv1d::xsmm
