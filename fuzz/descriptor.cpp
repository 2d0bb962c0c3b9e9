// Fuzz target "descriptor": benchdnn descriptors as --problem, a sweep's "problems" and a results record's
// "descriptor" give them (conv1d::Problem::parse), and the --dt / --dir values (parse_data_type, parse_pass).
// Input: the descriptor, then optionally a line with a data type and a line with a pass.
// Beyond not crashing, an accepted descriptor must give a valid problem whose descriptor() parses back to it.
#include <cmath>

#include "conv1d/problem.hpp"
#include "fuzz/support/fuzz_input.hpp"

using namespace conv1d;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<std::string> parts = fuzz::split(data, size, "\n", 3);
    DataType dt = DataType::f32;
    Pass pass = Pass::FWD_D;
    try {
        if (parts.size() > 1) dt = parse_data_type(parts[1]);
        if (parts.size() > 2) pass = parse_pass(parts[2]);
    } catch (const UsageError&) {
    }
    Problem p;
    try {
        p = Problem::parse(parts[0], dt, pass);
    } catch (const UsageError&) {
        return 0;  // refused, with a message: what bad input should get
    }
    const std::string& input = parts[0];
    if (p.dt != dt || p.pass != pass) fuzz::violated("parse() did not keep dt and pass", input);
    try {
        p.validate();
    } catch (const UsageError& e) {
        fuzz::violated(std::string("an accepted descriptor fails validate(): ") + e.what(), input);
    }
    if (p.Q() < 1 || p.input_elems() < 1 || p.weight_elems() < 1 || p.output_elems() < 1 || !(p.flops() > 0) ||
        !std::isfinite(p.flops()))
        fuzz::violated("an accepted problem has a non-positive size: " + p.descriptor(), input);
    Problem again;
    try {
        again = Problem::parse(p.descriptor(), dt, pass);
    } catch (const UsageError& e) {
        fuzz::violated("descriptor() " + p.descriptor() + " does not parse: " + e.what(), input);
    }
    if (!(again == p)) fuzz::violated("descriptor() " + p.descriptor() + " parses to another problem", input);
    return 0;
}
