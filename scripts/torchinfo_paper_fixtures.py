#!/usr/bin/env python3
"""Build the paper's presets in PyTorch and write torchinfo 1.8's view of each as a small JSON fixture.

For every preset: torchinfo's leaf rows in forward order (module path, PyTorch class, output shape,
params, MACs) and its totals (params, mult-adds, param bytes, forward/backward bytes). The Swift tests
(Tests/VGGCoreTests/PaperTorchinfoTests.swift) check vggscope's summary of the same preset row by row.

The models follow the presets' module trees, so the module paths are the state_dict prefixes:
- vgg-a ... vgg-e: torchvision's VGG layout (features.i, avgpool, flatten, classifier.j), built from
  Table 1 (A-LRN: LocalResponseNorm(5, 1e-4, 0.75, 2) after the first ReLU; C: a 1x1 conv, padding 0,
  ends blocks 3-5). A, B, D, E are checked against torchvision's own vgg11/13/16/19 parameter counts.
- alexnet: torchvision.models.alexnet's modules; its forward's torch.flatten becomes an nn.Flatten
  named `flatten` (no parameters), as vggscope shows every VGG's flatten.
- d2l-alexnet: d2l.ai's nn.Sequential `net` (chapter 8.1), 1x224x224 input, 10 classes.

    /work/venv/bin/python scripts/torchinfo_paper_fixtures.py [--out Tests/VGGCoreTests/Fixtures/torchinfo_paper.json]
"""
import argparse
import json
import os
import sys

import torchinfo
import torchvision
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
from vggnet import Blocks, path  # noqa: E402

TABLE1 = {
    "vgg-a": [[(3, 64)], [(3, 128)], [(3, 256)] * 2, [(3, 512)] * 2, [(3, 512)] * 2],
    "vgg-a-lrn": [[(3, 64), "lrn"], [(3, 128)], [(3, 256)] * 2, [(3, 512)] * 2, [(3, 512)] * 2],
    "vgg-b": [[(3, 64)] * 2, [(3, 128)] * 2, [(3, 256)] * 2, [(3, 512)] * 2, [(3, 512)] * 2],
    "vgg-c": [[(3, 64)] * 2, [(3, 128)] * 2, [(3, 256)] * 2 + [(1, 256)], [(3, 512)] * 2 + [(1, 512)],
              [(3, 512)] * 2 + [(1, 512)]],
    "vgg-d": [[(3, 64)] * 2, [(3, 128)] * 2, [(3, 256)] * 3, [(3, 512)] * 3, [(3, 512)] * 3],
    "vgg-e": [[(3, 64)] * 2, [(3, 128)] * 2, [(3, 256)] * 4, [(3, 512)] * 4, [(3, 512)] * 4],
}
TORCHVISION_TWIN = {"vgg-a": "vgg11", "vgg-b": "vgg13", "vgg-d": "vgg16", "vgg-e": "vgg19"}


def paper(blocks):
    """torchvision's VGG module tree (Flatten as a module) for Table 1's blocks, 3 input channels, 1000 classes."""
    return Blocks({"input": [1, 3, 224, 224], "blocks": blocks, "bn": False, "head": "avgpool7", "fc": [4096, 4096],
                   "classes": 1000})


class AlexNet(nn.Module):
    """torchvision's alexnet() modules; Flatten as a module between avgpool and classifier."""

    def __init__(self):
        super().__init__()
        tv = torchvision.models.alexnet()
        self.features, self.avgpool, self.classifier = tv.features, tv.avgpool, tv.classifier
        self.flatten = nn.Flatten()

    def forward(self, x):
        return self.classifier(self.flatten(self.avgpool(self.features(x))))


class D2LAlexNet(nn.Module):
    """d2l.ai's AlexNet (LazyConv2d/LazyLinear spelled out with their inferred inputs)."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 96, kernel_size=11, stride=4, padding=1), nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(96, 256, kernel_size=5, padding=2), nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(256, 384, kernel_size=3, padding=1), nn.ReLU(),
            nn.Conv2d(384, 384, kernel_size=3, padding=1), nn.ReLU(),
            nn.Conv2d(384, 256, kernel_size=3, padding=1), nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2), nn.Flatten(),
            nn.Linear(6400, 4096), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(4096, num_classes))

    def forward(self, x):
        return self.net(x)


def fixture(model, input_size):
    stats = torchinfo.summary(model, input_size=input_size, verbose=0, depth=10)
    rows = [{"name": path(l), "kind": l.class_name, "output": list(l.output_size), "params": l.num_params,
             "macs": l.macs} for l in stats.summary_list if l.is_leaf_layer]
    return {
        "input": list(input_size),
        "total_params": stats.total_params,
        "total_mult_adds": stats.total_mult_adds,
        "param_bytes": stats.total_param_bytes,
        "output_bytes": stats.total_output_bytes,
        "layers": rows,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="Tests/VGGCoreTests/Fixtures/torchinfo_paper.json")
    args = ap.parse_args()
    out = {}
    for name, blocks in TABLE1.items():
        model = paper(blocks)
        if name in TORCHVISION_TWIN:
            twin = getattr(torchvision.models, TORCHVISION_TWIN[name])()
            assert [tuple(p.shape) for p in twin.parameters()] == [tuple(p.shape) for p in model.parameters()], name
            assert list(twin.state_dict()) == list(model.state_dict()), name
        out[name] = fixture(model, (1, 3, 224, 224))
    alex = AlexNet()
    assert sum(p.numel() for p in alex.parameters()) == 61_100_840
    assert list(alex.state_dict()) == list(torchvision.models.alexnet().state_dict())
    out["alexnet"] = fixture(alex, (1, 3, 224, 224))
    out["d2l-alexnet"] = fixture(D2LAlexNet(), (1, 1, 224, 224))
    # Off the default sizes too: batch 2 and a non-square input move every row.
    out["alexnet@2x3x100x131"] = fixture(AlexNet(), (2, 3, 100, 131))
    out["vgg-c@2x3x64x96"] = fixture(paper(TABLE1["vgg-c"]), (2, 3, 64, 96))
    out["vgg-a-lrn@1x3x32x32"] = fixture(paper(TABLE1["vgg-a-lrn"]), (1, 3, 32, 32))
    text = "{\n" + ",\n".join(
        f'  {json.dumps(k)}: {{' + ", ".join(f'{json.dumps(f)}: {json.dumps(v)}' for f, v in e.items() if f != "layers")
        + ', "layers": [\n' + ",\n".join("    " + json.dumps(r) for r in e["layers"]) + "\n  ]}"
        for k, e in out.items()) + "\n}\n"
    with open(args.out, "w") as f:
        f.write(text)
    for k, e in out.items():
        print(f"{k:22s} params {e['total_params']:>12,}  mult-adds {e['total_mult_adds']:>15,}  rows {len(e['layers'])}")


if __name__ == "__main__":
    main()
