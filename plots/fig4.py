"""Figure 4 of the paper: FP32, C = K = 15, d = 8 (the AtacWorks layer shape). Efficiency (% of the
measured FP32 peak) against output width Q, one panel per filter width S, forward and both backward
passes, our BRGEMM layer (xsmm) against oneDNN."""
from line_figure import draw as draw_lines, fp32_efficiency

SPEC = fp32_efficiency("fig4", C=15, K=15, d=8,
                       title="Fig. 4 — FP32, C = K = 15, d = 8: efficiency vs output width")


def draw(results, out_dir):
    return draw_lines(SPEC, results, out_dir)
