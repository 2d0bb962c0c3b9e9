// oneDNN's spelling of the memory format it chose for a tensor, for the plan's params().
#pragma once

#include <string>

#include <dnnl.hpp>

namespace conv1d::onednn {

// `letters` name the dimensions in logical order: ("ncw") -> "ncw", "nCw16c", "nwc";
// ("oiw") -> "oiw", "OIw16i16o", ... Blocked dimensions are upper case and their inner blocks
// follow, as in oneDNN's format_tag names. Non-blocked formats give "opaque".
std::string format_tag(const dnnl::memory::desc& md, const std::string& letters);

}  // namespace conv1d::onednn
