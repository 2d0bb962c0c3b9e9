// The micro-kernel templates, over an ISA type I: accumulator vectors V of `lanes` floats, operand vectors X
// (V itself for f32, 32 bf16 for AVX512-BF16), the element types Src (correlation source and weights), Elem
// (weight-gradient operands) and Out (results), and loadu / broadcast / fma (X, X, V) / store_out / acc I/O.
// Included only by microkernels_avx512.cpp and microkernels_avx2.cpp, after their `#pragma GCC target` and
// inside an anonymous namespace, so every function here is compiled for that ISA and private to its file.
// Only the interface header and <utility>'s index_sequence (a type, no code) are used.

// One register block of the dilated correlation: rows x vecs accumulators live for the whole reduction
// over source rows and taps; per (row, tap) step vecs source vectors are loaded once and used by every
// result row, and each weight is broadcast once and used by every vector.
template <class I, int R, int N>
void corr_kernel(const CorrArgs& a) {
    using V = typename I::V;
    using X = typename I::X;
    using Src = typename I::Src;
    using Out = typename I::Out;
    constexpr int L = I::lanes;
    for (int64_t tile = 0; tile < a.tiles; ++tile) {
        V acc[R][N];
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 16
            for (int j = 0; j < N; ++j) acc[r][j] = I::zero();
        // One flat loop over the (source row, tap) steps, their source offsets from a table made at plan
        // time: with few taps the nested loops' overhead per row cost 10-20 % (MEASUREMENTS.md §3).
        const Src* w = static_cast<const Src*>(a.w);
        const Src* src = static_cast<const Src*>(a.src) + tile * N * L;
#pragma GCC unroll 2
        for (int64_t step = 0; step < a.steps; ++step, w += R) {
            const Src* s = src + a.offsets[step];
            X x[N];
#pragma GCC unroll 16
            for (int j = 0; j < N; ++j) x[j] = I::loadu(s + j * L);
#pragma GCC unroll 16
            for (int r = 0; r < R; ++r) {
                const X b = I::broadcast(w + r);
#pragma GCC unroll 16
                for (int j = 0; j < N; ++j) acc[r][j] = I::fma(b, x[j], acc[r][j]);
            }
        }
        Out* out = static_cast<Out*>(a.out) + tile * N * L;
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 16
            for (int j = 0; j < N; ++j) I::store_out(out + r * a.out_ld + j * L, acc[r][j]);
    }
}

// One register block of the weight gradient: rows x taps accumulators, per lane, over a run of columns.
// Per column vector the taps' source vectors are loaded once (used by every row) and each diff_dst row
// once (used by every tap): no transpose of diff_dst, the width is the vector axis of both operands (for
// bf16, two consecutive columns are the pair vdpbf16ps reduces).
template <class I, int R, int T>
void wgrad_kernel(const WgradArgs& a) {
    using V = typename I::V;
    using X = typename I::X;
    using Elem = typename I::Elem;
    constexpr int L = I::lanes, E = I::lanes * I::elems_per_lane;  // accumulators, elements per vector
    const Elem* dy = static_cast<const Elem*>(a.dy);
    const Elem* x = static_cast<const Elem*>(a.x);
    V acc[R][T];
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t) acc[r][t] = I::zero();
    for (int64_t q = 0; q < a.len; q += E) {
        X xs[T];
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t) xs[t] = I::loadu(x + q + t * a.dilation);
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r) {
            const X d = I::loadu(dy + r * a.dy_ld + q);
#pragma GCC unroll 16
            for (int t = 0; t < T; ++t) acc[r][t] = I::fma(d, xs[t], acc[r][t]);
        }
    }
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t) {
            float* p = a.acc + (r * T + t) * L;
            I::store_acc(p, a.accumulate ? I::add(I::load_acc(p), acc[r][t]) : acc[r][t]);
        }
}

// A block fits when its accumulators, the vectors it keeps loaded and one more for the broadcast or the
// streamed operand fit the register file.
template <class I, int R, int N>
constexpr bool fits(int held) {
    return R * N + held + 1 <= I::registers;
}

template <class I, int R, std::size_t... N>
constexpr void fill_row(MicroKernels& m, std::index_sequence<N...>) {
    ((m.corr[R][N + 1] = fits<I, R, N + 1>(N + 1) ? &corr_kernel<I, R, N + 1> : nullptr,
      m.wgrad[R][N + 1] = fits<I, R, N + 1>(N + 1) ? &wgrad_kernel<I, R, N + 1> : nullptr),
     ...);
}

template <class I, std::size_t... R>
constexpr MicroKernels make_table(std::index_sequence<R...>) {
    MicroKernels m;
    m.lanes = I::lanes;
    m.elems_per_lane = I::elems_per_lane;
    m.load_cycles = I::load_cycles;
    (fill_row<I, R + 1>(m, std::make_index_sequence<kMaxVecs>()), ...);
    return m;
}

template <class I>
constexpr MicroKernels table_of() {
    return make_table<I>(std::make_index_sequence<kMaxRows>());
}
