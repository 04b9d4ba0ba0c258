#!/usr/bin/env python3
"""Cross-check vggscope against torchinfo 1.8 on random networks of the paper's design space.

Two kinds, both through `vggscope summary --format json`:
- block lists with mixed kernels (1, 3, 5, 7) and LRN anywhere in a block (`--blocks 2x16+1x16k1,lrn+1x8k5`),
  random inputs, batch norm, both heads;
- layer lists (`--layers`) of convs with any odd kernel, stride and padding, max pools of any kernel and
  stride, LRN, BatchNorm, adaptive average pools, flatten, linear, dropout, ReLU.
Every row (module path, kind, output shape, params, MACs) and both totals must match. A network PyTorch
refuses must be refused by vggscope with a one-line message, and the other way round (except vggscope's one
stricter rule: a block conv wider than 3x3 on a smaller map).

    /work/venv/bin/python scripts/torchinfo_paper_check.py --count 40 --seed 1 [--bin .build/debug/vggscope]
    /work/venv/bin/python scripts/torchinfo_paper_check.py --count 40 --seed 21 --max-batch 4 --taller
"""
import argparse
import json
import random
import subprocess
import sys

import torch
from torch import nn
from torchinfo import summary


MAX_BATCH = 2          # --max-batch
NON_SQUARE_BOTH = False  # --taller: layer-list inputs may be taller than wide too


def lrn():
    return nn.LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=2.0)


class Blocks(nn.Module):
    """torchvision's VGG tree: features, [avgpool], flatten, classifier."""

    def __init__(self, spec):
        super().__init__()
        layers, c = [], spec["input"][1]
        for block in spec["blocks"]:
            for item in block:
                if item == "lrn":
                    layers.append(lrn())
                    continue
                k, width = item
                layers.append(nn.Conv2d(c, width, kernel_size=k, padding=k // 2))
                if spec["bn"]:
                    layers.append(nn.BatchNorm2d(width))
                layers.append(nn.ReLU(inplace=True))
                c = width
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        self.features = nn.Sequential(*layers)
        n, _, h, w = spec["input"]
        for _ in spec["blocks"]:
            h, w = h // 2, w // 2
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7)) if spec["head"] == "avgpool7" else None
        if self.avgpool is not None:
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
        if self.avgpool is not None:
            x = self.avgpool(x)
        return self.classifier(self.flatten(x))


def block_text(block):
    groups, run = [], None
    for item in block + [None]:
        if run and item != run[0]:
            k, c = run[0]
            groups.append(f"{run[1]}x{c}" + ("" if k == 3 else f"k{k}"))
            run = None
        if item == "lrn":
            groups.append("lrn")
        elif item is not None:
            run = (item, run[1] + 1) if run else (item, 1)
    return "+".join(groups)


def random_blocks(rng):
    nblocks = rng.randint(1, 4)
    lo = 2 ** nblocks
    blocks = []
    for _ in range(nblocks):
        block, width = [], rng.choice([4, 8, 16, 24])
        for _ in range(rng.randint(1, 4)):
            block.append("lrn" if rng.random() < 0.2 else (rng.choice([1, 3, 3, 5, 7]), width))
        if all(i == "lrn" for i in block):
            block.append((3, width))
        blocks.append(block)
    return {"kind": "blocks", "blocks": blocks,
            "input": [rng.randint(1, MAX_BATCH), rng.randint(1, 3), rng.randint(lo, lo * 8 + 5), rng.randint(lo, lo * 8 + 5)],
            "head": rng.choice(["avgpool7", "flatten"]), "fc": [rng.randint(1, 64) for _ in range(rng.randint(0, 2))],
            "classes": rng.randint(1, 20), "bn": rng.random() < 0.3}


def random_layers(rng):
    """A features part, an optional adaptive pool, flatten, then a classifier."""
    layers, n = [], rng.randint(1, 5)
    for _ in range(n):
        k = rng.choice([1, 3, 5, 7, 11])
        layers.append(f"conv {rng.choice([4, 8, 16])} k{k} s{rng.randint(1, 4)} p{rng.randint(0, k // 2)}")
        layers += rng.sample(["relu", "batchnorm", "lrn 5", f"lrn {rng.randint(1, 7)} alpha=0.001 beta=0.5 k=1.0"],
                             rng.randint(0, 2))
        if rng.random() < 0.6:
            pk = rng.randint(1, 4)
            layers.append(f"maxpool k{pk} s{rng.randint(1, pk)}")
    if rng.random() < 0.5:
        layers.append(f"avgpool {rng.randint(1, 7)}x{rng.randint(1, 7)}")
    layers.append("flatten")
    for _ in range(rng.randint(0, 2)):
        layers += [f"linear {rng.randint(1, 64)}", "relu", f"dropout {rng.choice([0.0, 0.25, 0.5])}"]
    layers.append(f"linear {rng.randint(1, 20)}")
    size = rng.randint(8, 96)
    return {"kind": "layers", "layers": layers,
            "input": [rng.randint(1, MAX_BATCH), rng.randint(1, 3), size, size + rng.randint(-9, 9) if NON_SQUARE_BOTH else size + rng.randint(0, 9)]}


