#!/usr/bin/env python3
"""Check `vggscope run` against PyTorch on random architectures and weights.

For each random spec (block lists, odd/non-square inputs, batch 1-2, batch norm with random
running statistics, both heads, any classifier widths) it builds the model in PyTorch (eval
mode), saves its state_dict as .safetensors in torchvision's key layout and a random input as
.npy, runs `vggscope run --weights W --input-file X --output Y`, and compares the logits.
Needs torch, torchinfo's sibling script and safetensors (pip install torch safetensors).

    python3 scripts/pytorch_forward_check.py --count 12 --seed 3 [--bin .build/release/vggscope]
    python3 scripts/pytorch_forward_check.py --full     # VGG-16 and VGG-11-BN at 2x3x224x224, top-5 too
    python3 scripts/pytorch_forward_check.py --paper    # presets d2l-vgg11, alexnet, d2l-alexnet, vgg-c, vgg-a-lrn at batch 2
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from torchinfo_check import build, random_spec  # noqa: E402
from vggnet import dims, network_args, randomize_batch_norm, relative_error, save_case, uniform_blocks  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--bin", default=".build/release/vggscope")
    ap.add_argument("--tolerance", type=float, default=1e-3)
    ap.add_argument("--conv-algo", default="auto")
    ap.add_argument("--full", action="store_true", help="full-size VGG-16 and VGG-11-BN at batch 2 instead of random specs")
    ap.add_argument("--paper", action="store_true",
                    help="full-size presets d2l-vgg11, alexnet, d2l-alexnet, vgg-c, vgg-a-lrn at batch 2 (weights in their own key layouts)")
    a = ap.parse_args()
    if a.paper:
        sys.exit(paper_checks(a))
    rng = random.Random(a.seed)
    torch.manual_seed(a.seed)
    full = [
        {"blocks": [[2, 64], [2, 128], [3, 256], [3, 512], [3, 512]], "input": [2, 3, 224, 224], "head": "avgpool7",
         "fc": [4096, 4096], "classes": 1000, "bn": False},
        {"blocks": [[1, 64], [1, 128], [2, 256], [2, 512], [2, 512]], "input": [2, 3, 224, 224], "head": "avgpool7",
         "fc": [4096, 4096], "classes": 1000, "bn": True},
    ]
    if a.full:
        a.count = len(full)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(a.count):
            if a.full:
                spec = full[i]
            else:
                spec = random_spec(rng)
                spec["input"][0] = rng.randint(1, 2)
            model = build(spec).eval()
            randomize_batch_norm(model)
            with torch.no_grad():
                x = torch.randn(*spec["input"])
                ref = model(x).numpy()
            w = os.path.join(tmp, f"m{i}.safetensors")
            xin, yout = os.path.join(tmp, f"x{i}.npy"), os.path.join(tmp, f"y{i}.npy")
            save_case(model, x, w, xin)
            args = [a.bin, "run", *network_args(uniform_blocks(spec)), "--input", dims(spec["input"]), "--weights", w,
                    "--input-file", xin, "--output", yout, "--conv-algo", a.conv_algo]
            r = subprocess.run(args, capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{i + 1:3d} FAILED   {spec}\n      {r.stderr.strip()}")
                failures += 1
                continue
            got = np.load(yout)
            err = relative_error(got, ref)
            ok = got.shape == ref.shape and err <= a.tolerance
            top5 = ""
            if a.full and got.shape == ref.shape:
                same = same_top5(got, ref)
                ok = ok and same
                top5 = f"  top-5 {'identical' if same else 'DIFFERENT'} for all {ref.shape[0]} items"
            failures += not ok
            print(f"{i + 1:3d} {'ok' if ok else 'MISMATCH':8s} rel err {err:.2e}{top5}  {spec}")
    print(f"{a.count - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


def same_top5(got, ref):
    """Every item's five highest logits in the same order."""
    return all(list(np.argsort(-got[b])[:5]) == list(np.argsort(-ref[b])[:5]) for b in range(ref.shape[0]))


