// CPU feature detection from CPUID and XCR0, plus the Linux permission request for AMX tile data.
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

#include "conv1d/cpu.hpp"

namespace conv1d {

namespace {

struct Regs { unsigned a = 0, b = 0, c = 0, d = 0; };

Regs cpuid(unsigned leaf, unsigned subleaf) {
    Regs r;
    if (!__get_cpuid_count(leaf, subleaf, &r.a, &r.b, &r.c, &r.d)) return Regs{};
    return r;
}

uint64_t xcr0() {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (uint64_t(hi) << 32) | lo;
}

// Linux (>= 5.16) hands out AMX tile data only to processes that ask for it once.
bool request_amx_permission() {
    constexpr long ARCH_REQ_XCOMP_PERM = 0x1023;
    constexpr long XFEATURE_XTILEDATA = 18;
    return syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) == 0;
}

CpuFeatures detect() {
    CpuFeatures f;
    const Regs l1 = cpuid(1, 0);
    const bool osxsave = (l1.c >> 27) & 1;
    if (!osxsave) return f;
    const uint64_t x = xcr0();
    const bool os_avx = (x & 0x6) == 0x6;           // SSE + AVX state
    const bool os_avx512 = (x & 0xe6) == 0xe6;      // + opmask, ZMM_Hi256, Hi16_ZMM
    const bool os_amx = ((x >> 17) & 3) == 3;       // XTILECFG + XTILEDATA
    const Regs l7 = cpuid(7, 0), l7s1 = cpuid(7, 1);
    f.avx2 = os_avx && ((l7.b >> 5) & 1);
    const bool avx512bw_vl_dq = ((l7.b >> 30) & 1) && ((l7.b >> 31) & 1) && ((l7.b >> 17) & 1);
    f.avx512f = os_avx512 && ((l7.b >> 16) & 1) && avx512bw_vl_dq;
    f.avx512_bf16 = f.avx512f && ((l7s1.a >> 5) & 1);
    const bool amx_tile = (l7.d >> 24) & 1, amx_bf16 = (l7.d >> 22) & 1;
    f.amx_bf16 = os_amx && amx_tile && amx_bf16 && request_amx_permission();
    return f;
}

}  // namespace

const CpuFeatures& cpu_features() {
    static const CpuFeatures features = detect();
    return features;
}

}  // namespace conv1d
