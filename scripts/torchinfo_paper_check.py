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
import os
import random
import subprocess
import sys

import torch
from torchinfo import summary

sys.path.insert(0, os.path.dirname(__file__))
from vggnet import build, dims, network_args, torchinfo_problems  # noqa: E402


MAX_BATCH = 2          # --max-batch
NON_SQUARE_BOTH = False  # --taller: layer-list inputs may be taller than wide too


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


def vggscope(binary, spec):
    r = subprocess.run([binary, "summary", "--format", "json", "--input", dims(spec["input"]), *network_args(spec)],
                       capture_output=True, text=True)
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
            model = build(spec)
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
            problems += torchinfo_problems(ref, mine)
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
