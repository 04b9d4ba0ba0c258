#!/usr/bin/env python3
"""Regenerates the paper's PyTorch reference sets next to this script (needs torch, numpy, safetensors).

Reduced-width networks with the layer types of the VGG paper's configurations and of both AlexNets, batch 2:
  vgg-c-small          configuration C's shape: blocks ending in a 1x1 conv; avgpool 7x7 from a 1x1 map
  vgg-a-lrn-small      A-LRN: LocalResponseNorm(5, 1e-4, 0.75, 2) after the first conv's ReLU (large input values so
                       the alpha term matters next to k)
  alexnet-small        torchvision's AlexNet layout: 11x11/4 pad 2, overlapping 3x3/2 pools, 5x5, avgpool 6x6 (from a
                       1x1 map), plus the 2012 paper's LRN after conv1 (a layer list may place one anywhere)
  d2l-alexnet-small    d2l's AlexNet: 1 channel, 11x11/4 pad 1, flat nn.Sequential (keys net.{i})
  d2l-vgg-small        d2l's VGG: one nn.Sequential per block (keys net.{block}.{layer}), flatten head
Each set NAME has NAME.json (the architecture, read by PaperForwardTests.swift), NAME.safetensors
(safetensors.torch.save_file(model.state_dict())), NAME.input.npy and NAME.output.npy (eval-mode logits).
"""
import json
import os

import numpy as np
import torch
from safetensors.torch import save_file
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def lrn(p):
    return nn.LocalResponseNorm(p[1], alpha=p[2], beta=p[3], k=p[4])


def vgg_layers(block, c):
    """One block's modules: ["conv", k, width] (+ReLU) and ["lrn", size, alpha, beta, k], then MaxPool 2x2."""
    out = []
    for item in block:
        if item[0] == "conv":
            out += [nn.Conv2d(c, item[2], item[1], padding=item[1] // 2), nn.ReLU()]
            c = item[2]
        else:
            out.append(lrn(item))
    return out + [nn.MaxPool2d(2, 2)], c


def classifier(features, fc, classes):
    out, f = [], features
    for w in fc:
        out += [nn.Linear(f, w), nn.ReLU(), nn.Dropout(0.5)]
        f = w
    return out + [nn.Linear(f, classes)]


class TorchvisionVGG(nn.Module):
    def __init__(self, spec):
        super().__init__()
        n, c, h, w = spec["input"]
        layers = []
        for block in spec["blocks"]:
            mods, c = vgg_layers(block, c)
            layers += mods
            h, w = h // 2, w // 2
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7)) if spec["head"] == "avgpool7" else nn.Identity()
        if spec["head"] == "avgpool7":
            h = w = 7
        self.classifier = nn.Sequential(*classifier(c * h * w, spec["fc"], spec["classes"]))

    def forward(self, x):
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))


class D2lVGG(nn.Module):
    """d2l's VGG: self.net = Sequential(*vgg_blocks, Flatten, Linear, ReLU, Dropout, ...)."""

    def __init__(self, spec):
        super().__init__()
        n, c, h, w = spec["input"]
        blocks = []
        for block in spec["blocks"]:
            mods, c = vgg_layers(block, c)
            blocks.append(nn.Sequential(*mods))
            h, w = h // 2, w // 2
        self.net = nn.Sequential(*blocks, nn.Flatten(), *classifier(c * h * w, spec["fc"], spec["classes"]))

    def forward(self, x):
        return self.net(x)


def list_modules(layers, c, hw):
    """["conv", out, k, s, p], ["relu"], ["maxpool", k, s], ["lrn", ...], ["avgpool", h, w], ["flatten"],
    ["linear", out], ["dropout", p] -> modules, with each Linear's input width inferred."""
    mods, f = [], None
    h, w = hw
    for item in layers:
        kind = item[0]
        if kind == "conv":
            mods.append(nn.Conv2d(c, item[1], item[2], stride=item[3], padding=item[4]))
            c = item[1]
            h, w = (h + 2 * item[4] - item[2]) // item[3] + 1, (w + 2 * item[4] - item[2]) // item[3] + 1
        elif kind == "relu":
            mods.append(nn.ReLU())
        elif kind == "maxpool":
            mods.append(nn.MaxPool2d(item[1], item[2]))
            h, w = (h - item[1]) // item[2] + 1, (w - item[1]) // item[2] + 1
        elif kind == "lrn":
            mods.append(lrn(item))
        elif kind == "avgpool":
            mods.append(nn.AdaptiveAvgPool2d((item[1], item[2])))
            h, w = item[1], item[2]
        elif kind == "flatten":
            mods.append(nn.Flatten())
            f = c * h * w
        elif kind == "linear":
            mods.append(nn.Linear(f if f is not None else c * h * w, item[1]))
            f = item[1]
        elif kind == "dropout":
            mods.append(nn.Dropout(item[1]))
    return mods


