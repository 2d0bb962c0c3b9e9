#include "harness/plugins.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "conv1d/plugin.hpp"

namespace conv1d {

namespace {

namespace fs = std::filesystem;

bool is_plugin_file(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.rfind("conv1d_", 0) == 0 && name.find("plugin_") != std::string::npos && path.extension() == ".so";
}

template <typename Function>
Function* entry_point(void* library, const char* name) {
    return reinterpret_cast<Function*>(dlsym(library, name));
}

// Loads one plugin; on failure returns the reason and unloads nothing (a half-initialised library
// may have registered exit handlers, which must stay valid).
std::string load(const fs::path& path, std::vector<LoadedPlugin>& loaded) {
    void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!library) return dlerror();
    const auto backend = entry_point<decltype(conv1d_plugin_backend)>(library, "conv1d_plugin_backend");
    const auto built = entry_point<decltype(conv1d_plugin_built_version)>(library, "conv1d_plugin_built_version");
    const auto running =
        entry_point<decltype(conv1d_plugin_running_version)>(library, "conv1d_plugin_running_version");
    if (!backend || !built || !running) return "not a conv1d-bench plugin (no conv1d_plugin_* entry points)";
    LoadedPlugin plugin{path.string(), backend(), built(), running()};
    if (plugin.built_version != plugin.running_version)
        return "built against version " + plugin.built_version + " but its calls reach version " +
               plugin.running_version + " (another copy of its library shadows its own)";
    loaded.push_back(plugin);
    return "";
}

#ifdef __SANITIZE_ADDRESS__
// ASan aborts a process that opens a library with RTLD_DEEPBIND, and without it a second libdnnl
// crashes (shared/DESIGN.md): the sanitizer build neither builds nor loads plugins.
constexpr bool kLoadPlugins = false;
constexpr const char* kSanitizerReason = "AddressSanitizer does not support RTLD_DEEPBIND";
std::string why_configured_is_missing(const std::string&) {
    return std::string("not built or loaded by the sanitizer build (") + kSanitizerReason + ", which plugins need)";
}
#else
constexpr bool kLoadPlugins = true;
constexpr const char* kSanitizerReason = "";
std::string why_configured_is_missing(const std::string& dir) { return "configured in the build, not found in " + dir; }
#endif

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> items;
    std::istringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) items.push_back(item);
    return items;
}

}  // namespace

PluginScan scan_plugins(const std::string& dir) {
    PluginScan scan{dir, {}, {}};
    std::error_code error;
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, error))
        if (is_plugin_file(entry.path())) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (!kLoadPlugins) {
        for (const fs::path& file : files)
            scan.not_loaded.push_back(file.filename().string() + ": not loaded by the sanitizer build (" +
                                      kSanitizerReason + ")");
        return scan;
    }
    for (const fs::path& file : files)
        if (std::string why = load(file, scan.loaded); !why.empty())
            scan.not_loaded.push_back(file.filename().string() + ": " + why);
    return scan;
}

std::vector<std::string> configured_plugins() { return split(CONV1D_EXPECTED_PLUGINS); }

const PluginScan& plugins() {
    static const PluginScan scan = [] {
        const char* dir = std::getenv("CONV1D_PLUGIN_DIR");
        PluginScan s = scan_plugins(dir && *dir ? dir : CONV1D_PLUGIN_DIR);
        // What the build configured but is not here, and what it could not build.
        for (const std::string& name : configured_plugins()) {
            const bool found = std::any_of(s.loaded.begin(), s.loaded.end(),
                                           [&](const LoadedPlugin& p) { return p.backend->name() == name; });
            if (!found) s.not_loaded.push_back(name + ": " + why_configured_is_missing(s.dir));
        }
        for (const std::string& missing : split(CONV1D_ONEDNN_MISSING)) s.not_loaded.push_back(missing);
        return s;
    }();
    return scan;
}

}  // namespace conv1d
