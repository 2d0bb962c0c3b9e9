// What the machine is: model, cores, caches, nominal frequency, ISA features (core/sysinfo.cpp).
#pragma once

#include <string>

#include "conv1d/cpu.hpp"

namespace conv1d {

struct SystemInfo {
    std::string cpu_model;
    std::string host;
    int logical_cpus = 0;
    double nominal_ghz = 0.0;        // 0 when unknown
    std::string nominal_ghz_source;  // "cpuid.16h", "model name", "/proc/cpuinfo cpu MHz", "unknown"
    long l1d_bytes = 0, l2_bytes = 0, l3_bytes = 0;
    CpuFeatures features;
};

SystemInfo system_info();

// "avx2 avx512f avx512_bf16 amx_bf16": the features present, as the ISA table names them
// (conv1d/isa.hpp), narrowest first.
std::string feature_list(const CpuFeatures& f);

// Environment override for testing what a user's older node would do:
// CONV1D_DISABLE_ISA="amx_bf16,avx512_bf16" makes cpu_features() report them missing.
constexpr const char* kDisableIsaEnv = "CONV1D_DISABLE_ISA";

// `f` without the features the comma-separated list `disabled` names (as feature_list spells them),
// nor any that builds on a missing one (avx2 takes everything, avx512f takes avx512_bf16 and amx_bf16).
CpuFeatures without(CpuFeatures f, const std::string& disabled);

}  // namespace conv1d
