// Parsing and printing of benchdnn's 1D convolution descriptors, and the Problem's checks.
#include <cctype>
#include <charconv>
#include <map>
#include <sstream>

#include "conv1d/problem.hpp"

namespace conv1d {

namespace {

constexpr int64_t kMaxSize = 999'999'999'999;
constexpr const char* kTooLarge = "the sizes are too large: a tensor's element count must fit in 64 bits";
constexpr const char* kSpanTooLarge = "kw and dw are too large: the filter's span (kw-1)*(dw+1) must fit in 64 bits";

// The span (S-1)*d of the dilated filter, false when it overflows int64 (S, d >= 1).
bool checked_span(int64_t S, int64_t d, int64_t& span) { return !__builtin_mul_overflow(S - 1, d, &span); }

// a*b*c, false when it overflows int64 (a, b, c >= 1).
bool checked_product(int64_t a, int64_t b, int64_t c, int64_t& product) {
    int64_t ab = 0;
    return !__builtin_mul_overflow(a, b, &ab) && !__builtin_mul_overflow(ab, c, &product);
}

[[noreturn]] void bad(const std::string& desc, const std::string& why) {
    throw UsageError("bad problem descriptor '" + desc + "': " + why +
                     " (expected e.g. mb2ic15iw60400oc15ow60000kw51dw7; see --help)");
}

}  // namespace

std::string Problem::descriptor() const {
    std::ostringstream s;
    s << "mb" << N << "ic" << C << "iw" << W << "oc" << K << "ow" << Q() << "kw" << S << "dw" << (d - 1);
    if (!name.empty()) s << "n\"" << name << "\"";
    return s.str();
}

Problem Problem::parse(const std::string& desc, DataType dt, Pass pass) {
    std::map<std::string, int64_t> v;
    std::string label;
    size_t i = 0;
    while (i < desc.size()) {
        if (desc[i] == '_') { ++i; continue; }
        // Keys are matched as known prefixes, so a label like "nplain" or a typo like "icx" parse sensibly.
        static const char* known[] = {"mb", "ic", "iw", "oc", "ow", "kw", "dw", "sw", "pw", "g", "n"};
        std::string key;
        for (const char* k : known)
            if (desc.compare(i, std::string(k).size(), k) == 0) { key = k; break; }
        if (key.empty()) {
            size_t end = i;
            while (end < desc.size() && std::isalpha(static_cast<unsigned char>(desc[end]))) ++end;
            if (end == i) bad(desc, std::string("unexpected character '") + desc[i] + "' at position " + std::to_string(i));
            bad(desc, "unknown key '" + desc.substr(i, end - i) + "' (1D keys: mb ic iw oc ow kw dw, n\"label\")");
        }
        i += key.size();
        if (key == "n") {  // the label runs to the end; quotes are optional
            label = desc.substr(i);
            if (label.size() >= 2 && label.front() == '"' && label.back() == '"') label = label.substr(1, label.size() - 2);
            break;
        }
        size_t num_begin = i;
        if (i < desc.size() && desc[i] == '-') ++i;
        while (i < desc.size() && std::isdigit(static_cast<unsigned char>(desc[i]))) ++i;
        std::string num = desc.substr(num_begin, i - num_begin);
        if (num.empty() || num == "-") bad(desc, "key '" + key + "' has no number after it");
        if (v.count(key)) bad(desc, "key '" + key + "' given twice");
        int64_t value = 0;
        if (std::from_chars(num.data(), num.data() + num.size(), value).ec != std::errc() || value > kMaxSize ||
            value < -kMaxSize)
            bad(desc, "the value of '" + key + "' is too large");
        v[key] = value;
    }
    for (const char* k : {"ic", "oc", "kw"})
        if (!v.count(k)) bad(desc, std::string("missing '") + k + "'");
    if (!v.count("iw") && !v.count("ow")) bad(desc, "give 'iw' or 'ow' (or both)");
    if (v.count("sw") && v["sw"] != 1) bad(desc, "only stride 1 is supported (sw1)");
    if (v.count("pw") && v["pw"] != 0) bad(desc, "padding is the caller's job: only pw0 is supported");
    if (v.count("g") && v["g"] != 1) bad(desc, "only groups 1 is supported (g1)");

    Problem p;
    p.N = v.count("mb") ? v["mb"] : 2;  // benchdnn's default minibatch
    p.C = v["ic"];
    p.K = v["oc"];
    p.S = v["kw"];
    p.d = (v.count("dw") ? v["dw"] : 0) + 1;  // benchdnn's dilation is zero-based
    p.dt = dt;
    p.pass = pass;
    p.name = label;
    if (p.d < 1) bad(desc, "dw must be >= 0 (benchdnn's dilation is zero-based: dw = d - 1)");
    if (p.S < 1) bad(desc, "kw must be >= 1");
    int64_t span = 0;
    if (!checked_span(p.S, p.d, span)) bad(desc, kSpanTooLarge);
    if (v.count("iw")) {
        p.W = v["iw"];
        int64_t q = 0;
        if (__builtin_sub_overflow(p.W, span, &q)) bad(desc, kSpanTooLarge);
        if (v.count("ow") && v["ow"] != q)
            bad(desc, "iw" + std::to_string(p.W) + " and ow" + std::to_string(v["ow"]) +
                          " disagree: with kw and dw given, ow must be iw - (kw-1)*(dw+1) = " + std::to_string(q));
    } else if (__builtin_add_overflow(v["ow"], span, &p.W)) {
        bad(desc, kSpanTooLarge);
    }
    try {
        p.validate();
    } catch (const UsageError& e) {
        bad(desc, e.what());
    }
    return p;
}

void Problem::validate() const {
    // At most 12 digits, as a descriptor's numbers: then every valid problem's descriptor() parses back.
    auto in_range = [](const char* what, int64_t x) {
        if (x < 1) throw UsageError(std::string(what) + " must be positive, got " + std::to_string(x));
        if (x > kMaxSize)
            throw UsageError(std::string(what) + " is too large: at most " + std::to_string(kMaxSize) + ", got " +
                             std::to_string(x));
    };
    in_range("mb (N)", N);
    in_range("ic (C)", C);
    in_range("oc (K)", K);
    in_range("iw (W)", W);
    in_range("kw (S)", S);
    in_range("dilation d", d);
    // Sizes whose span or element counts overflow int64 (Q(), input_elems(), ... would be undefined).
    int64_t span = 0, elems = 0;
    if (!checked_span(S, d, span)) throw UsageError(kSpanTooLarge);
    if (!checked_product(N, C, W, elems) || !checked_product(K, C, S, elems)) throw UsageError(kTooLarge);
    if (W - span < 1)
        throw UsageError("the dilated filter spans (kw-1)*(dw+1)+1 = " + std::to_string(uint64_t(span) + 1) +
                         " points, wider than the input iw" + std::to_string(W) +
                         ": output width Q would be " + std::to_string(Q()) + "; make iw larger or kw/dw smaller");
    if (!checked_product(N, K, Q(), elems)) throw UsageError(kTooLarge);
}

const char* to_string(DataType dt) { return dt == DataType::f32 ? "f32" : "bf16"; }

const char* to_string(Pass pass) {
    switch (pass) {
        case Pass::FWD_D: return "FWD_D";
        case Pass::BWD_D: return "BWD_D";
        case Pass::BWD_W: return "BWD_W";
    }
    return "?";
}

DataType parse_data_type(const std::string& s) {
    if (s == "f32") return DataType::f32;
    if (s == "bf16") return DataType::bf16;
    throw UsageError("unknown data type '" + s + "': use f32 or bf16");
}

Pass parse_pass(const std::string& s) {
    if (s == "FWD_D" || s == "fwd_d") return Pass::FWD_D;
    if (s == "BWD_D" || s == "bwd_d") return Pass::BWD_D;
    if (s == "BWD_W" || s == "bwd_w") return Pass::BWD_W;
    throw UsageError("unknown pass '" + s + "': use FWD_D, BWD_D or BWD_W");
}

}  // namespace conv1d
