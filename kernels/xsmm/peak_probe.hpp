// Rates are per CPU second of each thread (the machine is shared; see README.md).
// A quick same-run estimate of this machine's peak for the tuning benchmark (the harness has the
// real calibration): OpenMP threads each run the ISA table's independent-chain loops of vfmadd231ps
// (zmm, or ymm on AVX2-only CPUs) / vdpbf16ps, timed per CPU second.
#pragma once

namespace conv1d::xsmm {

// GFLOP/s of `threads` threads issuing FP32 FMAs of the widest width the CPU has, per CPU second.
double probe_fp32_peak_gflops(int threads, long iterations = 20000000);
// GFLOP/s of `threads` threads issuing 512-bit vdpbf16ps (4 flops per 32-bit lane), per CPU second;
// 0 on a CPU without AVX512-BF16.
double probe_bf16_peak_gflops(int threads, long iterations = 20000000);
// Floating-point operations one probe call performs.
double probe_flops(int threads, long iterations, bool bf16);

}  // namespace conv1d::xsmm
