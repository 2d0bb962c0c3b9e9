import unittest

import torch

import helpers  # noqa: F401  (sys.path)
from atacworks import ext
from atacworks.model import AtacWorksResNet, ConvUnit, build_model, make_conv

BIG = (51, 8)


class ModelTest(unittest.TestCase):
    def test_25_convolutions_as_atacworks(self):
        model = build_model("native", seed=0)
        layers = model.conv_layers()
        self.assertEqual(len(layers), 25)
        self.assertEqual(len([m for m in model.modules() if isinstance(m, torch.nn.Conv1d)]), 25)
        shapes = [(u.in_ch, u.out_ch, u.kernel, u.dilation) for _, u in layers]
        self.assertEqual(shapes.count((15, 15) + BIG), 19)
        self.assertEqual(shapes.count((1, 15) + BIG), 2)    # first conv of each part
        self.assertEqual(shapes.count((1, 15, 1, 1)), 2)    # the parts' 1x1 input convs
        self.assertEqual(shapes.count((15, 1, 1, 1)), 2)    # regressor, classifier
        names = [n for n, _ in layers]
        self.assertEqual(names[0], "reg.block0.conv_input")
        self.assertEqual(names[16], "regressor")
        self.assertEqual(names[-1], "classifier")
        # biases as AtacWorks: none in the regression part and the input convs; classification convs yes
        with_bias = {n for n, u in layers if u.conv.bias is not None}
        self.assertEqual(with_bias, {f"cla.block{b}.conv{k}" for b in (0, 1) for k in (1, 2, 3)} | {"classifier"})
        # every conv valid (padding 0), "same" padding done by F.pad
        for _, u in layers:
            self.assertEqual(u.conv.padding, (0,))
            self.assertEqual(sum(u.pad), (u.kernel - 1) * u.dilation)

    def test_output_shapes(self):
        model = build_model("native", seed=0)
        x = torch.rand(3, 1, 300)
        denoised, peaks = model(x)
        self.assertEqual(tuple(denoised.shape), (3, 300))
        self.assertEqual(tuple(peaks.shape), (3, 300))
        self.assertTrue(torch.all((peaks >= 0) & (peaks <= 1)))
        self.assertTrue(torch.all(denoised >= 0))  # the regressor ends in ReLU
        with torch.autocast("cpu", dtype=torch.bfloat16):
            d16, p16 = model(x)
        self.assertEqual(d16.dtype, torch.bfloat16)
        self.assertEqual(p16.dtype, torch.float32)

    def test_same_seed_same_weights(self):
        a, b = build_model("native", seed=3), build_model("native", seed=3)
        for (na, pa), (nb, pb) in zip(a.named_parameters(), b.named_parameters()):
            self.assertEqual(na, nb)
            self.assertTrue(torch.equal(pa, pb))

    def test_make_conv_native(self):
        conv = make_conv(15, 15, 51, 8, "native")
        self.assertIsInstance(conv, torch.nn.Conv1d)
        self.assertEqual((conv.padding, conv.dilation, conv.stride), ((0,), (8,), (1,)))

    def test_native_needs_no_extension(self):
        unit = ConvUnit(2, 3, 5, 2, "native", True, True)
        self.assertEqual(tuple(unit(torch.rand(1, 2, 20)).shape), (1, 3, 20))


@unittest.skipUnless(ext.available(), f"conv1d_torch not importable ({ext.load_error()}); build the torch_ext "
                                      "target (build/torch_ext) to run it")
class ExtensionModelTest(unittest.TestCase):
    """The network built on conv1d_torch's `direct` backend computes what the native one does."""

    def setUp(self):
        torch.manual_seed(0)
        self.reference = AtacWorksResNet("native")
        with torch.no_grad():  # small integers scaled by powers of two: exact in f32 in the first layers
            for p in self.reference.parameters():
                p.copy_(torch.randint(-2, 3, p.shape).float() / 64)
        self.x = torch.randint(0, 4, (2, 1, 500)).float()

    def test_direct_forward_equals_native(self):
        self.assertIn("direct", ext.backends("f32"))
        ours = build_model("direct", reference=self.reference)
        with torch.no_grad():
            nd, npk = self.reference(self.x)
            od, opk = ours(self.x)
        self.assertGreater(float(nd.abs().max()), 0)
        torch.testing.assert_close(od, nd, rtol=1e-4, atol=1e-4 * float(nd.abs().max()))
        torch.testing.assert_close(opk, npk, rtol=1e-4, atol=1e-5)

    def test_direct_bf16_forward_close_to_native_bf16(self):
        if "direct" not in ext.backends("bf16"):
            self.skipTest("direct does not run bf16 on this CPU")
        ours = build_model("direct", reference=self.reference)
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
            nd, _ = self.reference(self.x)
            od, _ = ours(self.x)
        self.assertEqual(od.dtype, torch.bfloat16)
        scale = float(nd.float().abs().max())
        torch.testing.assert_close(od.float(), nd.float(), rtol=0.05, atol=0.05 * scale)


if __name__ == "__main__":
    unittest.main()
