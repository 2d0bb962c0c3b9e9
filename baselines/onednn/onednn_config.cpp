#include "onednn_config.hpp"

#include <cstdlib>
#include <stdexcept>

namespace conv1d::onednn {

namespace {

template <typename Enum, size_t n>
struct Words {
    Enum values[n];
    const char* names[n];

    const char* name(Enum e) const {
        for (size_t i = 0; i < n; ++i)
            if (values[i] == e) return names[i];
        return "?";
    }
    Enum parse(const std::string& word, const char* what) const {
        for (size_t i = 0; i < n; ++i)
            if (word == names[i]) return values[i];
        std::string accepted;
        for (size_t i = 0; i < n; ++i) accepted += std::string(i ? ", " : "") + names[i];
        throw std::invalid_argument("unknown " + std::string(what) + " '" + word + "' (one of " + accepted + ")");
    }
};

using F = ActivationFormat;
constexpr Words<F, 5> kFormats{{F::any, F::nwc, F::ncw, F::nCw8c, F::nCw16c}, {"any", "nwc", "ncw", "nCw8c", "nCw16c"}};
constexpr Words<PropKind, 2> kProps{{PropKind::training, PropKind::inference}, {"training", "inference"}};
// oneDNN's convolution_auto; "auto" is a C++ keyword, hence the enum's name.
constexpr Words<Algorithm, 2> kAlgorithms{{Algorithm::direct, Algorithm::automatic}, {"direct", "auto"}};

}  // namespace

std::string to_string(const Config& c) {
    return std::string(kFormats.name(c.format)) + "/" + kProps.name(c.prop) + "/" + kAlgorithms.name(c.algorithm);
}

Config parse_config(const std::string& text) {
    const size_t first = text.find('/');
    const size_t second = first == std::string::npos ? first : text.find('/', first + 1);
    if (second == std::string::npos || text.find('/', second + 1) != std::string::npos)
        throw std::invalid_argument("oneDNN configuration '" + text +
                                    "' is not format/prop/algorithm, e.g. nwc/inference/direct");
    Config c;
    c.format = kFormats.parse(text.substr(0, first), "activation format");
    c.prop = kProps.parse(text.substr(first + 1, second - first - 1), "prop kind");
    c.algorithm = kAlgorithms.parse(text.substr(second + 1), "algorithm");
    return c;
}

std::vector<Config> all_configs() {
    std::vector<Config> out;
    for (F format : kFormats.values)
        for (PropKind prop : kProps.values)
            for (Algorithm algorithm : kAlgorithms.values) out.push_back({format, prop, algorithm});
    return out;
}

std::optional<Config> pinned_config() {
    const char* value = std::getenv(kPinVariable);
    if (!value || !*value) return std::nullopt;
    try {
        return parse_config(value);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string(kPinVariable) + ": " + e.what());
    }
}

}  // namespace conv1d::onednn
