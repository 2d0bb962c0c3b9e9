"""Figure 5 of the paper: FP32, C = K = 64, d = 1 (standard, undilated convolution). Efficiency (% of
the measured FP32 peak) against output width Q, one panel per filter width S, forward and both backward
passes, our BRGEMM layer (xsmm) against oneDNN."""
from line_figure import draw as draw_lines, fp32_efficiency

SPEC = fp32_efficiency("fig5", C=64, K=64, d=1,
                       title="Fig. 5 — FP32, C = K = 64, d = 1: efficiency vs output width")


def draw(results, out_dir):
    return draw_lines(SPEC, results, out_dir)
