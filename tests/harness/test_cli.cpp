// End-to-end tests of the conv1d-bench binary: exit codes, one-line errors, JSON, dump, resume.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#ifndef CONV1D_BENCH_BINARY
#error "CONV1D_BENCH_BINARY must name the conv1d-bench executable"
#endif

namespace {

struct Outcome {
    int exit_code = -1;
    std::string out, err;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string temp_dir() {
    static std::string dir = [] {
        char tmpl[] = "/tmp/conv1d_cli_XXXXXX";
        return std::string(mkdtemp(tmpl));
    }();
    return dir;
}

Outcome cli(const std::string& args) {
    const std::string out = temp_dir() + "/stdout", err = temp_dir() + "/stderr";
    const std::string cmd = std::string(CONV1D_BENCH_BINARY) + " " + args + " >" + out + " 2>" + err;
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

int lines(const std::string& s) {
    int n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

void expect_usage_error(const std::string& args, const std::string& fragment) {
    const Outcome o = cli(args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(lines(o.err), 1) << "one line on stderr for: " << args << "\n" << o.err;
    EXPECT_NE(o.err.find(fragment), std::string::npos) << args << "\n" << o.err;
    EXPECT_EQ(o.err.find("terminate"), std::string::npos) << o.err;
}

// The run table has a row where `backend`'s column reads `status`.
bool has_row(const std::string& out, const std::string& backend, const std::string& status) {
    return std::regex_search(out, std::regex(" " + backend + " +" + status + " "));
}

}  // namespace

TEST(Cli, HelpWorksForEverySubcommand) {
    for (const char* sub : {"", "run ", "dump ", "info ", "peak "}) {
        const Outcome o = cli(std::string(sub) + "--help");
        EXPECT_EQ(o.exit_code, 0) << sub;
        EXPECT_NE(o.out.find("--help"), std::string::npos) << sub;
    }
}

TEST(Cli, BadInputGetsOneLineAndExitCode2) {
    expect_usage_error("run --frobnicate", "frobnicate");
    expect_usage_error("", "subcommand");
    expect_usage_error("run -p mb2ic15iw100oc15kw5xq3 -b ref", "unknown key 'xq'");
    expect_usage_error("run -p mb2ic0iw100oc15kw5 -b ref", "must be positive");
    expect_usage_error("run -p mb-2ic3iw100oc15kw5 -b ref", "must be positive");
    expect_usage_error("run -p mb2ic15iw100oc15kw51dw7 -b ref", "wider than the input");
    expect_usage_error("run -p mb100000ic64iw10000000oc64kw1 -b ref", "GiB");
    expect_usage_error("run -p mb1ic4iw100oc4kw5 -b ref --out /nonexistent/dir/x.json", "cannot write");
    expect_usage_error("run -p mb1ic4iw100oc4kw5 -b nosuch", "unknown backend 'nosuch'");
    expect_usage_error("run -p mb1ic4iw100oc4kw5 -b ref --dt f64", "unknown data type 'f64'");
    expect_usage_error("run -p mb1ic4iw100oc4kw5 -b ref --dir FWD", "unknown pass 'FWD'");
    expect_usage_error("run -p mb1ic4iw100oc4kw5 -b ref --mode X", "bad --mode");
    expect_usage_error("run -p mb1ic4iw100oc4kw5 -b ref --threads -1", "out of range");
    expect_usage_error("run -b ref", "--problem");
    expect_usage_error("run -p mb1ic4iw100oc4kw5 -b ref --shard 3/2", "bad --shard");
    expect_usage_error("run --sweep /nonexistent.json", "cannot read sweep file");
    expect_usage_error("dump -p mb1ic4iw100oc4kw5 --save /nonexistent/dir", "not a directory");
    expect_usage_error("peak --seconds 0", "--seconds");
}

TEST(Cli, BadSweepFilesGetClearErrors) {
    const std::string path = temp_dir() + "/bad_sweep.json";
    auto with = [&](const std::string& text, const std::string& fragment) {
        std::ofstream(path) << text;
        expect_usage_error("run --sweep " + path, fragment);
    };
    with("{ not json", "not valid JSON");
    with("[1,2]", "'sets'");
    with(R"({"backend": ["ref"], "sets": []})", "non-empty");
    with(R"({"backend": ["ref"], "sets": [{"C": [4], "K": [4], "S": [3]}]})", "no 'Q' list");
    with(R"({"backend": ["ref"], "sets": [{"C": [4], "K": [4], "S": [3], "Q": [10], "X": [1]}]})", "unknown key 'X'");
    with(R"({"backend": ["ref"], "sets": [{"C": ["four"], "K": [4], "S": [3], "Q": [10]}]})", "not of the right type");
    with(R"({"backend": ["ref"], "sets": [{"C": [0], "K": [4], "S": [3], "Q": [10]}]})", "must be positive");
    with(R"({"backend": ["ref"], "sets": [{"C": [4], "K": [4], "S": [3], "Q": [10], "dt": ["f16"]}]})", "unknown data type");
    with(R"({"backend": ["ref"], "sets": [{"problems": ["mb1ic4iw3oc4kw5"]}]})", "wider than the input");
    with(R"({"sets": [{"C": [4], "K": [4], "S": [3], "Q": [10], "backend": ["nosuch"]}]})", "unknown backend");
    with(R"({"sets": [{"C": [4], "K": [4], "S": [3], "Q": [10]}], "extra": 1})", "unknown top-level key 'extra'");
}

TEST(Cli, BackendGroupsExpandToTheRegisteredBackendsOfTheirRole) {
    // "ours" and "baselines" stand for every registered backend of that role (the oneDNN plugins this build
    // has included), each once, whatever else is named beside them.
    const Outcome info = cli("info");
    ASSERT_EQ(info.exit_code, 0) << info.err;
    const size_t at = info.out.find("backends");
    ASSERT_NE(at, std::string::npos);
    // "backends  ref xsmm direct(bf16: why not) ...": the names, without what a backend says in brackets
    const std::string line = info.out.substr(at + 8, info.out.find('\n', at) - at - 8);
    std::istringstream listed(std::regex_replace(line, std::regex("\\([^)]*\\)"), ""));
    std::set<std::string> registered;
    for (std::string name; listed >> name;) registered.insert(name);
    const std::string out = temp_dir() + "/groups.json";
    const Outcome o = cli("run -p mb1ic4iw12oc4kw3 --dir FWD_D --mode C -b xsmm,ours,baselines --out " + out);
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const nlohmann::json doc = nlohmann::json::parse(slurp(out));
    std::multiset<std::string> ran;
    for (const auto& r : doc["records"]) {
        EXPECT_NE(r["role"], "oracle") << r["backend"];
        ran.insert(r["backend"].get<std::string>());
    }
    registered.erase("ref");
    EXPECT_EQ(ran, std::multiset<std::string>(registered.begin(), registered.end()));
    EXPECT_TRUE(ran.count("xsmm") == 1 && ran.count("onednn") == 1);
    expect_usage_error("run -p mb1ic4iw12oc4kw3 -b ours,nosuch", "the groups ours, baselines");
}

TEST(Cli, RunWritesJsonWithEveryFieldAndResumeSkipsFinishedRecords) {
    const std::string out = temp_dir() + "/run.json";
    Outcome o = cli("run -p mb2ic3iw40oc4kw5dw1 -b ref --dir FWD_D,BWD_W --dt f32,bf16 --reps 2 --min-time 0.01 --out " + out);
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.out.find("PASSED"), std::string::npos);
    nlohmann::json doc = nlohmann::json::parse(slurp(out));
    ASSERT_EQ(doc["records"].size(), 4u);
    for (const char* key : {"schema", "date", "host", "cpu_model", "isa_features", "logical_cpus", "threads", "nominal_ghz",
                            "measured_ghz", "peaks", "compiler", "compiler_flags", "libxsmm_version", "onednn_version",
                            "onednn_plugins", "git_commit"})
        EXPECT_TRUE(doc["context"].contains(key)) << key;
    for (const auto& r : doc["records"]) {
        for (const char* key : {"N", "C", "K", "W", "Q", "S", "d", "descriptor", "pass", "dt", "backend", "role", "impl",
                                "status", "verification", "flops", "time_ms", "repetitions", "gflops", "pct_peak",
                                "pct_nominal_peak", "params", "threads"})
            EXPECT_TRUE(r.contains(key)) << key;
        EXPECT_EQ(r["status"], "PASSED");
        EXPECT_EQ(r["role"], "oracle");  // ref's, as Backend::role() says
        EXPECT_EQ(r["d"], 2);  // dw1 is d = 2
        EXPECT_EQ(r["Q"], 40 - 4 * 2);
        EXPECT_EQ(r["repetitions"], 2);
        EXPECT_LE(r["time_ms"]["min"].get<double>(), r["time_ms"]["median"].get<double>());
        EXPECT_LE(r["time_ms"]["median"].get<double>(), r["time_ms"]["max"].get<double>());
        EXPECT_GT(r["time_ms"]["min"].get<double>(), 0.0);
        ASSERT_EQ(r["time_ms"]["samples"].size(), 2u);
        // The statistics are those of the samples: median of two is their mean, min and max their extremes.
        const double a = r["time_ms"]["samples"][0], b = r["time_ms"]["samples"][1];
        EXPECT_NEAR(r["time_ms"]["median"].get<double>(), (a + b) / 2, 1e-9 * (a + b));
        EXPECT_NEAR(r["time_ms"]["min"].get<double>(), std::min(a, b), 1e-9 * (a + b));
        EXPECT_NEAR(r["time_ms"]["max"].get<double>(), std::max(a, b), 1e-9 * (a + b));
        for (const auto& t : r["time_ms"]["samples"]) {  // Google Benchmark's aggregates round differently
            EXPECT_GE(t.get<double>() * (1 + 1e-9), r["time_ms"]["min"].get<double>());
            EXPECT_LE(t.get<double>() * (1 - 1e-9), r["time_ms"]["max"].get<double>());
        }
        EXPECT_NEAR(r["gflops"].get<double>(), r["flops"].get<double>() / r["time_ms"]["median"].get<double>() * 1e-6,
                    1e-9 * r["gflops"].get<double>());
    }
    // A second run of the same problems plus one more keeps the four and only runs the new one.
    o = cli("run -p mb2ic3iw40oc4kw5dw1 -p mb1ic2iw20oc2kw3 -b ref --dir FWD_D,BWD_W --dt f32,bf16 --reps 2 "
            "--min-time 0.01 --resume --out " + out);
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_EQ(o.out.find("mb2ic3iw40"), std::string::npos) << "finished records are not re-run:\n" << o.out;
    doc = nlohmann::json::parse(slurp(out));
    EXPECT_EQ(doc["records"].size(), 8u);
}

TEST(Cli, DumpSavesNpyFilesInPyTorchLayouts) {
    const std::string dir = temp_dir();
    Outcome o = cli("dump -p mb2ic3iw10oc4kw3dw1 --dt bf16 --dir BWD_D --save " + dir);
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.out.find("PASSED"), std::string::npos);
    struct Expected { std::string name, shape; size_t elems; };
    for (const Expected& e : {Expected{"diff_dst", "(2, 4, 6)", 48}, Expected{"wei", "(4, 3, 3)", 36},
                              Expected{"diff_src", "(2, 3, 10)", 60}}) {
        const std::string& name = e.name;
        const std::string npy = slurp(dir + "/" + name + ".npy");
        ASSERT_GT(npy.size(), 128u) << name;
        EXPECT_EQ(npy.substr(0, 6), "\x93NUMPY");
        const size_t header = 10 + size_t(uint8_t(npy[8])) + 256 * size_t(uint8_t(npy[9]));
        EXPECT_EQ(header % 64, 0u);
        EXPECT_NE(npy.find("'descr': '<f4'"), std::string::npos);
        EXPECT_NE(npy.find("'shape': " + e.shape), std::string::npos) << npy.substr(0, header);
        EXPECT_EQ(npy.size(), header + e.elems * 4) << name;
    }
}

TEST(Cli, InfoAndPeakReportTheMachine) {
    Outcome o = cli("info");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.out.find("isa_features"), std::string::npos);
    o = cli("peak --threads 1 --seconds 0.05");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.out.find("avx512_fp32"), std::string::npos);
}