def build_layers(spec):
    """The layer list in torchvision's tree: features.i, avgpool, flatten, classifier.j."""
    c = spec["input"][1]
    features, head, classifier, section = [], [], [], "features"
    for text in spec["layers"]:
        w = text.split()
        opts = {t[0]: int(t[1:]) for t in w[1:] if t[0] in "ksp" and t[1:].isdigit()}
        if w[0] == "conv":
            m = nn.Conv2d(c, int(w[1]), kernel_size=opts["k"], stride=opts.get("s", 1), padding=opts.get("p", 0))
            c = int(w[1])
        elif w[0] == "maxpool":
            m = nn.MaxPool2d(kernel_size=opts["k"], stride=opts.get("s", opts["k"]))
        elif w[0] == "lrn":
            kv = dict(t.split("=") for t in w[2:])
            m = nn.LocalResponseNorm(int(w[1]), alpha=float(kv.get("alpha", 1e-4)), beta=float(kv.get("beta", 0.75)),
                                     k=float(kv.get("k", 2.0)))
        elif w[0] == "batchnorm":
            m = nn.BatchNorm2d(c)
        elif w[0] == "relu":
            m = nn.ReLU()
        elif w[0] == "avgpool":
            h, ww = map(int, w[1].split("x"))
            m = nn.AdaptiveAvgPool2d((h, ww))
        elif w[0] == "flatten":
            m = nn.Flatten()
        elif w[0] == "dropout":
            m = nn.Dropout(float(w[1]))
        else:
            m = nn.LazyLinear(int(w[1]))
        if section == "features" and w[0] in ("avgpool", "flatten"):
            section = "head"
        elif section == "head" and w[0] not in ("avgpool", "flatten"):
            section = "classifier"
        {"features": features, "head": head, "classifier": classifier}[section].append(m)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(*features)
            for m in head:
                setattr(self, "avgpool" if isinstance(m, nn.AdaptiveAvgPool2d) else "flatten", m)
            self.order = ["avgpool" if isinstance(m, nn.AdaptiveAvgPool2d) else "flatten" for m in head]
            self.classifier = nn.Sequential(*classifier)

        def forward(self, x):
            x = self.features(x)
            for name in self.order:
                x = getattr(self, name)(x)
            return self.classifier(x)

    net = Net().eval()
    net(torch.zeros(*spec["input"]))  # materialise the lazy Linears
    return net


def path(info):
    names = []
    while info is not None and info.depth > 0:
        names.append(info.var_name)
        info = info.parent_info
    return ".".join(reversed(names))


def vggscope(binary, spec):
    args = [binary, "summary", "--format", "json", "--input", "x".join(map(str, spec["input"]))]
    if spec["kind"] == "blocks":
        args += ["--blocks", ",".join(block_text(b) for b in spec["blocks"]), "--head", spec["head"],
                 "--fc", ",".join(map(str, spec["fc"])) or "none", "--classes", str(spec["classes"]),
                 "--batch-norm" if spec["bn"] else "--no-batch-norm"]
    else:
        args += ["--layers", ", ".join(spec["layers"])]
    r = subprocess.run(args, capture_output=True, text=True)
    return (json.loads(r.stdout), None) if r.returncode == 0 else (None, r.stderr.strip())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default=".build/debug/vggscope")
    ap.add_argument("--max-batch", type=int, default=2, help="batch drawn from 1..N (2 keeps the published seeds)")
    ap.add_argument("--taller", action="store_true", help="layer-list inputs taller than wide as well as wider")
    a = ap.parse_args()
    global MAX_BATCH, NON_SQUARE_BOTH
    MAX_BATCH, NON_SQUARE_BOTH = a.max_batch, a.taller
    rng = random.Random(a.seed)
    failures = refused = 0
    for i in range(a.count):
        spec = random_blocks(rng) if i % 2 == 0 else random_layers(rng)
        mine, error = vggscope(a.bin, spec)
        try:
            model = Blocks(spec) if spec["kind"] == "blocks" else build_layers(spec)
            model.eval()  # inference: BatchNorm on a 1x1 map is fine
            ref = summary(model, input_size=tuple(spec["input"]), verbose=0, depth=10)
            torch_error = None
        except Exception as e:  # PyTorch refuses the shapes
            ref, torch_error = None, str(e).split("\n")[0][:100]
        problems = []
        if torch_error or error:
            refused += 1
            stricter = error and "larger than its" in error and spec["kind"] == "blocks"
            if bool(torch_error) != bool(error) and not stricter:
                problems.append(f"PyTorch: {torch_error or 'accepts'} / vggscope: {error or 'accepts'}")
            if error and ("\n" in error or not error.startswith("vggscope: error: ")):
                problems.append(f"not a one-line message: {error!r}")
        else:
            leaves = [l for l in ref.summary_list if l.is_leaf_layer]
            if len(leaves) != len(mine["layers"]):
                problems.append(f"{len(leaves)} torchinfo layers vs {len(mine['layers'])}")
            for l, m in zip(leaves, mine["layers"]):
                got = (m["name"], m["kind"], m["output_shape"], m["params"], m["macs"])
                want = (path(l), l.class_name, list(l.output_size), l.num_params, l.macs)
                if got != want:
                    problems.append(f"vggscope {got} torchinfo {want}")
            if (mine["totals"]["params"], mine["totals"]["macs"]) != (ref.total_params, ref.total_mult_adds):
                problems.append(f"totals: vggscope {mine['totals']['params']}/{mine['totals']['macs']} "
                                f"torchinfo {ref.total_params}/{ref.total_mult_adds}")
        status = "ok" if not problems else "MISMATCH"
        print(f"{i + 1:3d} {status:8s} {json.dumps(spec)}" + (f"\n       refused: {error or torch_error}" if error or torch_error else ""))
        for p in problems[:5]:
            print("      ", p)
        failures += bool(problems)
    print(f"{a.count - failures} passed ({refused} refused by both), {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    torch.set_grad_enabled(False)
    main()
