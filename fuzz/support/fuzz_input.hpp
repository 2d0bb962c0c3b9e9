// What the fuzz targets of fuzz/ share: splitting an input into parts, and the property checks that make
// a wrong answer (not only a crash) a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace conv1d::fuzz {

// The input split at each `separator` line ("\n<separator>\n"), or at each `separator` character when it is one
// character long; at most `max_parts` parts, the last one holding the rest.
inline std::vector<std::string> split(const uint8_t* data, size_t size, const std::string& separator,
                                      size_t max_parts = SIZE_MAX) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string cut = separator.size() == 1 ? separator : "\n" + separator + "\n";
    std::vector<std::string> parts;
    size_t begin = 0;
    while (parts.size() + 1 < max_parts) {
        const size_t at = text.find(cut, begin);
        if (at == std::string::npos) break;
        parts.push_back(text.substr(begin, at - begin));
        begin = at + cut.size();
    }
    parts.push_back(text.substr(begin));
    return parts;
}

// A property of an accepted input that does not hold: a bug, reported to libFuzzer as a crash.
[[noreturn]] inline void violated(const std::string& what, const std::string& input) {
    std::fprintf(stderr, "fuzz: property violated: %s\n  input: %s\n", what.c_str(), input.c_str());
    std::abort();
}

}  // namespace conv1d::fuzz
