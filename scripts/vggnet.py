"""The check scripts' shared PyTorch side: the networks they build, vggscope's arguments for the same network,
torchinfo's module paths, and the forward-pass checks' weights/input files and error measure.

Specs are dicts. Block specs (`"blocks"`): `input` NxCxHxW, `blocks` as lists of `(kernel, width)` items or
`"lrn"`, `head` (avgpool7 or flatten), `fc` widths, `classes`, `bn`. Layer-list specs (`"layers"`): `input` and
vggscope's `--layers` texts. torchinfo_check.py's `[[convs, width], ...]` blocks go through `uniform_blocks`.
"""
import numpy as np
import torch
from safetensors.torch import save_file
from torch import nn


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


def uniform_blocks(spec):
    """A spec whose blocks are `[convs, width]` pairs (3x3 convs only) in Blocks' per-conv form."""
    return {**spec, "kind": "blocks", "blocks": [[(3, width)] * convs for convs, width in spec["blocks"]]}


def block_text(block):
    """One block in `--blocks` syntax: `2x16+lrn+1x8k5`."""
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


def build(spec):
    return Blocks(spec) if "blocks" in spec else build_layers(spec)


def network_args(spec):
    """vggscope's options for the spec's network (not its input)."""
    if "layers" in spec:
        return ["--layers", ", ".join(spec["layers"])]
    return ["--blocks", ",".join(block_text(b) for b in spec["blocks"]), "--head", spec["head"],
            "--fc", ",".join(map(str, spec["fc"])) or "none", "--classes", str(spec["classes"]),
            "--batch-norm" if spec["bn"] else "--no-batch-norm"]


def dims(shape):
    return "x".join(map(str, shape))


def path(info):
    """torchinfo's row as a module path (`features.3`), the state_dict prefix vggscope names its layers by."""
    names = []
    while info is not None and info.depth > 0:
        names.append(info.var_name)
        info = info.parent_info
    return ".".join(reversed(names))


def torchinfo_problems(ref, mine, names=True):
    """Where `vggscope summary --format json` differs from torchinfo's leaf rows and totals."""
    problems = []
    leaves = [l for l in ref.summary_list if l.is_leaf_layer]
    if len(leaves) != len(mine["layers"]):
        problems.append(f"{len(leaves)} torchinfo layers vs {len(mine['layers'])}")
    for l, m in zip(leaves, mine["layers"]):
        got = (m["kind"], m["output_shape"], m["params"], m["macs"])
        want = (l.class_name, list(l.output_size), l.num_params, l.macs)
        if names:
            got, want = (m["name"], *got), (path(l), *want)
        if got != want:
            problems.append(f"vggscope {got} torchinfo {want}" if names else f"{m['name']}: vggscope {got} torchinfo {want}")
    if (mine["totals"]["params"], mine["totals"]["macs"]) != (ref.total_params, ref.total_mult_adds):
        problems.append(f"totals: vggscope {mine['totals']['params']}/{mine['totals']['macs']} "
                        f"torchinfo {ref.total_params}/{ref.total_mult_adds}")
    return problems


def randomize_batch_norm(model):
    """Random affine parameters and running statistics, so eval-mode BatchNorm is not the identity."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.3, 0.3)
                m.running_var.uniform_(0.5, 2.0)


def save_case(model, x, weights, input_file):
    """The state_dict as .safetensors (the model's own key layout) and the input as .npy, for `vggscope run`."""
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, weights)
    np.save(input_file, x.numpy())


def relative_error(got, ref):
    """max |got - ref| over max |ref|: the forward checks' tolerance measure."""
    return float(np.max(np.abs(got - ref)) / max(1e-6, float(np.max(np.abs(ref)))))
