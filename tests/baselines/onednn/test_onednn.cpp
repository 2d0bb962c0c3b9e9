// The oneDNN baseline's own tests: what its plans report (implementation, ISA, formats, reorder time),
// what it declines and why, and how oneDNN's implementation names map to ISAs. Its results are checked
// against the reference on the shared shapes with every other backend by tests/conformance/.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "baselines/onednn/onednn_backend.hpp"
#include "baselines/onednn/onednn_config.hpp"
#include "baselines/onednn/onednn_isa.hpp"
#include "tests/support/check_backend.hpp"

using namespace conv1d;

namespace {

Problem problem(const std::string& desc, Pass pass, DataType dt) {
    Problem p = Problem::parse(desc, dt, pass);
    p.validate();
    return p;
}

bool onednn_can_run_here() { return cpu_features().avx2; }

std::string param(const PlanParams& params, const std::string& key) {
    for (const auto& [k, v] : params)
        if (k == key) return v;
    return "";
}

// Sets the pin variable for one scope (the backend reads it on every supports() and plan()).
class PinnedConfig {
public:
    explicit PinnedConfig(const std::string& value) { setenv(onednn::kPinVariable, value.c_str(), 1); }
    ~PinnedConfig() { unsetenv(onednn::kPinVariable); }
};

BackendCheck checked(const Problem& p) {
    ReferenceResult reference(p);
    return check_backend(onednn_backend(), p, 2, &reference);
}

// oneDNN 2.6 has bf16 convolutions only from AVX-512 on (an AVX2 EPYC gets f32 only).
std::vector<DataType> types_here() {
    if (cpu_features().avx512f) return {DataType::f32, DataType::bf16};
    return {DataType::f32};
}

TEST(Onednn, PlanReportsImplementationIsaFormatsAndReorderTime) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    const std::set<std::string> isas = {"avx512_fp32", "avx2_fp32", "avx512_bf16", "amx_bf16", "scalar"};
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W})
        for (DataType dt : types_here()) {
            const Problem p = problem("mb2ic15iw500oc15kw51dw7", pass, dt);
            const BackendCheck check = checked(p);
            ASSERT_EQ(check.status, Status::PASSED) << conv1d::testing::describe(p, "onednn", check);
            const Plan* plan = check.plan.get();
            const std::string what = p.descriptor() + " " + to_string(pass) + " " + to_string(dt);
            EXPECT_FALSE(plan->impl().empty()) << what;
            EXPECT_TRUE(isas.count(to_string(plan->isa()))) << what << ": " << to_string(plan->isa());
            if (dt == DataType::f32) {
                EXPECT_EQ(plan->isa(), fp32_isa(cpu_features())) << what << ": " << plan->impl();
            }
            EXPECT_GE(plan->reorder_ms(), 0.0) << what;
            const PlanParams params = plan->params();
            for (const char* key : {"input_format", "weight_format", "output_format", "config", "tried"})
                EXPECT_FALSE(param(params, key).empty()) << what << " " << key;
        }
}

TEST(Onednn, DeclinesWithAReasonWhatTheCpuLacks) {
    const CpuFeatures nothing;  // all false
    SupportAnswer a = onednn_backend().supports(problem("mb1ic4iw20oc4kw3", Pass::FWD_D, DataType::f32), nothing);
    EXPECT_EQ(a.support, Support::skipped);
    EXPECT_NE(a.reason.find("AVX2"), std::string::npos) << a.reason;
    CpuFeatures epyc;  // AVX2 only, like an AMD EPYC (Zen 3)
    epyc.avx2 = true;
    a = onednn_backend().supports(problem("mb1ic4iw20oc4kw3", Pass::FWD_D, DataType::bf16), epyc);
    EXPECT_EQ(a.support, Support::skipped);
    EXPECT_NE(a.reason.find("bf16"), std::string::npos) << a.reason;
}

