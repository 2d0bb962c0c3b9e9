// How the oneDNN baseline asks oneDNN for a convolution: the layout of the activations, the prop kind
// and the algorithm. oneDNN's choice of implementation depends on all three (2.6.3 gives f32 forward
// `jit:avx2` for any/training but `brgconv:avx512_core` for nwc or inference), so the baseline tries
// them all (onednn_search.hpp) unless one is pinned. Free of oneDNN headers.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace conv1d::onednn {

// The layout of src/diff_src and dst/diff_dst; the weights are always left to oneDNN (`any`): a user
// lays out the weights once for the implementation, and the plan reorders them outside the timed region.
enum class ActivationFormat { any, nwc, ncw, nCw8c, nCw16c };
// Forward: forward_training or forward_inference (same output). Backward: the prop kind of the forward
// hint oneDNN is given.
enum class PropKind { training, inference };
enum class Algorithm { direct, automatic };

struct Config {
    ActivationFormat format = ActivationFormat::any;
    PropKind prop = PropKind::training;
    Algorithm algorithm = Algorithm::direct;
    bool operator==(const Config& o) const {
        return format == o.format && prop == o.prop && algorithm == o.algorithm;
    }
};

// "nwc/inference/direct", "any/training/auto", ...
std::string to_string(const Config& c);
// The inverse of to_string(); throws std::invalid_argument naming the accepted words.
Config parse_config(const std::string& text);

// Every configuration the search tries, in the order it tries them (the pre-search default first).
std::vector<Config> all_configs();

// The environment variable that pins one configuration (for reproducing a record exactly).
constexpr const char* kPinVariable = "CONV1D_ONEDNN_CONFIG";
// The pinned configuration, or nothing when the variable is unset or empty. Throws
// std::invalid_argument (naming the variable) when it does not parse.
std::optional<Config> pinned_config();

}  // namespace conv1d::onednn
