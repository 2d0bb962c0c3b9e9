// The shared shape files of tests/shapes/, in benchdnn's form (as its inputs/conv/shapes_*): one
// descriptor per line, '#' starts a comment, blank lines are ignored.
#pragma once

#include <string>
#include <vector>

namespace conv1d::testing {

// The descriptors of tests/shapes/<name>, as written. Throws std::runtime_error naming the file and line
// when the file is missing or a line is not a valid descriptor, so a broken file fails the test binary.
std::vector<std::string> load_shape_file(const std::string& name);

}  // namespace conv1d::testing
