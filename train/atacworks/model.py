"""AtacWorks's DenoisingResNet with a pluggable 1D convolution.

Architecture as AtacWorks defines it (atacworks/dl4atac/models/models.py: DenoisingResNet; layers.py:
ResBlock, ConvAct1d, ZeroSamePad1d; configs/model_structure.yaml for the defaults), re-written here:

* a residual block is conv-ReLU, conv-ReLU, conv (no ReLU), plus the block's input (through a 1x1
  conv-ReLU "input conv" when the channel count changes, i.e. in a part's first block), then ReLU;
* regression part: 5 blocks of width-51, dilation-8 convolutions, 1 -> 15 -> 15 channels, then a 1x1
  conv 15 -> 1 with ReLU: the denoised track;
* classification part, fed with the denoised track: 2 blocks (1 -> 15 -> 15, width 51, dilation 8), then a
  1x1 conv 15 -> 1 and a sigmoid: the peak probability;
* biases as AtacWorks: none in the regression part and in the input convs, in the classification blocks'
  convs and the classifier yes; no batch norm (its default).

That is 25 convolutions: 1 + 15 + 1 (regression: input conv, 5 x 3, regressor) and 1 + 6 + 1
(classification). "Same" padding is done here with F.pad((S-1)*d // 2 left, the rest right) — as
AtacWorks's ZeroSamePad1d and the paper — so every convolution module is a valid (padding 0) one.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import ext

try:  # PyTorch >= 2.0
    from torch.func import functional_call as _functional_call
except ImportError:  # PyTorch 1.13 (Debian 12)
    from torch.nn.utils.stateless import functional_call as _functional_call

BF16_CAST_MODES = ("explicit", "autocast")


def make_conv(in_ch, out_ch, kernel, dilation, impl="native", bias=False):
    """A valid (stride 1, padding 0, groups 1) 1D convolution module of implementation `impl`.

    "native" is torch.nn.Conv1d; any other name is a conv1d_torch backend (imported only then).
    """
    if impl == "native":
        return nn.Conv1d(in_ch, out_ch, kernel, stride=1, padding=0, dilation=dilation, bias=bias)
    return ext.load().Conv1d(in_ch, out_ch, kernel, stride=1, padding=0, dilation=dilation, groups=1,
                             bias=bias, backend=impl)


class ConvUnit(nn.Module):
    """Same-padding, a convolution, optionally ReLU (AtacWorks's ConvAct1d without batch norm).

    bf16: the step's forward runs under torch.autocast("cpu", bfloat16). A native conv (nn.Conv1d) is cast
    by autocast. A conv1d_torch conv must get bf16 input and bf16 weights: with bf16_cast="autocast"
    (default) the module casts itself under autocast (conv1d_torch.Conv1d does: input to bf16, f32 master
    weight cast to the input's dtype) and this unit checks that the output is bf16; with "explicit" this
    unit casts the input and calls the conv with bf16 copies of its f32 master parameters
    (functional_call; gradients flow back to the f32 weights), for an extension that does not cast.
    """

    def __init__(self, in_ch, out_ch, kernel, dilation, impl, bias, relu):
        super().__init__()
        total = (kernel - 1) * dilation
        self.pad = (total // 2, total - total // 2)
        self.conv = make_conv(in_ch, out_ch, kernel, dilation, impl, bias)
        self.impl = impl
        self.relu = relu
        self.in_ch, self.out_ch, self.kernel, self.dilation = in_ch, out_ch, kernel, dilation
        self.bf16_cast = "autocast"

    def forward(self, x):
        if self.pad[0] or self.pad[1]:
            x = F.pad(x, self.pad)
        if self.impl != "native" and torch.is_autocast_cpu_enabled():
            dtype = torch.get_autocast_cpu_dtype()
            if self.bf16_cast == "explicit":
                x = x.to(dtype).contiguous()
                params = {name: p.to(dtype) for name, p in self.conv.named_parameters(recurse=False)}
                y = _functional_call(self.conv, params, (x,))
            else:
                y = self.conv(x.contiguous())
            if y.dtype != dtype:
                raise RuntimeError(f"{self.impl} conv returned {y.dtype} under {dtype} autocast: it does not "
                                   "cast itself; use bf16_cast='explicit' (--bf16-cast explicit)")
        else:
            y = self.conv(x.contiguous())
        return F.relu(y) if self.relu else y

    def extra_repr(self):
        return (f"{self.in_ch}->{self.out_ch}, kernel={self.kernel}, dilation={self.dilation}, "
                f"pad={self.pad}, impl={self.impl}, relu={self.relu}")


class ResBlock(nn.Module):
    def __init__(self, in_ch, out_ch, kernel, dilation, impl, bias):
        super().__init__()
        # AtacWorks: the input conv when the block starts a part (conv_input=True), identity otherwise;
        # the input conv never has a bias (ConvAct1d's default), whatever the block's convs have.
        self.conv_input = ConvUnit(in_ch, out_ch, 1, 1, impl, False, True) if in_ch != out_ch else None
        self.conv1 = ConvUnit(in_ch, out_ch, kernel, dilation, impl, bias, True)
        self.conv2 = ConvUnit(out_ch, out_ch, kernel, dilation, impl, bias, True)
        self.conv3 = ConvUnit(out_ch, out_ch, kernel, dilation, impl, bias, False)

    def forward(self, x):
        skip = self.conv_input(x) if self.conv_input is not None else x
        y = self.conv3(self.conv2(self.conv1(x)))
        return F.relu(y + skip)


class AtacWorksResNet(nn.Module):
    """DenoisingResNet: (N, in_channels, L) -> (denoised (N, L), peak probability (N, L))."""

    def __init__(self, impl="native", in_channels=1, channels=15, blocks=5, kernel=51, dilation=8,
                 channels_cla=15, blocks_cla=2, kernel_cla=51, dilation_cla=8, bf16_cast="autocast"):
        super().__init__()
        if bf16_cast not in BF16_CAST_MODES:
            raise ValueError(f"bf16_cast must be one of {BF16_CAST_MODES}")
        self.impl = impl
        self.res_blocks = nn.ModuleList(
            [ResBlock(in_channels if i == 0 else channels, channels, kernel, dilation, impl, False)
             for i in range(blocks)])
        self.regressor = ConvUnit(channels, 1, 1, 1, impl, False, True)
        self.res_blocks_class = nn.ModuleList(
            [ResBlock(1 if i == 0 else channels_cla, channels_cla, kernel_cla, dilation_cla, impl, True)
             for i in range(blocks_cla)])
        self.classifier = ConvUnit(channels_cla, 1, 1, 1, impl, True, False)
        self.set_bf16_cast(bf16_cast)

    def set_bf16_cast(self, mode):
        for unit in self.conv_units():
            unit.bf16_cast = mode

    def conv_units(self):
        """The ConvUnits in forward order."""
        return [m for m in self.modules() if isinstance(m, ConvUnit)]

    def conv_layers(self):
        """(name, ConvUnit) of every convolution, in the order the forward pass runs them."""
        order = []
        for part, blocks, head in (("reg", self.res_blocks, self.regressor),
                                   ("cla", self.res_blocks_class, self.classifier)):
            for b, block in enumerate(blocks):
                if block.conv_input is not None:
                    order.append((f"{part}.block{b}.conv_input", block.conv_input))
                for k in (1, 2, 3):
                    order.append((f"{part}.block{b}.conv{k}", getattr(block, f"conv{k}")))
            order.append(("regressor" if part == "reg" else "classifier", head))
        return order

    def forward(self, x):
        for block in self.res_blocks:
            x = block(x)
        x = self.regressor(x)
        denoised = x.squeeze(1)
        for block in self.res_blocks_class:
            x = block(x)
        # the sigmoid in f32 (under bf16 autocast too): the losses and metrics are computed in f32
        peaks = torch.sigmoid(self.classifier(x).squeeze(1).float())
        return denoised, peaks


def copy_weights(dst, src):
    """Give `dst` exactly `src`'s parameters (conv modules of different impls, same names and shapes)."""
    s = dict(src.named_parameters())
    d = dict(dst.named_parameters())
    if set(s) != set(d):
        raise ValueError(f"parameter names differ: {sorted(set(s) ^ set(d))[:6]}")
    with torch.no_grad():
        for name, p in d.items():
            if p.shape != s[name].shape:
                raise ValueError(f"{name}: shape {tuple(p.shape)} vs {tuple(s[name].shape)}")
            p.copy_(s[name])


def build_model(impl="native", seed=None, reference=None, **kwargs):
    """The network with convolutions of `impl`; its initial weights those of a native model built from
    `seed` (or copied from `reference`), so every implementation starts from the same point."""
    if reference is None:
        if seed is not None:
            torch.manual_seed(seed)
        reference = AtacWorksResNet("native", **{k: v for k, v in kwargs.items() if k != "bf16_cast"})
        if impl == "native":
            reference.set_bf16_cast(kwargs.get("bf16_cast", "autocast"))
            return reference
    model = AtacWorksResNet(impl, **kwargs)
    copy_weights(model, reference)
    return model
