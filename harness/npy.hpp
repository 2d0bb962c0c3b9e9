// Writes NumPy .npy files (format 1.0, little-endian float32, C order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace conv1d {

// Throws UsageError when the file cannot be written.
void write_npy_f32(const std::string& path, const std::vector<int64_t>& shape, const float* data);

}  // namespace conv1d