TEST(Cli, MissingIsaIsSkippedWithAReasonNotACrash) {
    // What a Cascade Lake node would see: no AVX512-BF16, no AMX.
    const Outcome o = cli("peak --threads 1 --seconds 0.05");
    ASSERT_EQ(o.exit_code, 0);
    const Outcome old = [] {
        setenv("CONV1D_DISABLE_ISA", "avx512_bf16,amx_bf16", 1);
        Outcome r = cli("peak --threads 1 --seconds 0.05");
        unsetenv("CONV1D_DISABLE_ISA");
        return r;
    }();
    ASSERT_EQ(old.exit_code, 0) << old.err;
    EXPECT_NE(old.out.find("avx512_bf16  SKIPPED: CPU lacks AVX512-BF16"), std::string::npos) << old.out;
    EXPECT_NE(old.out.find("amx_bf16     SKIPPED"), std::string::npos) << old.out;

    // A run on such nodes: what the CPU lacks is SKIPPED with the reason, the rest still runs.
    const auto run_without = [](const char* isas, const char* args) {
        setenv("CONV1D_DISABLE_ISA", isas, 1);
        Outcome r = cli(std::string("run --problem mb1ic4iw40oc4kw3dw1 --threads 1 --mode C ") + args);
        unsetenv("CONV1D_DISABLE_ISA");
        return r;
    };
    Outcome r = run_without("avx512_bf16,amx_bf16", "--dt bf16 --dir FWD_D --backend xsmm,amx,ref");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(has_row(r.out, "xsmm", "SKIPPED")) << r.out;
    EXPECT_NE(r.out.find("CPU lacks AVX512-BF16"), std::string::npos) << r.out;
    EXPECT_TRUE(has_row(r.out, "amx", "SKIPPED")) << r.out;
    EXPECT_TRUE(has_row(r.out, "ref", "PASSED")) << r.out;
    r = run_without("avx2", "--dt f32 --dir FWD_D --backend xsmm,onednn,ref");  // a pre-Haswell CPU
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(has_row(r.out, "xsmm", "SKIPPED")) << r.out;
    EXPECT_NE(r.out.find("CPU lacks AVX2/FMA"), std::string::npos) << r.out;
    EXPECT_TRUE(has_row(r.out, "onednn", "SKIPPED")) << r.out;
    EXPECT_TRUE(has_row(r.out, "ref", "PASSED")) << r.out;
}

