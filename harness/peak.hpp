// Peak FLOP rates of the ISA table's peaks (conv1d/isa.hpp), measured now with their loops (peak/)
// for a given thread count, and the nominal peaks they are compared with.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conv1d/isa.hpp"
#include "conv1d/sysinfo.hpp"

namespace conv1d {

struct IsaPeak {
    Isa isa = Isa::none;
    bool available = false;
    std::string reason;              // why not available
    double flop_per_cycle_per_core = 0;
    double measured_gflops = 0;      // for the thread count of the table
    double nominal_gflops = 0;       // threads x nominal GHz x FLOP/cycle
};

struct PeakTable {
    int threads = 1;
    double fma_implied_ghz = 0;      // from a dependent FMA chain (4-cycle latency), one thread
    std::vector<IsaPeak> isas;       // every ISA of the table that has a peak, in the table's order
    const IsaPeak* find(Isa isa) const;
};

// Runs each available ISA's loop for about `seconds` on `threads` OpenMP threads, as five trials of
// which the fastest counts.
// `only`, when given, limits the measurement to those ISAs, perhaps none (the others keep measured_gflops 0).
PeakTable measure_peaks(const SystemInfo& sys, int threads, double seconds = 0.25,
                        const std::optional<std::vector<Isa>>& only = std::nullopt);

// Per ISA, the faster of two measurements of the same machine (an ISA measured in neither stays 0).
PeakTable faster_of(const PeakTable& a, const PeakTable& b);

}  // namespace conv1d
