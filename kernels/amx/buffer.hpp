// Small helpers shared by the AMX plans: 64-byte-aligned scratch that lives as long as a plan,
// and rounding.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

namespace conv1d::amx {

inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
};

// Zero-initialised, 64-byte aligned array of T (plan-time allocation; throws std::bad_alloc).
template <class T>
class Scratch {
public:
    Scratch() = default;
    explicit Scratch(int64_t count) : count_(count) {
        const size_t bytes = size_t(round_up(std::max<int64_t>(count, 1) * int64_t(sizeof(T)), 64));
        void* p = std::aligned_alloc(64, bytes);
        if (!p) throw std::bad_alloc();
        std::memset(p, 0, bytes);
        data_.reset(p);
    }
    T* get() const { return static_cast<T*>(data_.get()); }
    int64_t size() const { return count_; }

private:
    std::unique_ptr<void, FreeDeleter> data_;
    int64_t count_ = 0;
};

}  // namespace conv1d::amx
