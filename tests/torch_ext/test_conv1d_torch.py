"""The PyTorch extension (torch_ext/): every backend this CPU runs, against nn.Conv1d's own results.

Integer data make every sum exact in float32, so forward and both gradients must equal PyTorch's bit for bit
(bf16: PyTorch's float32 result rounded once to bf16, which is what a bf16 layer with float32 accumulation
returns). Random data are compared within the tolerances stated in torch_ext/README.md. Run with the build's
package on the path: PYTHONPATH=build/torch_ext /usr/bin/python3 -m unittest discover -s tests/torch_ext
"""
import os
import subprocess
import sys
import unittest

import torch
import torch.nn.functional as F

import conv1d_torch

torch.set_num_threads(2)

# (N, C, K, W, S, d): edge shapes (one channel, one filter, S = 1, dilation wider than a block, odd sizes,
# an output of width 1) and the AtacWorks layer at a moderate width.
SHAPES = [
    (1, 1, 1, 9, 3, 1),
    (2, 3, 5, 40, 1, 1),
    (2, 15, 15, 1000, 51, 8),
    (1, 7, 9, 140, 5, 33),
    (3, 16, 1, 64, 4, 3),
    (2, 1, 15, 300, 51, 2),
    (1, 5, 4, 11, 6, 2),  # output width 1
]
TYPES = [torch.float32, torch.bfloat16]


def integers(shape, generator, low=-3, high=4):
    return torch.randint(low, high, shape, generator=generator).float()


def reference(x, w, dilation, grad, dtype):
    """nn.Conv1d's forward and gradients in float32 on the same values, rounded once to `dtype`."""
    x = x.detach().float().clone().requires_grad_()
    w = w.detach().float().clone().requires_grad_()
    y = F.conv1d(x, w, dilation=dilation)
    y.backward(grad.float())
    return y.detach().to(dtype), x.grad.to(dtype), w.grad.to(dtype)


def ours(x, w, dilation, grad, backend):
    x = x.detach().clone().requires_grad_()
    w = w.detach().clone().requires_grad_()
    y = conv1d_torch.conv1d(x, w, dilation, backend)
    y.backward(grad)
    return y.detach(), x.grad, w.grad


class IntegerDataEqualsPyTorch(unittest.TestCase):
    def test_every_backend_every_shape_forward_and_both_gradients(self):
        g = torch.Generator().manual_seed(1)
        for dtype in TYPES:
            names = conv1d_torch.backends(dtype)
            for N, C, K, W, S, d in SHAPES:
                Q = W - (S - 1) * d
                x = integers((N, C, W), g).to(dtype)
                w = integers((K, C, S), g).to(dtype)
                dy = integers((N, K, Q), g).to(dtype)
                expected = reference(x, w, d, dy, dtype)
                for name in names:
                    with self.subTest(backend=name, dtype=dtype, shape=(N, C, K, W, S, d)):
                        got = ours(x, w, d, dy, name)
                        for what, a, b in zip(("forward", "grad input", "grad weight"), got, expected):
                            self.assertEqual(a.dtype, dtype, what)
                            self.assertTrue(torch.equal(a, b), f"{what}: max |diff| {(a.float() - b.float()).abs().max()}")

    def test_module_is_a_drop_in_for_nn_conv1d(self):
        """Same parameters (state dict), same forward and gradients as nn.Conv1d, bias included."""
        g = torch.Generator().manual_seed(2)
        native = torch.nn.Conv1d(6, 4, 5, dilation=3)
        with torch.no_grad():
            native.weight.copy_(integers(native.weight.shape, g))
            native.bias.copy_(integers(native.bias.shape, g))
        x = integers((2, 6, 50), g)
        dy = integers((2, 4, 38), g)
        for name in conv1d_torch.backends(torch.float32):
            with self.subTest(backend=name):
                layer = conv1d_torch.Conv1d(6, 4, 5, dilation=3, backend=name)
                layer.load_state_dict(native.state_dict())
                outs = []
                for module in (native, layer):
                    module.zero_grad()
                    xi = x.clone().requires_grad_()
                    y = module(xi)
                    y.backward(dy)
                    outs.append((y.detach(), xi.grad, module.weight.grad.clone(), module.bias.grad.clone()))
                for a, b in zip(*outs):
                    self.assertTrue(torch.equal(a, b))

    def test_bf16_layer_trains_float32_master_weights(self):
        """A float32 module fed bf16 (or under bf16 autocast) runs the bf16 kernels; its weight gradient
        arrives in float32."""
        g = torch.Generator().manual_seed(3)
        names = conv1d_torch.backends(torch.bfloat16)
        if not names:
            self.skipTest("no backend runs bf16 on this CPU")
        layer = conv1d_torch.Conv1d(4, 3, 3, dilation=2, bias=False, backend=names[0])
        with torch.no_grad():
            layer.weight.copy_(integers(layer.weight.shape, g))
        x = integers((2, 4, 20), g)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            y = layer(x)
        self.assertEqual(y.dtype, torch.bfloat16)
        dy = integers(y.shape, g).to(torch.bfloat16)
        y.backward(dy)
        self.assertEqual(layer.weight.grad.dtype, torch.float32)
        expected = reference(x.to(torch.bfloat16), layer.weight.detach().to(torch.bfloat16), 2, dy, torch.bfloat16)
        self.assertTrue(torch.equal(y.detach(), expected[0]))
        self.assertTrue(torch.equal(layer.weight.grad, expected[2].float()))


