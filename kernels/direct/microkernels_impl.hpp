// The micro-kernel templates, over an ISA type I (vector type V, lanes, registers, load/broadcast/FMA/store).
// Included only by microkernels_avx512.cpp and microkernels_avx2.cpp, after their `#pragma GCC target` and
// inside an anonymous namespace, so every function here is compiled for that ISA and private to its file.
// Only the interface header and <utility>'s index_sequence (a type, no code) are used.

// One register block of the dilated correlation: rows x vecs accumulators live for the whole reduction
// over source rows and taps; per (row, tap) step vecs source vectors are loaded once and used by every
// result row, and each weight is broadcast once and used by every vector.
template <class I, int R, int N>
void corr_kernel(const CorrArgs& a) {
    using V = typename I::V;
    constexpr int L = I::lanes;
    for (int64_t tile = 0; tile < a.tiles; ++tile) {
        V acc[R][N];
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 16
            for (int j = 0; j < N; ++j) acc[r][j] = I::zero();
        // One flat loop over the (source row, tap) steps, their source offsets from a table made at plan
        // time: with few taps the nested loops' overhead per row cost 10 % (MEASUREMENTS.md §3).
        const float* w = a.w;
        const float* src = a.src + tile * N * L;
#pragma GCC unroll 2
        for (int64_t step = 0; step < a.steps; ++step, w += R) {
            const float* s = src + a.offsets[step];
            V x[N];
#pragma GCC unroll 16
            for (int j = 0; j < N; ++j) x[j] = I::loadu(s + j * L);
#pragma GCC unroll 16
            for (int r = 0; r < R; ++r) {
                const V b = I::broadcast(w + r);
#pragma GCC unroll 16
                for (int j = 0; j < N; ++j) acc[r][j] = I::fma(b, x[j], acc[r][j]);
            }
        }
        float* out = a.out + tile * N * L;
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 16
            for (int j = 0; j < N; ++j) I::storeu(out + r * a.out_ld + j * L, acc[r][j]);
    }
}

// One register block of the weight gradient: rows x taps accumulators, per lane, over a run of columns.
// Per column vector the taps' source vectors are loaded once (used by every row) and each diff_dst row
// once (used by every tap): no transpose of diff_dst, the width is the vector axis of both operands.
template <class I, int R, int T>
void wgrad_kernel(const WgradArgs& a) {
    using V = typename I::V;
    constexpr int L = I::lanes;
    V acc[R][T];
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t) acc[r][t] = I::zero();
    for (int64_t q = 0; q < a.len; q += L) {
        V x[T];
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t) x[t] = I::loadu(a.x + q + t * a.dilation);
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r) {
            const V d = I::loadu(a.dy + r * a.dy_ld + q);
#pragma GCC unroll 16
            for (int t = 0; t < T; ++t) acc[r][t] = I::fma(d, x[t], acc[r][t]);
        }
    }
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t) {
            float* p = a.acc + (r * T + t) * L;
            I::storeu(p, a.accumulate ? I::add(I::loadu(p), acc[r][t]) : acc[r][t]);
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
    m.registers = I::registers;
    m.load_cycles = I::load_cycles;
    (fill_row<I, R + 1>(m, std::make_index_sequence<kMaxVecs>()), ...);
    return m;
}

template <class I>
constexpr MicroKernels table_of() {
    return make_table<I>(std::make_index_sequence<kMaxRows>());
}
