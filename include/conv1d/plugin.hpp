// The entry points of a backend built as a plugin: a shared library the harness opens at start-up
// (harness/plugins.cpp), e.g. one per oneDNN build, so that several versions of one library can run
// side by side in a process. A plugin exports these C symbols and nothing else.
#pragma once

#include "conv1d/kernel.hpp"

extern "C" {

// The backend, alive until the process ends.
const conv1d::Backend* conv1d_plugin_backend();
// The version of the library the backend wraps, as the headers it was compiled with say ("3.2.0"),
// and as the library its calls reach says at run time. They differ when a plugin's calls land in
// another copy of the library (the isolation failed).
const char* conv1d_plugin_built_version();
const char* conv1d_plugin_running_version();
}
