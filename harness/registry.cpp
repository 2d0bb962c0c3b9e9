// The table of backends. Adding a backend is one line here (and its folder, whose CMakeLists.txt calls
// conv1d_add_backend: cmake/conv1d_backend.cmake), or building it as a plugin (harness/plugins.hpp).
#include "conv1d/registry.hpp"

#include <algorithm>

#include "baselines/onednn/onednn_backend.hpp"
#include "baselines/pytorch/pytorch_backend.hpp"
#include "baselines/ref/reference.hpp"
#include "harness/plugins.hpp"
#include "kernels/amx/amx_backend.hpp"
#include "kernels/direct/direct_backend.hpp"
#include "kernels/xsmm/xsmm_backend.hpp"

#ifdef CONV1D_SLOW_KERNELS
#include "harness/repeating_backend.hpp"
#endif

namespace conv1d {

namespace {

// Our kernels, as registered. A CONV1D_SLOW_KERNELS build makes them repeat their work (to test the CI gate).
const Backend& ours(const Backend& backend) {
#ifdef CONV1D_SLOW_KERNELS
    static std::vector<std::unique_ptr<RepeatingBackend>> slowed;
    slowed.push_back(std::make_unique<RepeatingBackend>(backend));
    return *slowed.back();
#else
    return backend;
#endif
}

}  // namespace

const std::vector<const Backend*>& all_backends() {
    static const std::vector<const Backend*> table = [] {
        std::vector<const Backend*> backends = {
            &reference_backend(),
            &ours(xsmm_backend()),
            &ours(amx_backend()),
            &ours(direct_backend()),
            &onednn_backend(),
            &pytorch_backend(),
        };
        // Then the plugins found at start-up (harness/plugins.hpp): the other oneDNN builds.
        for (const LoadedPlugin& plugin : plugins().loaded) backends.push_back(plugin.backend);
        return backends;
    }();
    return table;
}

std::vector<std::string> default_backend_names() {
    std::vector<std::string> names;
    for (const Backend* b : all_backends())
        if (b->role() != Role::oracle) names.push_back(b->name());
    return names;
}

const Backend& find_backend(const std::string& name) {
    std::string known;
    for (const Backend* b : all_backends()) {
        if (b->name() == name) return *b;
        known += (known.empty() ? "" : ", ") + b->name();
    }
    throw UsageError("unknown backend '" + name + "': choose from " + known + ", or the groups ours, baselines");
}

std::vector<std::string> expand_backend_names(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    auto add = [&out](const std::string& name) {
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    };
    for (const std::string& name : names) {
        if (name == "ours" || name == "baselines") {
            const Role role = name == "ours" ? Role::ours : Role::baseline;
            for (const Backend* b : all_backends())
                if (b->role() == role) add(b->name());
        } else {
            add(find_backend(name).name());
        }
    }
    return out;
}

}  // namespace conv1d