class TorchvisionList(nn.Module):
    """torchvision's AlexNet layout: features (up to the avgpool), avgpool, flatten, classifier."""

    def __init__(self, spec):
        super().__init__()
        layers = spec["layers"]
        head = next(i for i, l in enumerate(layers) if l[0] in ("avgpool", "flatten"))
        mods = list_modules(layers, spec["input"][1], spec["input"][2:])
        self.features = nn.Sequential(*mods[:head])
        rest = head + (1 if layers[head][0] == "avgpool" else 0)
        self.avgpool = mods[head] if layers[head][0] == "avgpool" else nn.Identity()
        if layers[rest][0] == "flatten":
            rest += 1
        self.classifier = nn.Sequential(*mods[rest:])

    def forward(self, x):
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))


class NetList(nn.Module):
    """d2l's AlexNet layout: one flat self.net."""

    def __init__(self, spec):
        super().__init__()
        self.net = nn.Sequential(*list_modules(spec["layers"], spec["input"][1], spec["input"][2:]))

    def forward(self, x):
        return self.net(x)


def make(name, spec, seed, input_scale=1.0):
    torch.manual_seed(seed)
    kind = {("vgg", "torchvision"): TorchvisionVGG, ("vgg", "d2l"): D2lVGG,
            ("list", "torchvision"): TorchvisionList, ("list", "d2l"): NetList}[(spec["kind"], spec["keys"])]
    model = kind(spec).eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                # He init keeps activations at the input's scale through the layers, so the logits depend on every
                # layer's output (PyTorch's default init shrinks them until the biases decide the logits).
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                m.bias.normal_(0, 0.1)
        x = torch.randn(*spec["input"]) * input_scale
        y = model(x)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(HERE, name + ".safetensors"))
    np.save(os.path.join(HERE, name + ".input.npy"), x.numpy().astype("<f4"))
    np.save(os.path.join(HERE, name + ".output.npy"), y.numpy().astype("<f4"))
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(spec, f)
        f.write("\n")


LRN = ["lrn", 5, 1e-4, 0.75, 2.0]

if __name__ == "__main__":
    make("vgg-c-small", {"kind": "vgg", "keys": "torchvision", "input": [2, 3, 32, 32],
                         "blocks": [[["conv", 3, 4]], [["conv", 3, 8]],
                                    [["conv", 3, 8], ["conv", 3, 8], ["conv", 1, 8]],
                                    [["conv", 3, 16], ["conv", 3, 16], ["conv", 1, 16]],
                                    [["conv", 3, 16], ["conv", 3, 16], ["conv", 1, 16]]],
                         "head": "avgpool7", "fc": [8, 8], "classes": 5}, seed=11)
    make("vgg-a-lrn-small", {"kind": "vgg", "keys": "torchvision", "input": [2, 3, 32, 32],
                             "blocks": [[["conv", 3, 6], LRN], [["conv", 3, 8]], [["conv", 3, 8], ["conv", 3, 8]],
                                        [["conv", 3, 16], ["conv", 3, 16]], [["conv", 3, 16], ["conv", 3, 16]]],
                             "head": "avgpool7", "fc": [8, 8], "classes": 5}, seed=12, input_scale=30.0)
    make("alexnet-small", {"kind": "list", "keys": "torchvision", "input": [2, 3, 63, 63],
                           "layers": [["conv", 8, 11, 4, 2], ["relu"], LRN, ["maxpool", 3, 2],
                                      ["conv", 12, 5, 1, 2], ["relu"], ["maxpool", 3, 2],
                                      ["conv", 16, 3, 1, 1], ["relu"], ["conv", 16, 3, 1, 1], ["relu"],
                                      ["conv", 12, 3, 1, 1], ["relu"], ["maxpool", 3, 2],
                                      ["avgpool", 6, 6], ["flatten"],
                                      ["dropout", 0.5], ["linear", 16], ["relu"], ["dropout", 0.5], ["linear", 16],
                                      ["relu"], ["linear", 5]]}, seed=13, input_scale=20.0)
    make("d2l-alexnet-small", {"kind": "list", "keys": "d2l", "input": [2, 1, 99, 99],
                               "layers": [["conv", 8, 11, 4, 1], ["relu"], ["maxpool", 3, 2],
                                          ["conv", 12, 5, 1, 2], ["relu"], ["maxpool", 3, 2],
                                          ["conv", 16, 3, 1, 1], ["relu"], ["conv", 16, 3, 1, 1], ["relu"],
                                          ["conv", 12, 3, 1, 1], ["relu"], ["maxpool", 3, 2], ["flatten"],
                                          ["linear", 16], ["relu"], ["dropout", 0.5], ["linear", 16], ["relu"],
                                          ["dropout", 0.5], ["linear", 10]]}, seed=14)
    make("d2l-vgg-small", {"kind": "vgg", "keys": "d2l", "input": [2, 1, 24, 24],
                           "blocks": [[["conv", 3, 4]], [["conv", 3, 8]], [["conv", 3, 8], ["conv", 3, 8]]],
                           "head": "flatten", "fc": [16, 16], "classes": 10}, seed=15)