TEST(Cli, ShardsTogetherCoverTheSweepAndMergeJoinsThem) {
    const std::string dir = temp_dir(), sweep = dir + "/shard_sweep.json";
    std::ofstream(sweep) << R"({"backend": ["ref"], "sets": [{"C": [2, 3], "K": [2], "S": [3], "d": [1, 2], "Q": [20],
                                "dt": ["f32"], "pass": ["FWD_D", "BWD_W"]}]})";
    for (const char* s : {"1/2", "2/2"}) {
        const Outcome o = cli(std::string("run --sweep ") + sweep + " --mode C --shard " + s + " --out " + dir + "/shard" +
                              s[0] + ".json");
        ASSERT_EQ(o.exit_code, 0) << o.err;
    }
    Outcome o = cli("merge " + dir + "/shard1.json " + dir + "/shard2.json --out " + dir + "/merged.json");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const auto merged = nlohmann::json::parse(slurp(dir + "/merged.json"));
    EXPECT_EQ(merged["records"].size(), 8u);  // 2 C x 2 d x 2 passes, each exactly once
    std::set<std::string> keys;
    for (const auto& r : merged["records"]) keys.insert(r["descriptor"].get<std::string>() + r["pass"].get<std::string>());
    EXPECT_EQ(keys.size(), 8u);
    EXPECT_EQ(merged["context"]["merged_from"].size(), 2u);

    // A shard measured with another thread count is refused unless asked.
    auto other = nlohmann::json::parse(slurp(dir + "/shard2.json"));
    other["context"]["threads"] = 64;
    std::ofstream(dir + "/other.json") << other.dump();
    expect_usage_error("merge " + dir + "/shard1.json " + dir + "/other.json --out " + dir + "/m2.json", "threads");
    o = cli("merge " + dir + "/shard1.json " + dir + "/other.json --allow-mismatch --out " + dir + "/m2.json");
    EXPECT_EQ(o.exit_code, 0) << o.err;
    // ... and so is one whose node had other oneDNN plugins (e.g. a cluster node without PyPI's oneDNN 3.2).
    auto plugins = nlohmann::json::parse(slurp(dir + "/shard2.json"));
    plugins["context"]["onednn_plugins"] = {{"onednn-9.9", "9.9.0"}};
    std::ofstream(dir + "/plugins.json") << plugins.dump();
    expect_usage_error("merge " + dir + "/shard1.json " + dir + "/plugins.json --out " + dir + "/m4.json", "onednn_plugins");
    expect_usage_error("merge " + dir + "/nothere.json --out " + dir + "/m3.json", "cannot read results file");
}

