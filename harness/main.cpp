// conv1d-bench: benchmark and verify 1D dilated convolution backends. See README.md.
#include <iostream>

#include "conv1d/problem.hpp"
#include "harness/cli.hpp"

int main(int argc, char** argv) {
    using namespace conv1d;
    Cli cli;  // the subcommands and options: harness/cli.cpp
    try {
        cli.parse(argc, argv);
        return execute(cli.args());
    } catch (const CLI::CallForHelp& e) {
        return cli.app().exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return cli.app().exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "conv1d-bench: error: " << e.what() << " (see conv1d-bench --help)\n";
        return 2;
    } catch (const UsageError& e) {
        std::cerr << "conv1d-bench: error: " << e.what() << "\n";
        return 2;
    } catch (const std::bad_alloc&) {
        std::cerr << "conv1d-bench: error: out of memory; make the problem smaller\n";
        return 2;
    }
}
