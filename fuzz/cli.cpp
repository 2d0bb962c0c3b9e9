// Fuzz target "cli": every option of every subcommand of conv1d-bench (run, estimate, dump, info, peak,
// merge), parsed from a fuzzed command line by the program's own CLI11 application (harness/cli.hpp) and
// checked as the subcommand checks it before working (validate), without running a problem, measuring a
// peak or writing a file. Sweep and results files the command line names are read (relative to the working
// directory: the fuzzers run from the repository's root, so sweeps/*.json and results/ are there).
// Input: one argument per line, the subcommand first ("run\n-p\nmb1ic4iw100oc4kw5\n--dt\nf32,bf16").
// CLI::ParseError and UsageError are the clean refusals (main prints them as one line, exit 2); any other
// exception escapes, and libFuzzer reports it. Beyond not crashing: accepted numbers are sane.
#include <cmath>

#include "fuzz/support/fuzz_input.hpp"
#include "harness/cli.hpp"

using namespace conv1d;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::string> words = fuzz::split(data, size, "\n");
    words.insert(words.begin(), "conv1d-bench");
    std::vector<const char*> argv;
    for (const std::string& w : words) argv.push_back(w.c_str());
    argv.push_back(nullptr);
    const std::string input(reinterpret_cast<const char*>(data), size);

    Cli cli;
    try {
        cli.parse(int(words.size()), argv.data());
        validate(cli.args());
    } catch (const CLI::ParseError&) {
        return 0;  // CLI11's refusal (or --help)
    } catch (const UsageError&) {
        return 0;
    }
    const CliArgs& a = cli.args();
    const auto run_is_sane = [&](const RunArgs& r) {
        if (r.repetitions < 1 || !(r.min_time_s > 0) || !std::isfinite(r.min_time_s) || r.iterations < 0)
            fuzz::violated("accepted run options out of range", input);
        if (r.mode != "C" && r.mode != "P" && r.mode != "CP") fuzz::violated("accepted --mode " + r.mode, input);
    };
    switch (a.subcommand) {
        case Subcommand::run: run_is_sane(a.run); break;
        case Subcommand::estimate:
            run_is_sane(a.planned);
            if (a.nodes < 1 || !(a.calibrate_s > 0) || !std::isfinite(a.calibrate_s))
                fuzz::violated("accepted estimate options out of range", input);
            break;
        case Subcommand::peak:
            if (!(a.peak_seconds > 0 && a.peak_seconds <= 60)) fuzz::violated("accepted --seconds out of range", input);
            break;
        case Subcommand::dump:
        case Subcommand::merge:
        case Subcommand::info: break;
    }
    return 0;
}
