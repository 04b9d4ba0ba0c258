#!/usr/bin/env python3
"""Cross-check `vggscope summary --format json` against torchinfo on random architectures.

The test suite pins the five reference configurations; this script checks ones nobody wrote
down: random block lists, odd and non-square inputs, batch > 1, batch norm, both heads, any
classifier widths. It needs torch and torchinfo (pip install torch torchinfo).

    python3 scripts/torchinfo_check.py --count 40 --seed 1 [--bin .build/release/vggscope]
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
from vggnet import Blocks, dims, network_args, torchinfo_problems, uniform_blocks  # noqa: E402


def build(spec):
    return Blocks(uniform_blocks(spec))


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
    args = [binary, "summary", "--format", "json", "--input", dims(spec["input"]), *network_args(uniform_blocks(spec))]
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
        mine = vggscope(a.bin, spec)
        problems = torchinfo_problems(ref, mine, names=False)
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
