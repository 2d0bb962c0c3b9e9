// Owned, 64-byte-aligned storage for the three tensors of a problem.
#pragma once

#include <cstdlib>
#include <memory>

#include "conv1d/tensors.hpp"

namespace conv1d {

struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
};
using AlignedBytes = std::unique_ptr<void, FreeDeleter>;

// Throws std::bad_alloc when the allocation fails.
AlignedBytes allocate_aligned(size_t bytes);

class ProblemBuffers {
public:
    explicit ProblemBuffers(const Problem& p);
    const Tensors& tensors() const { return tensors_; }

private:
    AlignedBytes input_, weight_, output_;
    Tensors tensors_;
};

// Bytes the three tensors of p take.
size_t tensor_bytes(const Problem& p);

// Bytes of memory the OS says are available (MemAvailable), or 0 if unknown.
size_t available_memory_bytes();

// Throws UsageError when `copies` sets of p's tensors would not fit in available memory.
void check_fits_in_memory(const Problem& p, int copies);

}  // namespace conv1d