class RandomDataWithinTolerance(unittest.TestCase):
    def test_random_normal_data(self):
        g = torch.Generator().manual_seed(4)
        # f32: the order of the float32 sums differs from PyTorch's; bf16: one rounding to 8 bits of mantissa.
        tolerance = {torch.float32: dict(rtol=1e-4, atol=1e-4), torch.bfloat16: dict(rtol=1.6e-2, atol=1e-2)}
        for dtype in TYPES:
            for N, C, K, W, S, d in SHAPES[:4]:
                Q = W - (S - 1) * d
                x = torch.randn((N, C, W), generator=g).to(dtype)
                w = (torch.randn((K, C, S), generator=g) / (C * S) ** 0.5).to(dtype)
                dy = torch.randn((N, K, Q), generator=g).to(dtype)
                expected = reference(x, w, d, dy, torch.float32)
                for name in conv1d_torch.backends(dtype):
                    with self.subTest(backend=name, dtype=dtype, shape=(N, C, K, W, S, d)):
                        for a, b in zip(ours(x, w, d, dy, name), expected):
                            torch.testing.assert_close(a.float(), b, **tolerance[dtype])


class Gradcheck(unittest.TestCase):
    def test_gradcheck_in_float64_through_the_reference(self):
        g = torch.Generator().manual_seed(5)
        for N, C, K, W, S, d in [(2, 3, 2, 12, 3, 2), (1, 1, 3, 7, 1, 1), (1, 2, 2, 9, 4, 2)]:
            x = torch.randn((N, C, W), generator=g, dtype=torch.float64, requires_grad=True)
            w = torch.randn((K, C, S), generator=g, dtype=torch.float64, requires_grad=True)
            self.assertTrue(torch.autograd.gradcheck(lambda a, b: conv1d_torch.conv1d(a, b, d, "ref"), (x, w)))

    def test_float64_only_on_the_reference(self):
        x = torch.zeros((1, 2, 8), dtype=torch.float64)
        w = torch.zeros((2, 2, 3), dtype=torch.float64)
        with self.assertRaisesRegex(ValueError, "float64 runs only on the backend 'ref'"):
            conv1d_torch.conv1d(x, w, 1, "direct")


class PlansAreCached(unittest.TestCase):
    def test_a_second_step_makes_no_plan_and_uses_the_new_data(self):
        g = torch.Generator().manual_seed(6)
        for name in conv1d_torch.backends(torch.float32):
            with self.subTest(backend=name):
                conv1d_torch.clear_plans()
                conv1d_torch.reset_conv_stats()
                for step in range(3):
                    x = integers((2, 5, 70), g)
                    w = integers((6, 5, 7), g)
                    dy = integers((2, 6, 58), g)
                    got = ours(x, w, 2, dy, name)
                    for a, b in zip(got, reference(x, w, 2, dy, torch.float32)):
                        self.assertTrue(torch.equal(a, b), f"step {step}")
                    if step == 0:
                        plans = conv1d_torch.conv_stats()["plans"]
                stats = conv1d_torch.conv_stats()
                self.assertEqual(plans, 3)  # one per pass
                self.assertEqual(stats["plans"], 3)
                self.assertEqual((stats["fwd_calls"], stats["bwd_data_calls"], stats["bwd_weight_calls"]), (3, 3, 3))
                self.assertGreater(stats["total_s"], 0)


class Refusals(unittest.TestCase):
    def test_what_the_layer_is_not_is_refused_with_a_clear_exception(self):
        for kwargs, pattern in [
            (dict(stride=2), "stride must be 1"),
            (dict(padding=1), "padding must be 0"),
            (dict(padding="same"), "padding must be 0"),
            (dict(groups=2), "groups must be 1"),
        ]:
            with self.subTest(**kwargs), self.assertRaisesRegex(ValueError, pattern):
                conv1d_torch.Conv1d(4, 4, 3, backend="direct", **kwargs)
        with self.assertRaisesRegex(Exception, "unknown backend.*direct"):
            conv1d_torch.Conv1d(4, 4, 3, backend="cudnn")
        layer = conv1d_torch.Conv1d(4, 4, 3, backend=conv1d_torch.backends()[0])
        with self.assertRaisesRegex(ValueError, "contiguous"):
            layer(torch.zeros((2, 20, 4)).transpose(1, 2))
        with self.assertRaisesRegex(TypeError, "float32 or bfloat16"):
            layer(torch.zeros((2, 4, 20), dtype=torch.float16))
        with self.assertRaisesRegex(ValueError, "smaller than the dilated filter"):
            layer(torch.zeros((2, 4, 2)))
        with self.assertRaisesRegex(ValueError, "input channels"):
            layer(torch.zeros((2, 3, 20)))
        with self.assertRaisesRegex(ValueError, "contiguous"):
            conv1d_torch.conv1d(torch.zeros((2, 20, 4)).transpose(1, 2), torch.zeros((4, 4, 3)), 1, "direct")

    def test_a_cpu_lacking_the_isa_is_refused_with_the_reason(self):
        """As a Cascade Lake-like node (no AVX512-BF16, no AMX): bf16 on our bf16 backends is refused, not run."""
        code = (
            "import torch, conv1d_torch\n"
            "assert 'amx' not in conv1d_torch.backends(torch.bfloat16)\n"
            "x = torch.zeros((1, 2, 8), dtype=torch.bfloat16); w = torch.zeros((2, 2, 3), dtype=torch.bfloat16)\n"
            "for name in ('direct', 'amx'):\n"
            "    try:\n"
            "        conv1d_torch.conv1d(x, w, 1, name)\n"
            "    except RuntimeError as e:\n"
            "        assert 'lacks' in str(e), str(e)\n"
            "    else:\n"
            "        raise SystemExit(name + ' ran bf16 without AVX512-BF16')\n"
            "print('refused')\n"
        )
        env = dict(os.environ, CONV1D_DISABLE_ISA="avx512_bf16,amx_bf16")
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        self.assertIn("refused", done.stdout)


if __name__ == "__main__":
    unittest.main()
