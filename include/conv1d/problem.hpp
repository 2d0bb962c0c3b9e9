// The one problem type: a 1D dilated convolution shape, its data type and pass.
// Notation is the paper's: N batch, C input channels, K filters, W input width,
// S filter width, d dilation (one-based), Q = W - (S-1)*d output width.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace conv1d {

enum class DataType { f32, bf16 };
enum class Pass { FWD_D, BWD_D, BWD_W };

// Bad user input: the message names what is wrong and how to fix it. main() maps it to exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Problem {
    int64_t N = 1, C = 1, K = 1, W = 1, S = 1, d = 1;
    DataType dt = DataType::f32;
    Pass pass = Pass::FWD_D;
    std::string name;  // optional benchdnn n"label"

    int64_t Q() const { return W - (S - 1) * d; }
    // One pass (any of the three) does 2*N*K*C*S*Q floating-point operations.
    double flops() const { return 2.0 * double(N) * double(K) * double(C) * double(S) * double(Q()); }

    int64_t input_elems() const { return N * C * W; }    // (N, C, W)
    int64_t weight_elems() const { return K * C * S; }   // (K, C, S)
    int64_t output_elems() const { return N * K * Q(); } // (N, K, Q)

    // benchdnn 1D descriptor, e.g. mb2ic15iw60400oc15ow60000kw51dw7 (dw = d - 1).
    std::string descriptor() const;
    // Throws UsageError on anything unparsable or inconsistent. dt and pass are not part of a descriptor.
    static Problem parse(const std::string& desc, DataType dt = DataType::f32, Pass pass = Pass::FWD_D);
    // Throws UsageError unless every size is positive and Q >= 1.
    void validate() const;

    bool operator==(const Problem& o) const {
        return N == o.N && C == o.C && K == o.K && W == o.W && S == o.S && d == o.d && dt == o.dt &&
               pass == o.pass && name == o.name;
    }
};

const char* to_string(DataType dt);
const char* to_string(Pass pass);
DataType parse_data_type(const std::string& s);  // throws UsageError
Pass parse_pass(const std::string& s);           // throws UsageError
inline std::size_t element_size(DataType dt) { return dt == DataType::f32 ? 4 : 2; }

}  // namespace conv1d