TEST(Cli, EstimatePlansEveryShardFromACalibrationOnThisMachine) {
    const std::string dir = temp_dir(), sweep = dir + "/plan.json";
    std::ofstream(sweep) << R"({"backend": ["ref"], "sets": [{"C": [2, 3, 4], "K": [2], "S": [3], "Q": [20, 200],
                                "dt": ["f32"], "pass": ["FWD_D"]}]})";
    const Outcome o = cli("estimate --sweep " + sweep + " --nodes 2 --mode C --calibrate 2");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.out.find("6 problems, 6 records"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("calibration: "), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("shard 1/2: 3 problems"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("shard 2/2: 3 problems"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("--array=1-2 --time="), std::string::npos) << o.out;
    expect_usage_error("estimate --sweep " + sweep + " --nodes 0", "--nodes must be at least 1");
    expect_usage_error("estimate --sweep " + sweep + " --calibrate 0", "--calibrate must be positive");
}

TEST(Cli, OneRepetitionStillGivesATime) {
    // Google Benchmark computes no median for a single repetition; the record must still have one.
    const std::string dir = temp_dir();
    const Outcome o = cli("run -p mb1ic4iw100oc4kw3 --dir FWD_D -b ref --reps 1 --min-time 0.01 --out " + dir + "/one.json");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const auto r = nlohmann::json::parse(slurp(dir + "/one.json"))["records"][0];
    ASSERT_EQ(r["time_ms"]["samples"].size(), 1u);
    EXPECT_GT(r["time_ms"]["median"].get<double>(), 0.0);
    EXPECT_EQ(r["time_ms"]["median"], r["time_ms"]["samples"][0]);
    EXPECT_GT(r["gflops"].get<double>(), 0.0);
}

TEST(Cli, MergeRefusesAnIncompleteSetOfShardsAndNamesWhatIsMissing) {
    const std::string dir = temp_dir(), sweep = dir + "/three.json";
    std::ofstream(sweep) << R"({"backend": ["ref"], "sets": [{"C": [2, 3, 4], "K": [2], "S": [3], "Q": [20],
                                "dt": ["f32"], "pass": ["FWD_D"]}]})";
    for (const char* s : {"1/3", "2/3", "3/3"}) {
        const Outcome o = cli(std::string("run --sweep ") + sweep + " --mode C --shard " + s + " --out " + dir + "/s" +
                              s[0] + ".json");
        ASSERT_EQ(o.exit_code, 0) << o.err;
        const auto doc = nlohmann::json::parse(slurp(dir + "/s" + s[0] + ".json"));
        EXPECT_EQ(doc["context"]["run"]["shard"], s);
        EXPECT_EQ(doc["context"]["run"]["sweep"], sweep);
        EXPECT_EQ(doc["context"]["run"]["records"], 1);
    }
    // Shard 2 lost (its task failed): refused, naming it.
    expect_usage_error("merge " + dir + "/s1.json " + dir + "/s3.json --out " + dir + "/m.json", "shards 2/3 of " + sweep +
                                                                                                  " are missing");
    // A shard file that holds fewer records than its run was asked for is named too.
    auto torn = nlohmann::json::parse(slurp(dir + "/s2.json"));
    torn["records"] = nlohmann::json::array();
    std::ofstream(dir + "/torn.json") << torn.dump();
    expect_usage_error("merge " + dir + "/s1.json " + dir + "/torn.json " + dir + "/s3.json --out " + dir + "/m.json",
                       "holds 0 of its 1 records");
    // Asked for, the incomplete merge is written, and marked so in the file and on stderr.
    Outcome o = cli("merge " + dir + "/s1.json " + dir + "/s3.json --allow-incomplete --out " + dir + "/m.json");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.err.find("INCOMPLETE"), std::string::npos) << o.err;
    auto merged = nlohmann::json::parse(slurp(dir + "/m.json"));
    EXPECT_EQ(merged["records"].size(), 2u);
    EXPECT_NE(merged["context"]["incomplete"].get<std::string>().find("2/3"), std::string::npos);
    // All three: complete, no mark.
    o = cli("merge " + dir + "/s1.json " + dir + "/s2.json " + dir + "/s3.json --out " + dir + "/m.json");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    merged = nlohmann::json::parse(slurp(dir + "/m.json"));
    EXPECT_EQ(merged["records"].size(), 3u);
    EXPECT_FALSE(merged["context"].contains("incomplete"));
    EXPECT_FALSE(merged["context"].contains("run"));
}
