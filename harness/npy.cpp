#include "npy.hpp"

#include <fstream>

#include "conv1d/problem.hpp"

namespace conv1d {

void write_npy_f32(const std::string& path, const std::vector<int64_t>& shape, const float* data) {
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
    int64_t count = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
        dict += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? ", " : "");
        count *= shape[i];
    }
    dict += "), }";
    // Magic (6) + version (2) + header length (2) + dict + padding + '\n' is a multiple of 64.
    const size_t unpadded = 10 + dict.size() + 1;
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict += '\n';
    std::ofstream out(path, std::ios::binary);
    if (!out) throw UsageError("cannot write '" + path + "': check that the directory exists and is writable");
    const uint16_t header_len = uint16_t(dict.size());
    out.write("\x93NUMPY\x01\x00", 8);
    out.put(char(header_len & 0xff));
    out.put(char(header_len >> 8));
    out.write(dict.data(), std::streamsize(dict.size()));
    out.write(reinterpret_cast<const char*>(data), std::streamsize(count * sizeof(float)));
    if (!out) throw UsageError("writing '" + path + "' failed: is the disk full?");
}

}  // namespace conv1d
