#include "buffers.hpp"

#include <fstream>
#include <new>
#include <sstream>
#include <string>

namespace conv1d {

AlignedBytes allocate_aligned(size_t bytes) {
    const size_t rounded = (bytes + 63) / 64 * 64;
    void* p = std::aligned_alloc(64, rounded == 0 ? 64 : rounded);
    if (!p) throw std::bad_alloc();
    return AlignedBytes(p);
}

ProblemBuffers::ProblemBuffers(const Problem& p)
    : input_(allocate_aligned(size_t(p.input_elems()) * element_size(p.dt))),
      weight_(allocate_aligned(size_t(p.weight_elems()) * element_size(p.dt))),
      output_(allocate_aligned(size_t(p.output_elems()) * element_size(p.dt))) {
    tensors_ = Tensors{input_.get(), weight_.get(), output_.get()};
}

size_t tensor_bytes(const Problem& p) {
    return size_t(p.input_elems() + p.weight_elems() + p.output_elems()) * element_size(p.dt);
}

size_t available_memory_bytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key, unit;
    size_t kib = 0;
    while (meminfo >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024;
    return 0;
}

void check_fits_in_memory(const Problem& p, int copies) {
    // Sizes in doubles first: a descriptor with absurd sizes must not overflow the byte count.
    const double bytes = (double(p.N) * double(p.C) * double(p.W) + double(p.K) * double(p.C) * double(p.S) +
                          double(p.N) * double(p.K) * double(p.Q())) * double(element_size(p.dt)) * copies;
    const size_t available = available_memory_bytes();
    if (available != 0 && bytes > 0.9 * double(available)) {
        std::ostringstream s;
        s.precision(3);
        s << "problem " << p.descriptor() << " needs about " << bytes / double(1 << 30)
          << " GiB for its tensors (with reference copies), but only " << double(available) / double(1 << 30)
          << " GiB is available; make mb, ic, oc or iw smaller";
        throw UsageError(s.str());
    }
}

}  // namespace conv1d
