// oneDNN at its best configuration: ask oneDNN for the pass in every configuration
// (onednn_config.hpp), time each distinct implementation it offers on the problem's own tensors at
// plan time, and keep the fastest. Or, when one is pinned, ask in that one only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <dnnl.hpp>

#include "onednn_config.hpp"
#include "onednn_convolution.hpp"
#include "onednn_plan.hpp"

namespace conv1d::onednn {

// oneDNN's message and status name.
std::string describe(const dnnl::error& e);

// What oneDNN offers for a problem over a list of configurations.
struct Survey {
    struct Offer {
        Config config;
        Convolution conv;
        std::vector<Config> same;  // later configurations that gave the same implementation and layouts
    };
    // Accepted, not oneDNN's reference loops, one per distinct implementation + layouts, in the
    // order of the configurations.
    std::vector<Offer> distinct;
    std::vector<Config> refused;
    std::vector<Config> reference_only;  // given oneDNN's reference loops, which are not timed
    std::string reference_impl;          // the reference implementation oneDNN offered, if it did
    std::string last_refusal;            // oneDNN's reason for the last configuration it refused
};

// With `until_first_offer`, stops at the first configuration that gives a distinct offer: enough to
// know whether oneDNN can do p at all (supports()), without describing all 20 (plan_best does that).
Survey survey(const Problem& p, const std::vector<Config>& configs, bool until_first_offer = false);

// The configurations to ask in: the pinned one, else all of them. Throws std::invalid_argument
// when the pin does not parse.
std::vector<Config> configs_to_ask();

// Plans p in the pinned configuration or the fastest one found; the plan's params() name the
// configuration and what was tried. The thread count must already be set (omp_set_num_threads).
// Throws dnnl::error, or std::runtime_error when oneDNN offers nothing to time.
std::unique_ptr<OnednnPlan> plan_best(const Problem& p, const Tensors& t);

}  // namespace conv1d::onednn
