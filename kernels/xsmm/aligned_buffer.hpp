// Plan-owned, 64-byte-aligned, zero-initialized storage (re-laid-out weights, per-thread scratch).
#pragma once

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

namespace conv1d::xsmm {

template <class T>
class AlignedBuffer {
public:
    AlignedBuffer() = default;
    explicit AlignedBuffer(size_t count) : size_(count) {
        const size_t bytes = ((count * sizeof(T) + 63) / 64) * 64;
        void* p = std::aligned_alloc(64, bytes == 0 ? 64 : bytes);
        if (p == nullptr) throw std::bad_alloc();
        std::memset(p, 0, bytes == 0 ? 64 : bytes);
        data_.reset(static_cast<T*>(p));
    }
    T* data() { return data_.get(); }
    const T* data() const { return data_.get(); }
    size_t size() const { return size_; }
    T& operator[](size_t i) { return data_.get()[i]; }
    const T& operator[](size_t i) const { return data_.get()[i]; }

private:
    struct Free {
        void operator()(T* p) const { std::free(p); }
    };
    std::unique_ptr<T, Free> data_;
    size_t size_ = 0;
};

}  // namespace conv1d::xsmm
