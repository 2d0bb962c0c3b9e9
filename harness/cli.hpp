// The command line of conv1d-bench: every subcommand and option (CLI11), the checks of their values that
// need no run, and the dispatch to the subcommands. main() is parse + execute; the fuzz target of the CLI
// (fuzz/cli.cpp) is parse + validate, on fuzzed argv.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "harness/commands.hpp"

namespace conv1d {

enum class Subcommand { run, estimate, dump, info, peak, merge };

// What the options say, with the defaults of the real program.
struct CliArgs {
    Subcommand subcommand = Subcommand::info;
    RunArgs run;      // run
    RunArgs planned;  // estimate: the run it plans
    int nodes = 1;
    double calibrate_s = 60;
    DumpArgs dump;
    int peak_threads = 0;
    double peak_seconds = 0.5;
    std::vector<std::string> merge_inputs;
    std::string merge_out;
    bool allow_mismatch = false, allow_incomplete = false;
};

// The CLI11 application of conv1d-bench, bound to args().
class Cli {
public:
    Cli();
    Cli(const Cli&) = delete;
    Cli& operator=(const Cli&) = delete;

    // Parses argv into args() (and sets its subcommand). Throws CLI::ParseError on bad or unknown options
    // (CLI::CallForHelp / CallForAllHelp for --help; app().exit() prints those).
    void parse(int argc, const char* const* argv);
    const CliArgs& args() const { return args_; }
    CLI::App& app() { return app_; }

private:
    CliArgs args_;
    CLI::App app_;
    CLI::App *run_, *estimate_, *dump_, *peak_, *merge_;
};

// Checks the parsed options as the subcommand does before it works, without running or timing a problem,
// measuring a peak or writing a file (sweep and results files named are read). Throws UsageError.
void validate(const CliArgs& args);
// Runs the subcommand; returns the process exit code. Throws UsageError on bad input.
int execute(const CliArgs& args);

}  // namespace conv1d
