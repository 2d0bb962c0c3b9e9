// The entry points of a oneDNN plugin (conv1d/plugin.hpp): this folder's backend built against another
// oneDNN (baselines/onednn/CMakeLists.txt), named by that oneDNN's version.
#include "conv1d/plugin.hpp"

#include <string>

#include <dnnl.hpp>

#include "onednn_backend.hpp"

#define CONV1D_EXPORT __attribute__((visibility("default")))

extern "C" {

CONV1D_EXPORT const conv1d::Backend* conv1d_plugin_backend() { return &conv1d::onednn_backend(); }

CONV1D_EXPORT const char* conv1d_plugin_built_version() {
    static const std::string version = std::to_string(DNNL_VERSION_MAJOR) + "." + std::to_string(DNNL_VERSION_MINOR) +
                                       "." + std::to_string(DNNL_VERSION_PATCH);
    return version.c_str();
}

CONV1D_EXPORT const char* conv1d_plugin_running_version() {
    static const std::string version = conv1d::onednn_library_version();
    return version.c_str();
}
}
