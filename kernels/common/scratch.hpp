// Plan-owned, 64-byte-aligned, zero-initialised storage: re-laid-out weights and per-thread
// scratch, allocated at plan time (throws std::bad_alloc), never in execute().
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include "kernels/common/work_split.hpp"

namespace conv1d::common {

template <class T>
class Scratch {
public:
    Scratch() = default;
    explicit Scratch(int64_t count) : size_(count) {
        const size_t bytes = size_t(round_up(std::max<int64_t>(count, 1) * int64_t(sizeof(T)), 64));
        void* p = std::aligned_alloc(64, bytes);
        if (p == nullptr) throw std::bad_alloc();
        std::memset(p, 0, bytes);
        data_.reset(static_cast<T*>(p));
    }
    T* data() { return data_.get(); }
    const T* data() const { return data_.get(); }
    int64_t size() const { return size_; }
    T& operator[](int64_t i) { return data_.get()[i]; }
    const T& operator[](int64_t i) const { return data_.get()[i]; }

private:
    struct Free {
        void operator()(T* p) const { std::free(p); }
    };
    std::unique_ptr<T, Free> data_;
    int64_t size_ = 0;
};

}  // namespace conv1d::common
