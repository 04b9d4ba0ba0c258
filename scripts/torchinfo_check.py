#!/usr/bin/env python3
"""Cross-check `vggscope summary --format json` against torchinfo on random architectures.

The test suite pins the five reference configurations; this script checks ones nobody wrote
down: random block lists, odd and non-square inputs, batch > 1, batch norm, both heads, any
classifier widths. It needs torch and torchinfo (pip install torch torchinfo).

    python3 scripts/torchinfo_check.py --count 40 --seed 1 [--bin .build/release/vggscope]
"""
import argparse
import json
import random
import subprocess
import sys

import torch
from torch import nn
from torchinfo import summary


def build(spec):
    layers, c = [], spec["input"][1]
    for convs, ch in spec["blocks"]:
        for _ in range(convs):
            layers.append(nn.Conv2d(c, ch, kernel_size=3, padding=1))
            if spec["bn"]:
                layers.append(nn.BatchNorm2d(ch))
            layers.append(nn.ReLU(inplace=True))
            c = ch
        layers.append(nn.MaxPool2d(kernel_size=2, stride=2))

    class VGG(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(*layers)
            n, _, h, w = spec["input"]
            for _ in spec["blocks"]:
                h, w = h // 2, w // 2
            if spec["head"] == "avgpool7":
                self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
                h = w = 7
            self.flatten = nn.Flatten()
            cls, f = [], c * h * w
            for width in spec["fc"]:
                cls += [nn.Linear(f, width), nn.ReLU(True), nn.Dropout(0.5)]
                f = width
            cls.append(nn.Linear(f, spec["classes"]))
            self.classifier = nn.Sequential(*cls)

        def forward(self, x):
            x = self.features(x)
            if hasattr(self, "avgpool"):
                x = self.avgpool(x)
            return self.classifier(self.flatten(x))

    return VGG()


def random_spec(rng):
    nblocks = rng.randint(1, 5)
    lo = 2 ** nblocks
    return {
        "blocks": [[rng.randint(1, 3), rng.randint(1, 80)] for _ in range(nblocks)],
        "input": [rng.randint(1, 3), rng.randint(1, 4), rng.randint(lo, lo * 4 + 5), rng.randint(lo, lo * 4 + 5)],
        "head": rng.choice(["avgpool7", "flatten"]),
        "fc": [rng.randint(1, 300) for _ in range(rng.randint(0, 2))],
        "classes": rng.randint(1, 40),
        "bn": rng.random() < 0.5,
    }


def vggscope(binary, spec):
    args = [binary, "summary", "--format", "json",
            "--blocks", ",".join(f"{a}x{b}" for a, b in spec["blocks"]),
            "--input", "x".join(map(str, spec["input"])),
            "--head", spec["head"], "--fc", ",".join(map(str, spec["fc"])) or "none",
            "--classes", str(spec["classes"]), "--batch-norm" if spec["bn"] else "--no-batch-norm"]
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default=".build/debug/vggscope")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    failures = 0
    for i in range(a.count):
        spec = random_spec(rng)
        ref = summary(build(spec), input_size=tuple(spec["input"]), verbose=0)
        leaves = [l for l in ref.summary_list if l.is_leaf_layer]
        mine = vggscope(a.bin, spec)
        problems = []
        if len(leaves) != len(mine["layers"]):
            problems.append(f"{len(leaves)} torchinfo layers vs {len(mine['layers'])}")
        for l, m in zip(leaves, mine["layers"]):
            got = (m["kind"], m["output_shape"], m["params"], m["macs"])
            want = (l.class_name, list(l.output_size), l.num_params, l.macs)
            if got != want:
                problems.append(f"{m['name']}: vggscope {got} torchinfo {want}")
        if mine["totals"]["params"] != ref.total_params or mine["totals"]["macs"] != ref.total_mult_adds:
            problems.append(f"totals: vggscope {mine['totals']['params']}/{mine['totals']['macs']} "
                            f"torchinfo {ref.total_params}/{ref.total_mult_adds}")
        status = "ok" if not problems else "MISMATCH"
        print(f"{i + 1:3d} {status:8s} {json.dumps(spec)}")
        for p in problems[:5]:
            print("      ", p)
        failures += bool(problems)
    print(f"{a.count - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    torch.set_grad_enabled(False)
    main()
