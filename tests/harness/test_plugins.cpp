// The plugin loader (harness/plugins.hpp) and what it is for: several oneDNN builds in one process,
// each reaching its own library. Their results are checked against the reference on the shared shapes
// with every other backend by tests/conformance/ (all_backends() includes the plugins).
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "baselines/onednn/onednn_backend.hpp"
#include "conv1d/registry.hpp"
#include "harness/plugins.hpp"
#include "tests/support/check_backend.hpp"

using namespace conv1d;
namespace fs = std::filesystem;

namespace {

#ifdef __SANITIZE_ADDRESS__
constexpr bool kPluginsLoad = false;
#else
constexpr bool kPluginsLoad = true;
#endif
constexpr const char* kNoPluginsUnderAsan =
    "the sanitizer build loads no plugins: AddressSanitizer does not support RTLD_DEEPBIND";

// A fresh directory under the system's temporary one, removed at the end of the test.
class PluginDirectory : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("conv1d_plugins_" + std::to_string(getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

std::vector<const LoadedPlugin*> onednn_plugins() {
    std::vector<const LoadedPlugin*> found;
    for (const LoadedPlugin& plugin : plugins().loaded)
        if (plugin.backend->name().rfind("onednn-", 0) == 0) found.push_back(&plugin);
    return found;
}

}  // namespace

TEST(Plugins, AMissingDirectoryIsNoError) {
    const PluginScan scan = scan_plugins("/nonexistent/conv1d-bench/plugins");
    EXPECT_TRUE(scan.loaded.empty());
    EXPECT_TRUE(scan.not_loaded.empty());
}

TEST_F(PluginDirectory, AFileThatDoesNotLoadIsLeftOutWithTheReasonAndOtherFilesAreIgnored) {
    std::ofstream(dir_ / "conv1d_onednn_plugin_9.9.so") << "not a shared library";
    std::ofstream(dir_ / "README.txt") << "not a plugin name";
    const PluginScan scan = scan_plugins(dir_.string());
    EXPECT_TRUE(scan.loaded.empty());
    ASSERT_EQ(scan.not_loaded.size(), 1u);
    EXPECT_EQ(scan.not_loaded[0].rfind("conv1d_onednn_plugin_9.9.so: ", 0), 0u) << scan.not_loaded[0];
}

TEST_F(PluginDirectory, ASharedLibraryWithoutTheEntryPointsIsLeftOut) {
    if (!kPluginsLoad) GTEST_SKIP() << kNoPluginsUnderAsan;
    // A real shared library this process has loaded already: GNU OpenMP's.
    Dl_info info{};
    ASSERT_NE(dladdr(reinterpret_cast<void*>(&omp_get_max_threads), &info), 0);
    fs::copy_file(info.dli_fname, dir_ / "conv1d_other_plugin_1.0.so");
    const PluginScan scan = scan_plugins(dir_.string());
    EXPECT_TRUE(scan.loaded.empty());
    ASSERT_EQ(scan.not_loaded.size(), 1u);
    EXPECT_NE(scan.not_loaded[0].find("not a conv1d-bench plugin"), std::string::npos) << scan.not_loaded[0];
}

TEST(Plugins, EveryConfiguredPluginIsRegistered) {
    if (!kPluginsLoad) GTEST_SKIP() << kNoPluginsUnderAsan;
    if (configured_plugins().empty()) GTEST_SKIP() << "the build configured no plugin (CONV1D_ONEDNN_PREFIXES empty)";
    std::string not_loaded;
    for (const std::string& why : plugins().not_loaded) not_loaded += "\n  " + why;
    for (const std::string& name : configured_plugins()) {
        const auto registered = std::find_if(all_backends().begin(), all_backends().end(),
                                             [&](const Backend* b) { return b->name() == name; });
        ASSERT_NE(registered, all_backends().end()) << name << " is not registered; not loaded:" << not_loaded;
        EXPECT_EQ((*registered)->role(), Role::baseline) << name;
    }
}

// The isolation the plugins exist for: the host links Debian's libdnnl.so.2 globally, a plugin its own
// libdnnl.so.N; each backend's calls must reach its own library, in one process, also after both ran.
TEST(Plugins, EachOnednnReportsItsOwnVersionAndImplementationInOneProcess) {
    if (!kPluginsLoad) GTEST_SKIP() << kNoPluginsUnderAsan;
    if (configured_plugins().empty()) GTEST_SKIP() << "the build configured no plugin (CONV1D_ONEDNN_PREFIXES empty)";
    ASSERT_FALSE(onednn_plugins().empty()) << "configured, none loaded";
    if (!cpu_features().avx2) GTEST_SKIP() << "no AVX2/FMA on this CPU: every oneDNN backend declines";
    const std::string host_version = onednn_library_version();
    for (const LoadedPlugin* plugin : onednn_plugins()) {
        const std::string name = plugin->backend->name();
        EXPECT_EQ(plugin->running_version, plugin->built_version) << name;
        EXPECT_NE(plugin->running_version, host_version) << name << " reaches the host's oneDNN";
        // Named by the version it runs: "onednn-3.2" for 3.2.0.
        EXPECT_EQ("onednn-" + plugin->running_version.substr(0, plugin->running_version.rfind('.')), name);

        const DataType dt = cpu_features().avx512f ? DataType::bf16 : DataType::f32;
        for (Pass pass : {Pass::FWD_D, Pass::BWD_D, Pass::BWD_W}) {
            Problem p = Problem::parse("mb2ic16iw300oc16kw5dw1", dt, pass);
            p.validate();
            ReferenceResult reference(p);
            const BackendCheck host = check_backend(onednn_backend(), p, 2, &reference);
            const BackendCheck other = check_backend(*plugin->backend, p, 2, &reference);
            ASSERT_EQ(host.status, Status::PASSED) << conv1d::testing::describe(p, "onednn", host);
            ASSERT_EQ(other.status, Status::PASSED) << conv1d::testing::describe(p, name, other);
            EXPECT_FALSE(other.plan->impl().empty());
            std::printf("%s %s: onednn %s runs %s; %s %s runs %s\n", to_string(pass), to_string(dt),
                        host_version.c_str(), host.plan->impl().c_str(), name.c_str(),
                        plugin->running_version.c_str(), other.plan->impl().c_str());
        }
    }
    EXPECT_EQ(onednn_library_version(), host_version);
}
