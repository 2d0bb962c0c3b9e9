#include <gtest/gtest.h>

#include "conv1d/problem.hpp"

using namespace conv1d;

TEST(Problem, ParsesThePaperAtacWorksDescriptor) {
    const Problem p = Problem::parse("mb2ic15iw60400oc15ow60000kw51dw7");
    EXPECT_EQ(p.N, 2);
    EXPECT_EQ(p.C, 15);
    EXPECT_EQ(p.W, 60400);
    EXPECT_EQ(p.K, 15);
    EXPECT_EQ(p.S, 51);
    EXPECT_EQ(p.d, 8);  // benchdnn's dw is zero-based
    EXPECT_EQ(p.Q(), 60000);
    EXPECT_DOUBLE_EQ(p.flops(), 2.0 * 2 * 15 * 15 * 51 * 60000);
}

TEST(Problem, DerivesTheMissingWidth) {
    EXPECT_EQ(Problem::parse("mb1ic4oc8ow1000kw5dw3").W, 1000 + 4 * 4);
    EXPECT_EQ(Problem::parse("mb1ic4oc8iw1016kw5dw3").Q(), 1000);
    EXPECT_EQ(Problem::parse("ic4oc8iw10kw1").N, 2);  // benchdnn's default minibatch
}

TEST(Problem, PrintThenParseRoundTrips) {
    for (const char* desc : {"mb2ic15iw60400oc15ow60000kw51dw7", "mb1ic1iw1oc1ow1kw1dw0", "mb3ic7iw100oc5ow40kw4dw19",
                             "mb1_ic64_iw10050_oc64_ow10000_kw51_dw0", "mb2ic16iw100oc16kw3n\"atac layer\""}) {
        for (DataType dt : {DataType::f32, DataType::bf16})
            for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W}) {
                const Problem p = Problem::parse(desc, dt, pass);
                EXPECT_EQ(Problem::parse(p.descriptor(), dt, pass), p) << desc;
            }
    }
    EXPECT_EQ(Problem::parse("mb2ic16iw100oc16kw3n\"atac layer\"").name, "atac layer");
    EXPECT_EQ(Problem::parse("mb2ic16iw100oc16kw3nplain").name, "plain");
}

TEST(Problem, AcceptsTheTrivialBenchdnnDefaults) {
    EXPECT_EQ(Problem::parse("g1mb1ic2iw9oc3kw3sw1pw0dw0").Q(), 7);
}

void expect_usage_error(const std::string& desc, const std::string& fragment) {
    try {
        Problem::parse(desc);
        ADD_FAILURE() << desc << " parsed but should not";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(desc), std::string::npos) << "message must name the descriptor";
    }
}

TEST(Problem, RejectsBadDescriptorsWithAReason) {
    expect_usage_error("mb2ic15iw60400oc15kw51dw7xx3", "unknown key 'xx'");
    expect_usage_error("mb2ic15iw60400oc15kw51ih7", "unknown key 'ih'");
    expect_usage_error("mb2icxiw100oc15kw5", "no number");
    expect_usage_error("mb2ic15oc15kw5", "'iw' or 'ow'");
    expect_usage_error("mb2iw100oc15kw5", "missing 'ic'");
    expect_usage_error("mb0ic15iw100oc15kw5", "must be positive");
    expect_usage_error("mb2ic-3iw100oc15kw5", "must be positive");
    expect_usage_error("mb2ic15iw100oc15kw0", "kw must be >= 1");
    expect_usage_error("mb2ic15iw100oc15kw51dw7", "wider than the input");
    expect_usage_error("mb2ic15iw100oc15ow50kw5", "disagree");
    expect_usage_error("mb2ic15iw100oc15kw5sw2", "stride 1");
    expect_usage_error("mb2ic15iw100oc15kw5pw2", "padding");
    expect_usage_error("mb2ic15iw100oc15kw5mb3", "twice");
    expect_usage_error("mb2ic15iw100oc15kw5dw-2", "dw must be >= 0");
    expect_usage_error("mb99999999999999999ic1iw1oc1kw1", "too large");
    expect_usage_error("", "missing");
    expect_usage_error("mb2 ic15", "unexpected character");
}

TEST(Problem, ParsesDataTypesAndPasses) {
    EXPECT_EQ(parse_data_type("bf16"), DataType::bf16);
    EXPECT_EQ(parse_pass("BWD_W"), Pass::BWD_W);
    EXPECT_THROW(parse_data_type("f16"), UsageError);
    EXPECT_THROW(parse_pass("BWD"), UsageError);
    EXPECT_STREQ(to_string(Pass::BWD_D), "BWD_D");
}
