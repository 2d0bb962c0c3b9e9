"""Figure 4 of the paper: FP32, C = K = 15, d = 8 (the AtacWorks layer shape). Efficiency (% of the
measured FP32 peak) against output width Q, one panel per filter width S, forward and both backward
passes, our BRGEMM layer (xsmm) against oneDNN."""
from line_figure import LineFigure, Series, draw as draw_lines

SPEC = LineFigure(
    name="fig4", C=15, K=15, d=8, metric="pct_peak", ylabel="% of measured peak",
    title="Fig. 4 — FP32, C = K = 15, d = 8: efficiency vs output width",
    series=(Series("ours (xsmm)", "f32", "xsmm", "tab:blue"),
            Series("oneDNN", "f32", "onednn", "tab:orange")))


def draw(results, out_dir):
    return draw_lines(SPEC, results, out_dir)
