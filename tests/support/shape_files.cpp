#include "shape_files.hpp"

#include <fstream>
#include <stdexcept>

#include "conv1d/problem.hpp"

#ifndef CONV1D_SHAPES_DIR
#error "CONV1D_SHAPES_DIR must name the tests/shapes folder"
#endif

namespace conv1d::testing {

std::vector<std::string> load_shape_file(const std::string& name) {
    const std::string path = std::string(CONV1D_SHAPES_DIR) + "/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read shape file " + path);
    std::vector<std::string> descriptors;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        line = line.substr(0, line.find('#'));
        const size_t begin = line.find_first_not_of(" \t\r");
        if (begin == std::string::npos) continue;
        const std::string descriptor = line.substr(begin, line.find_last_not_of(" \t\r") + 1 - begin);
        try {
            Problem::parse(descriptor).validate();
        } catch (const UsageError& e) {
            throw std::runtime_error(path + ":" + std::to_string(number) + ": " + e.what());
        }
        descriptors.push_back(descriptor);
    }
    if (descriptors.empty()) throw std::runtime_error("shape file " + path + " holds no descriptor");
    return descriptors;
}

}  // namespace conv1d::testing
