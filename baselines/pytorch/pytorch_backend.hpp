// The PyTorch baseline ("pytorch"): the ATen calls nn.Conv1d makes (at::conv1d forward,
// at::convolution_backward for the gradients), f32 and bf16, through libtorch.
#pragma once

#include "conv1d/kernel.hpp"

namespace conv1d {

const Backend& pytorch_backend();

}  // namespace conv1d