TEST(Onednn, SupportsAllPassesAndTypesHere) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W})
        for (DataType dt : types_here()) {
            const SupportAnswer a = onednn_backend().supports(problem("mb2ic15iw500oc15kw51dw7", pass, dt), cpu_features());
            EXPECT_EQ(a.support, Support::supported) << a.reason;
        }
}

TEST(Onednn, SearchKeepsAConfigurationOneDnnAcceptsAndListsWhatItTimed) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W}) {
        const Problem p = problem("mb2ic16iw300oc16kw9dw3", pass, DataType::f32);
        const BackendCheck check = checked(p);
        ASSERT_EQ(check.status, Status::PASSED) << conv1d::testing::describe(p, "onednn", check);
        const PlanParams params = check.plan->params();
        const std::string config = param(params, "config");
        const std::string tried = param(params, "tried");
        EXPECT_EQ(param(params, "config_from"), "search");
        EXPECT_EQ(onednn::to_string(onednn::parse_config(config)), config);
        // The winner is among the timed ones, under its own implementation, and every configuration
        // is accounted for, timed or not.
        EXPECT_NE(tried.find(config), std::string::npos) << tried;
        EXPECT_NE(tried.find("=" + check.plan->impl() + " "), std::string::npos) << tried;
        for (const onednn::Config& c : onednn::all_configs())
            EXPECT_NE(tried.find(onednn::to_string(c)), std::string::npos) << onednn::to_string(c) << " in " << tried;

        // Pinning the winner reproduces it.
        const PinnedConfig pin(config);
        const BackendCheck again = checked(p);
        ASSERT_EQ(again.status, Status::PASSED) << conv1d::testing::describe(p, "onednn", again);
        EXPECT_EQ(again.plan->impl(), check.plan->impl()) << config;
        for (const char* key : {"input_format", "weight_format", "output_format", "config"})
            EXPECT_EQ(param(again.plan->params(), key), param(params, key)) << config << " " << key;
    }
}

TEST(Onednn, APinnedConfigurationIsUsedAndReported) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    for (DataType dt : types_here()) {
        const PinnedConfig pin("nwc/inference/direct");
        const Problem p = problem("mb2ic16iw300oc16kw9dw3", Pass::FWD_D, dt);
        const BackendCheck check = checked(p);
        ASSERT_EQ(check.status, Status::PASSED) << conv1d::testing::describe(p, "onednn", check);
        const PlanParams params = check.plan->params();
        EXPECT_EQ(param(params, "config"), "nwc/inference/direct");
        EXPECT_EQ(param(params, "config_from"), onednn::kPinVariable);
        EXPECT_EQ(param(params, "input_format"), "nwc");  // asked for, so not oneDNN's choice
        EXPECT_EQ(param(params, "output_format"), "nwc");
        EXPECT_EQ(param(params, "tried"), "");  // nothing searched
    }
}

TEST(Onednn, APinOneDnnDeclinesIsSkippedWithTheReason) {
    if (!onednn_can_run_here()) GTEST_SKIP() << "no AVX2/FMA on this CPU";
    // 16-channel blocks for 15 channels: oneDNN 2.6.3 offers only its reference loops here (another
    // version may run it, then it must pass).
    const PinnedConfig pin("nCw16c/training/direct");
    const Problem p = problem("mb2ic15iw300oc15kw9dw3", Pass::FWD_D, DataType::f32);
    const BackendCheck check = checked(p);
    if (check.status == Status::SKIPPED) {
        EXPECT_NE(check.reason.find("nCw16c/training/direct"), std::string::npos) << check.reason;
        EXPECT_NE(check.reason.find(onednn::kPinVariable), std::string::npos) << check.reason;
    } else {
        EXPECT_EQ(check.status, Status::PASSED) << conv1d::testing::describe(p, "onednn", check);
    }
}

