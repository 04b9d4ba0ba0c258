#!/usr/bin/env python3
"""`vggscope run` against PyTorch's forward pass on random networks of the paper's design space.

The networks are torchinfo_paper_check.py's: mixed-kernel blocks with LRN (`--blocks`) and layer lists
(`--layers`: strided convs of any odd kernel and padding, overlapping pools, LRN, BatchNorm with random running
statistics, adaptive average pools to sizes that do not divide the map). Weights are saved in torchvision's key
layout, the input as .npy; the logits must agree to a relative tolerance. Networks PyTorch refuses are skipped.

    /work/venv/bin/python scripts/paper_forward_random.py --count 30 --seed 5 [--bin .build/debug/vggscope]
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
from torchinfo_paper_check import random_blocks, random_layers  # noqa: E402
from vggnet import build, dims, network_args, randomize_batch_norm, relative_error, save_case  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--bin", default=".build/debug/vggscope")
    ap.add_argument("--tolerance", type=float, default=1e-3)
    ap.add_argument("--conv-algo", default="auto")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    torch.manual_seed(a.seed)
    failures = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(a.count):
            spec = random_blocks(rng) if i % 2 == 0 else random_layers(rng)
            try:
                model = build(spec).eval()
                randomize_batch_norm(model)
                with torch.no_grad():
                    x = torch.randn(*spec["input"])
                    ref = model(x).numpy()
            except Exception as e:
                skipped += 1
                print(f"{i + 1:3d} skipped  (PyTorch: {str(e).splitlines()[0][:80]})")
                continue
            w, xin, yout = (os.path.join(tmp, f"{i}{n}") for n in ("m.safetensors", "x.npy", "y.npy"))
            save_case(model, x, w, xin)
            shape, size = network_args(spec), dims(spec["input"])
            args = [a.bin, "run", *shape, "--input", size, "--weights", w, "--input-file", xin, "--output", yout,
                    "--conv-algo", a.conv_algo]
            r = subprocess.run(args, capture_output=True, text=True)
            label = " ".join(shape[:2]) + f" --input {size}"
            if r.returncode != 0 and "larger than its" in r.stderr and spec["kind"] == "blocks":
                skipped += 1  # vggscope's one stricter rule: a block conv wider than 3x3 on a smaller map
                print(f"{i + 1:3d} skipped  (vggscope: {r.stderr.strip()[17:97]})")
                continue
            if r.returncode != 0:
                print(f"{i + 1:3d} FAILED   {label}\n       {r.stderr.strip()}")
                failures += 1
                continue
            got = np.load(yout)
            err = relative_error(got, ref)
            ok = got.shape == ref.shape and err <= a.tolerance and np.isfinite(got).all()
            print(f"{i + 1:3d} {'ok' if ok else 'MISMATCH':8s} err {err:.2e}  {label}")
            failures += not ok
    print(f"{a.count - failures - skipped} passed, {skipped} skipped (refused), {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
