// The amx backend's own tests: its answers where it does not run (its peak loop: tests/peak/). Its plans are checked
// against the reference on the shared shapes with every other backend by tests/conformance/.
#include <gtest/gtest.h>

#include <string>

#include "conv1d/cpu.hpp"
#include "kernels/amx/amx_backend.hpp"

using namespace conv1d;

namespace {

TEST(AmxBackend, SkipsWithAReasonWithoutAmx) {
    CpuFeatures no_amx;
    no_amx.avx2 = no_amx.avx512f = no_amx.avx512_bf16 = true;
    const Problem p = Problem::parse("mb1ic16oc16ow100kw5dw0", DataType::bf16);
    const SupportAnswer a = amx_backend().supports(p, no_amx);
    EXPECT_EQ(a.support, Support::skipped);
    EXPECT_FALSE(a.reason.empty());
}

TEST(AmxBackend, IsBf16Only) {
    CpuFeatures all;
    all.avx2 = all.avx512f = all.avx512_bf16 = all.amx_bf16 = true;
    const SupportAnswer a = amx_backend().supports(Problem::parse("mb1ic16oc16ow100kw5dw0", DataType::f32), all);
    EXPECT_EQ(a.support, Support::unimplemented);
    EXPECT_EQ(a.reason, "amx backend is bf16 only");
    // The same answer on a CPU without AMX: what the backend does not do comes before what a CPU lacks.
    const SupportAnswer b = amx_backend().supports(Problem::parse("mb1ic16oc16ow100kw5dw0", DataType::f32), CpuFeatures{});
    EXPECT_EQ(b.support, Support::unimplemented);
    EXPECT_EQ(amx_backend().name(), "amx");
}

}  // namespace
