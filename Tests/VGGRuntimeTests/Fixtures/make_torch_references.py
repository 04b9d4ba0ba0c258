#!/usr/bin/env python3
"""Regenerates the PyTorch reference sets next to this script (run from anywhere; needs torch and numpy).

Each set NAME has NAME.json (the spec), NAME.safetensors (state_dict in torchvision's key layout),
NAME.input.npy and NAME.output.npy (eval-mode logits). They cover what tiny.* does not: batch norm with
random running statistics, batch 2, the adaptive 7x7 pool on a smaller map (overlapping bins), the
flatten head on a non-square 1-channel input, and half-precision (BF16, F16) tensors in the file.
"""
import json
import os
import struct

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class VGG(nn.Module):
    """torchvision's VGG layout: features, avgpool, classifier (so state_dict keys match)."""

    def __init__(self, blocks, in_channels, bn, head, fc, classes):
        super().__init__()
        layers, c = [], in_channels
        for convs, out in blocks:
            for _ in range(convs):
                layers.append(nn.Conv2d(c, out, 3, padding=1))
                if bn:
                    layers.append(nn.BatchNorm2d(out))
                layers.append(nn.ReLU(inplace=True))
                c = out
            layers.append(nn.MaxPool2d(2, 2))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7)) if head == "avgpool7" else nn.Identity()
        self.head = head
        self.channels = c
        cls, width = [], None
        for w in fc:
            cls += [nn.LazyLinear(w) if width is None else nn.Linear(width, w), nn.ReLU(True), nn.Dropout()]
            width = w
        cls.append(nn.LazyLinear(classes) if width is None else nn.Linear(width, classes))
        self.classifier = nn.Sequential(*cls)

    def forward(self, x):
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))


def save_safetensors(path, tensors, dtype):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        if not t.is_floating_point():  # num_batches_tracked, as PyTorch saves it
            raw, kind = t.numpy().astype("<i8").tobytes(), "I64"
        elif dtype == "F32":
            raw, kind = t.float().numpy().astype("<f4").tobytes(), dtype
        elif dtype == "F16":
            raw, kind = t.half().numpy().astype("<f2").tobytes(), dtype
        else:  # BF16: the top 16 bits of float32 after rounding by torch
            raw, kind = t.bfloat16().view(torch.int16).numpy().astype("<i2").tobytes(), dtype
        header[name] = {"dtype": kind, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def make(name, blocks, shape, bn, head, fc, classes, dtype, seed):
    torch.manual_seed(seed)
    model = VGG(blocks, shape[1], bn, head, fc, classes)
    x = torch.randn(*shape)
    model(x)  # materialise the lazy first Linear
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.2)
                m.running_mean.normal_(0, 0.2)
                m.running_var.uniform_(0.5, 2.0)
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.bias.normal_(0, 0.1)
    state = {k: v for k, v in model.state_dict().items()}
    if dtype != "F32":
        # The file holds rounded values; the reference must use exactly those.
        with torch.no_grad():
            for k, v in state.items():
                if v.is_floating_point():
                    v.copy_(v.half().float() if dtype == "F16" else v.bfloat16().float())
    model.eval()
    with torch.no_grad():
        y = model(x)
    save_safetensors(os.path.join(HERE, name + ".safetensors"), state, dtype)
    np.save(os.path.join(HERE, name + ".input.npy"), x.numpy().astype("<f4"))
    np.save(os.path.join(HERE, name + ".output.npy"), y.numpy().astype("<f4"))
    spec = {"blocks": [list(b) for b in blocks], "input": list(shape), "head": head, "fc": fc,
            "classes": classes, "bn": bn}
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(spec, f)
        f.write("\n")


if __name__ == "__main__":
    make("bn-avgpool", [(1, 8), (2, 16)], (2, 3, 32, 32), True, "avgpool7", [24], 5, "F32", 1)
    make("bn-flatten-bf16", [(2, 8), (1, 12)], (2, 1, 28, 20), True, "flatten", [16, 16], 3, "BF16", 2)
    make("plain-avgpool-f16", [(1, 8), (1, 16), (1, 16)], (1, 3, 36, 36), False, "avgpool7", [], 7, "F16", 3)
