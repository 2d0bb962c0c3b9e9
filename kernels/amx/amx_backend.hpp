// The "amx" backend: our own AMX-BF16 kernels for the three passes (bf16 in, f32 accumulation,
// bf16 out).
#pragma once

#include "conv1d/kernel.hpp"

namespace conv1d {

const Backend& amx_backend();

}  // namespace conv1d
