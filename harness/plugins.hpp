// Backends built as plugins (conv1d/plugin.hpp): each oneDNN build other than the one linked in
// (baselines/onednn/CMakeLists.txt). all_backends() appends those found at start-up.
#pragma once

#include <string>
#include <vector>

#include "conv1d/kernel.hpp"

namespace conv1d {

struct LoadedPlugin {
    std::string path;
    const Backend* backend;
    std::string built_version;    // of the library it wraps, from the headers it was compiled with
    std::string running_version;  // of the library its calls reach at run time
};

struct PluginScan {
    std::string dir;
    std::vector<LoadedPlugin> loaded;  // in file-name order
    // Why a plugin is not loaded: one line each ("<file>: <reason>"). Also names the plugins the
    // build configured that are not there, and why the whole scan was skipped (sanitizer builds).
    std::vector<std::string> not_loaded;
};

// Opens every conv1d_*plugin_*.so in `dir`, each with RTLD_LOCAL | RTLD_DEEPBIND so that its own
// libraries (e.g. libdnnl.so.3) serve its calls even when the process has another version loaded
// globally; a plugin stays loaded until the process ends. A missing directory gives no plugins and no
// error; a file that does not load, or whose calls reach another version of its library, is left out
// with the reason.
PluginScan scan_plugins(const std::string& dir);

// The plugins the build configured (baselines/onednn/CMakeLists.txt), by backend name: "onednn-3.2".
std::vector<std::string> configured_plugins();

// The scan of the build's plugin directory, or of $CONV1D_PLUGIN_DIR when set; done once, on first use.
const PluginScan& plugins();

}  // namespace conv1d
