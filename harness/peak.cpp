#include "peak.hpp"

#include <algorithm>

#include "peak/measure.hpp"

namespace conv1d {

const IsaPeak* PeakTable::find(Isa isa) const {
    for (const IsaPeak& p : isas)
        if (p.isa == isa) return &p;
    return nullptr;
}

PeakTable faster_of(const PeakTable& a, const PeakTable& b) {
    PeakTable out = a;
    out.fma_implied_ghz = std::max(a.fma_implied_ghz, b.fma_implied_ghz);
    for (IsaPeak& p : out.isas)
        if (const IsaPeak* q = b.find(p.isa)) p.measured_gflops = std::max(p.measured_gflops, q->measured_gflops);
    return out;
}

PeakTable measure_peaks(const SystemInfo& sys, int threads, double seconds,
                        const std::optional<std::vector<Isa>>& only) {
    const auto wanted = [&](Isa isa) { return !only || std::find(only->begin(), only->end(), isa) != only->end(); };
    PeakTable table;
    table.threads = threads;
    for (const IsaRow& row : isa_table()) {
        if (row.flop_per_cycle_per_core == 0) continue;  // scalar, none: nothing to measure
        IsaPeak p;
        p.isa = row.isa;
        p.available = row.present(sys.features);
        if (!p.available) p.reason = lacks_reason(row.isa);
        p.flop_per_cycle_per_core = row.flop_per_cycle_per_core;
        p.nominal_gflops = threads * sys.nominal_ghz * p.flop_per_cycle_per_core;
        if (p.available && wanted(row.isa)) {
            p.measured_gflops = peak::measure_gflops(row, sys.features, threads, seconds);
            // The widest FMA measured gives the clock (the table lists it first).
            if (table.fma_implied_ghz == 0) table.fma_implied_ghz = peak::implied_ghz(row, sys.features, seconds / 2);
        }
        table.isas.push_back(p);
    }
    return table;
}

}  // namespace conv1d