TEST(Onednn, AMisspeltPinFailsThePlanNamingTheVariable) {
    const Problem p = problem("mb2ic16iw300oc16kw9dw3", Pass::FWD_D, DataType::f32);
    for (const char* bad : {"nwc/inference", "nwc/inference/fast", "nhwc/training/direct", "nwc/train/direct"}) {
        const PinnedConfig pin(bad);
        const BackendCheck check = checked(p);
        EXPECT_EQ(check.status, Status::FAILED) << bad;
        EXPECT_NE(check.reason.find(onednn::kPinVariable), std::string::npos) << check.reason;
        // It says what would have been right.
        EXPECT_TRUE(check.reason.find("one of") != std::string::npos ||
                    check.reason.find("format/prop/algorithm") != std::string::npos)
            << check.reason;
    }
}

TEST(OnednnConfig, SpellingsRoundTripAndCoverTheSearch) {
    const std::vector<onednn::Config> all = onednn::all_configs();
    EXPECT_EQ(all.size(), 5u * 2u * 2u);
    std::set<std::string> names;
    for (const onednn::Config& c : all) {
        names.insert(onednn::to_string(c));
        EXPECT_EQ(onednn::parse_config(onednn::to_string(c)), c);
    }
    EXPECT_EQ(names.size(), all.size());
    EXPECT_EQ(onednn::to_string(all.front()), "any/training/direct");  // the configuration asked before the search
    EXPECT_EQ(onednn::to_string(onednn::parse_config("nCw16c/inference/auto")), "nCw16c/inference/auto");
    EXPECT_THROW(onednn::parse_config(""), std::invalid_argument);
    EXPECT_THROW(onednn::parse_config("nwc/inference/direct/x"), std::invalid_argument);
    EXPECT_THROW(onednn::parse_config("NWC/inference/direct"), std::invalid_argument);
}

TEST(OnednnIsa, FollowsTheImplementationString) {
    using onednn::Bf16Support;
    using onednn::isa_of;
    for (const Isa fp32 : {Isa::avx512_fp32, Isa::avx2_fp32}) {
        for (Bf16Support cpu : {Bf16Support::emulated, Bf16Support::avx512_bf16, Bf16Support::amx}) {
            EXPECT_EQ(isa_of(DataType::f32, "brgconv:avx512_core", cpu, fp32), fp32);
            EXPECT_EQ(isa_of(DataType::f32, "jit:avx2", cpu, fp32), fp32);
            EXPECT_EQ(isa_of(DataType::f32, "x64:gemm:jit", cpu, fp32), fp32);
            EXPECT_EQ(isa_of(DataType::bf16, "brgconv:avx512_core_amx_bf16", cpu, fp32), Isa::amx_bf16);
            EXPECT_EQ(isa_of(DataType::bf16, "jit:avx512_core_amx_bf16", cpu, fp32), Isa::amx_bf16);
            EXPECT_EQ(isa_of(DataType::bf16, "jit_bf16:avx512_core_bf16", cpu, fp32), Isa::avx512_bf16);
            // The implementation names plain AVX-512: oneDNN emulates bf16 with FP32 FMAs.
            EXPECT_EQ(isa_of(DataType::bf16, "jit_bf16:avx512_core", cpu, fp32), fp32);
            EXPECT_EQ(isa_of(DataType::f32, "ref:any", cpu, fp32), Isa::scalar);
            EXPECT_EQ(isa_of(DataType::bf16, "ref:any", cpu, fp32), Isa::scalar);
        }
        // The GEMM-based implementation names no ISA: it runs the best bf16 instructions allowed.
        EXPECT_EQ(isa_of(DataType::bf16, "x64:gemm:jit", Bf16Support::amx, fp32), Isa::amx_bf16);
        EXPECT_EQ(isa_of(DataType::bf16, "x64:gemm:jit", Bf16Support::avx512_bf16, fp32), Isa::avx512_bf16);
        EXPECT_EQ(isa_of(DataType::bf16, "x64:gemm:jit", Bf16Support::emulated, fp32), fp32);
    }
}

}  // namespace
