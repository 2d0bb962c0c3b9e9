// CPU feature detection from CPUID and XCR0, plus the Linux permission request for AMX tile data.
#include "conv1d/sysinfo.hpp"

#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "conv1d/isa.hpp"

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

// How many ISAs `row` builds on, down to one that builds on nothing.
int depth(const IsaRow& row) { return row.builds_on == Isa::none ? 0 : 1 + depth(isa_row(row.builds_on)); }

// The table's rows that are CPU features, each after the one it builds on (in table order otherwise).
std::vector<const IsaRow*> feature_rows() {
    std::vector<const IsaRow*> rows;
    for (const IsaRow& row : isa_table())
        if (row.feature) rows.push_back(&row);
    std::stable_sort(rows.begin(), rows.end(), [](const IsaRow* a, const IsaRow* b) { return depth(*a) < depth(*b); });
    return rows;
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
    f.avx2 = os_avx && ((l7.b >> 5) & 1) && ((l1.c >> 12) & 1);  // AVX2 and FMA
    const bool avx512bw_vl_dq = ((l7.b >> 30) & 1) && ((l7.b >> 31) & 1) && ((l7.b >> 17) & 1);
    f.avx512f = os_avx512 && ((l7.b >> 16) & 1) && avx512bw_vl_dq;
    f.avx512_bf16 = (l7s1.a >> 5) & 1;  // counts only with AVX-512, which it builds on (below)
    const bool amx_tile = (l7.d >> 24) & 1, amx_bf16 = (l7.d >> 22) & 1;
    f.amx_bf16 = os_amx && amx_tile && amx_bf16 && request_amx_permission();
    const char* disabled = std::getenv(kDisableIsaEnv);
    return without(f, disabled ? disabled : "");
}

std::string cpuinfo_field(const std::string& key) {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.compare(0, key.size(), key) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
        }
    return "";
}

std::string brand_string() {
    char brand[49] = {};
    for (unsigned i = 0; i < 3; ++i) {
        const Regs r = cpuid(0x80000002u + i, 0);
        std::memcpy(brand + 16 * i, &r, 16);
    }
    std::string s(brand);
    s.erase(0, s.find_first_not_of(' '));
    return s.empty() ? cpuinfo_field("model name") : s;
}

}  // namespace

CpuFeatures without(CpuFeatures f, const std::string& disabled) {
    const std::string list = "," + disabled + ",";
    for (const IsaRow* row : feature_rows()) {  // each after what it builds on: one pass suffices
        const bool named = list.find("," + std::string(row->feature_name) + ",") != std::string::npos;
        if (named || !isa_row(row->builds_on).present(f)) f.*row->feature = false;
    }
    return f;
}

std::string feature_list(const CpuFeatures& f) {
    std::string s;
    for (const IsaRow* row : feature_rows())
        if (row->present(f)) s += (s.empty() ? "" : " ") + std::string(row->feature_name);
    return s;
}

SystemInfo system_info() {
    SystemInfo info;
    info.cpu_model = brand_string();
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    info.host = host;
    info.logical_cpus = int(sysconf(_SC_NPROCESSORS_ONLN));
    info.l1d_bytes = sysconf(_SC_LEVEL1_DCACHE_SIZE);
    info.l2_bytes = sysconf(_SC_LEVEL2_CACHE_SIZE);
    info.l3_bytes = sysconf(_SC_LEVEL3_CACHE_SIZE);
    info.features = cpu_features();
    // Nominal (base) frequency: CPUID leaf 0x16 when the hypervisor passes it through, else the
    // "@ 2.70GHz" of the brand string, else what the kernel reports.
    const Regs l0 = cpuid(0, 0);
    const unsigned base_mhz = l0.a >= 0x16 ? cpuid(0x16, 0).a & 0xffff : 0;
    const size_t at = info.cpu_model.find('@'), ghz = info.cpu_model.find("GHz");
    if (base_mhz > 0) {
        info.nominal_ghz = base_mhz / 1000.0;
        info.nominal_ghz_source = "cpuid.16h";
    } else if (at != std::string::npos && ghz != std::string::npos && ghz > at &&
               std::atof(info.cpu_model.c_str() + at + 1) > 0) {  // "... CPU @ 2.70GHz"
        info.nominal_ghz = std::atof(info.cpu_model.c_str() + at + 1);
        info.nominal_ghz_source = "model name";
    } else if (const std::string mhz = cpuinfo_field("cpu MHz"); !mhz.empty()) {
        info.nominal_ghz = std::stod(mhz) / 1000.0;
        info.nominal_ghz_source = "/proc/cpuinfo cpu MHz";
    } else {
        info.nominal_ghz_source = "unknown";
    }
    return info;
}

const CpuFeatures& cpu_features() {
    static const CpuFeatures features = detect();
    return features;
}

}  // namespace conv1d
