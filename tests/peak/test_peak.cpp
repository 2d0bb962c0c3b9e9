// Every peak loop of the ISA table (peak/): it measures a rate where the CPU has its ISA, and is
// refused, before any instruction of that ISA runs, where the CPU lacks it.
#include <gtest/gtest.h>

#include "conv1d/isa.hpp"
#include "peak/measure.hpp"

using namespace conv1d;

namespace {

TEST(Peak, EveryIsaWithAPeakHasALoop) {
    for (const IsaRow& row : isa_table()) {
        const bool has_loop = row.peak.per_thread.run != nullptr || row.peak.self_timed_gflops != nullptr;
        EXPECT_EQ(has_loop, row.flop_per_cycle_per_core > 0) << row.name;
        if (row.peak.per_thread.run) {
            EXPECT_GT(row.peak.per_thread.flop_per_iteration, 0) << row.name;
        }
    }
}

TEST(Peak, MeasuresWhereTheCpuHasTheIsa) {
    int measured = 0;
    for (const IsaRow& row : isa_table()) {
        if (row.flop_per_cycle_per_core == 0 || !row.present(cpu_features())) continue;
        EXPECT_GT(peak::measure_gflops(row, cpu_features(), 2, 0.05), 0.0) << row.name;
        if (row.peak.latency_chain) {
            EXPECT_GT(peak::implied_ghz(row, cpu_features(), 0.02), 0.0) << row.name;
        }
        ++measured;
    }
    if (measured == 0) GTEST_SKIP() << "this CPU has none of the table's peak ISAs";
}

TEST(Peak, IsZeroWhereTheCpuLacksTheIsa) {
    const CpuFeatures nothing;  // a CPU with none of them: the check answers, no loop runs
    for (const IsaRow& row : isa_table()) {
        EXPECT_EQ(peak::measure_gflops(row, nothing, 1, 0.01), 0.0) << row.name;
        EXPECT_EQ(peak::implied_ghz(row, nothing, 0.01), 0.0) << row.name;
    }
}

}  // namespace
