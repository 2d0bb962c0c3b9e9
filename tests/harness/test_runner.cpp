// Judging a kernel against the peak measured around it: an implausible peak is flagged in the record, never
// turned into an absurd percentage.
#include <gtest/gtest.h>

#include "harness/runner.hpp"

using namespace conv1d;

namespace {

PeakTable peaks_with(double measured_gflops) {
    PeakTable t;
    IsaPeak p;
    p.isa = Isa::avx512_fp32;
    p.available = true;
    p.measured_gflops = measured_gflops;
    p.nominal_gflops = 300;
    t.isas.push_back(p);
    return t;
}

Record timed_at(double gflops) {
    Record r;
    r.isa = Isa::avx512_fp32;
    r.timed = true;
    r.gflops = gflops;
    return r;
}

}  // namespace

TEST(JudgeAgainstPeak, APlausibleKernelGetsItsPercentage) {
    Record r = timed_at(380);
    judge_against_peak(r, peaks_with(400));
    EXPECT_DOUBLE_EQ(r.pct_peak, 95.0);
    EXPECT_DOUBLE_EQ(r.peak_gflops, 400.0);
    EXPECT_TRUE(r.peak_flag.empty());
    // Slightly above (the peak is the fastest of short trials, a long kernel run can beat it a little).
    Record close = timed_at(430);
    judge_against_peak(close, peaks_with(400));
    EXPECT_DOUBLE_EQ(close.pct_peak, 107.5);
    EXPECT_TRUE(close.peak_flag.empty());
}

TEST(JudgeAgainstPeak, AKernelFarAboveThePeakIsFlaggedNotPercented) {
    Record r = timed_at(390);
    judge_against_peak(r, peaks_with(12));  // the peak loop ran while another process had the cores
    EXPECT_EQ(r.pct_peak, 0.0);             // written as null
    EXPECT_DOUBLE_EQ(r.peak_gflops, 12.0);  // what was measured stays visible
    EXPECT_NE(r.peak_flag.find("3250 %"), std::string::npos) << r.peak_flag;
    EXPECT_NE(r.peak_flag.find("disturbed"), std::string::npos) << r.peak_flag;
}

TEST(JudgeAgainstPeak, AZeroPeakIsFlagged) {
    Record r = timed_at(100);
    judge_against_peak(r, peaks_with(0));
    EXPECT_EQ(r.pct_peak, 0.0);
    EXPECT_NE(r.peak_flag.find("zero"), std::string::npos) << r.peak_flag;
}

TEST(JudgeAgainstPeak, NoPeakForTheIsaIsNotAFlag) {
    Record r = timed_at(5);
    r.isa = Isa::none;  // the reference: plain loops, judged against nothing
    judge_against_peak(r, peaks_with(400));
    EXPECT_EQ(r.pct_peak, 0.0);
    EXPECT_TRUE(r.peak_flag.empty());
}