def paper_models():
    """(preset, model, input shape): PyTorch's own layouts, so the state_dict keys are torchvision's or d2l's."""
    import torchvision
    from torch import nn

    def vgg(blocks, lrn_after_first=False):
        layers, c = [], 3
        for b, block in enumerate(blocks):
            for i, (k, width) in enumerate(block):
                layers += [nn.Conv2d(c, width, k, padding=k // 2), nn.ReLU(inplace=True)]
                if lrn_after_first and b == 0 and i == 0:
                    layers.append(nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0))
                c = width
            layers.append(nn.MaxPool2d(2, 2))
        return torchvision.models.vgg.VGG(nn.Sequential(*layers), num_classes=1000, init_weights=True)

    class D2lAlexNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = nn.Sequential(
                nn.Conv2d(1, 96, 11, stride=4, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2),
                nn.Conv2d(96, 256, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2),
                nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(), nn.Conv2d(384, 384, 3, padding=1), nn.ReLU(),
                nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2), nn.Flatten(),
                nn.Linear(6400, 4096), nn.ReLU(), nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),
                nn.Linear(4096, 10))

        def forward(self, x):
            return self.net(x)

    class D2lVGG(nn.Module):
        """d2l's VGG-11 (chapter 8.2): one nn.Sequential per block inside self.net (keys net.{block}.{layer})."""

        def __init__(self, arch=((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))):
            super().__init__()
            blocks, c = [], 1
            for convs, width in arch:
                layers = []
                for _ in range(convs):
                    layers += [nn.Conv2d(c, width, 3, padding=1), nn.ReLU()]
                    c = width
                blocks.append(nn.Sequential(*layers, nn.MaxPool2d(2, 2)))
            self.net = nn.Sequential(*blocks, nn.Flatten(), nn.Linear(c * 49, 4096), nn.ReLU(), nn.Dropout(0.5),
                                     nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5), nn.Linear(4096, 10))

        def forward(self, x):
            return self.net(x)

    c3 = lambda w: [(3, w)]
    return [
        ("d2l-vgg11", D2lVGG(), [2, 1, 224, 224]),
        ("alexnet", torchvision.models.alexnet(), [2, 3, 224, 224]),
        ("d2l-alexnet", D2lAlexNet(), [2, 1, 224, 224]),
        ("vgg-c", vgg([c3(64) * 2, c3(128) * 2, [(3, 256), (3, 256), (1, 256)], [(3, 512), (3, 512), (1, 512)],
                       [(3, 512), (3, 512), (1, 512)]]), [2, 3, 224, 224]),
        ("vgg-a-lrn", vgg([c3(64), c3(128), [(3, 256)] * 2, [(3, 512)] * 2, [(3, 512)] * 2], lrn_after_first=True),
         [2, 3, 224, 224]),
    ]


def paper_checks(a):
    """Runs each paper preset through `vggscope run PRESET` with PyTorch's weights; prints the max error relative to
    the largest logit and whether the top-5 agree."""
    failures = 0
    torch.manual_seed(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        for preset, model, shape in paper_models():
            model = model.eval()
            with torch.no_grad():
                for m in model.modules():
                    # He init, so activations (and the LRN's alpha term) keep their scale through the network.
                    if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
                        torch.nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                        m.bias.uniform_(-0.1, 0.1)
                x = torch.randn(*shape) * 10
                ref = model(x).numpy()
            w = os.path.join(tmp, f"{preset}.safetensors")
            xin, yout = os.path.join(tmp, f"{preset}.x.npy"), os.path.join(tmp, f"{preset}.y.npy")
            save_case(model, x, w, xin)
            r = subprocess.run([a.bin, "run", preset, "--input", dims(shape), "--weights", w,
                                "--input-file", xin, "--output", yout, "--conv-algo", a.conv_algo],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{preset:12s} FAILED  {r.stderr.strip()}")
                failures += 1
                continue
            got = np.load(yout)
            err = relative_error(got, ref)
            same = got.shape == ref.shape and same_top5(got, ref)
            ok = got.shape == ref.shape and err <= a.tolerance and same
            failures += not ok
            print(f"{preset:12s} {'ok' if ok else 'MISMATCH':8s} max |error| / max |logit| = {err:.2e}, "
                  f"top-5 {'identical' if same else 'DIFFERENT'} for both items  ({sum(p.numel() for p in model.parameters()):,} params)")
    return 1 if failures else 0


if __name__ == "__main__":
    main()
