"""Figure 6 of the paper: BF16, C = K = 32, d = 4. Performance in GFLOP/s (the paper plots FLOPS, not
efficiency, because BF16 and AMX have different peaks) against output width Q, one panel per filter
width S: our AVX512-BF16 BRGEMM layer (xsmm) and our AMX kernels against oneDNN BF16. oneDNN FP32, the
paper's own baseline for this figure, is added in grey when the results have it."""
from line_figure import LineFigure, Series, draw as draw_lines

SPEC = LineFigure(
    name="fig6", C=32, K=32, d=4, metric="gflops", ylabel="GFLOP/s",
    title="Fig. 6 — BF16, C = K = 32, d = 4: performance vs output width",
    series=(Series("ours xsmm (AVX512-BF16)", "bf16", "xsmm", "tab:blue"),
            Series("ours amx (AMX-BF16)", "bf16", "amx", "tab:green"),
            Series("ours direct (AVX512-BF16)", "bf16", "direct", "tab:cyan", optional=True),
            Series("oneDNN 2.6 bf16", "bf16", "onednn", "tab:orange"),
            Series("oneDNN 3.2 bf16", "bf16", "onednn-3.2", "tab:red", optional=True),
            Series("PyTorch bf16", "bf16", "pytorch", "tab:purple", optional=True),
            Series("oneDNN f32 (paper's baseline)", "f32", "onednn", "0.6", optional=True)))


def draw(results, out_dir):
    return draw_lines(SPEC, results, out_dir)
