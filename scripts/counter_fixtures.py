#!/usr/bin/env python3
"""Ask five counting tools about the same network, layer by layer, and write what they say.

The network comes from a JSON description: either a VGG spec (lowered here the way vggscope
lowers it) or a plain list of layers, so any net can be built (VGG blocks, BatchNorm, both
heads, any classifier, LocalResponseNorm, strided and large-kernel convs, overlapping pools).
Each tool is called as its README shows:

    torchinfo  summary(model, input_size=(N, C, H, W))               -> total_mult_adds
    ptflops    get_model_complexity_info(model, (C, H, W))           -> MACs (its own batch of 1)
    fvcore     FlopCountAnalysis(model, x).total()                   -> "flops" (one per multiply-add)
    thop       profile(model, inputs=(x,))                           -> MACs
    torch      FlopCounterMode(); model(x); get_total_flops()        -> FLOPs

Per layer: torchinfo's leaf rows, fvcore's by_module(), thop's per-module ops (ret_layer_info),
torch's per-module flop counts. ptflops adds two things to its total: each module hook's count
and the functional calls it patches (F.relu, F.max_pool2d, Tensor.mul, ...), which it does not
attribute to a module; here each functional call is charged to the leaf layer running it, so the
per-layer figures add up to ptflops' total (which is checked).

    python3 scripts/counter_fixtures.py --out Tests/VGGCoreTests/Fixtures/counters.json
    python3 scripts/counter_fixtures.py --describe '{"input": [1,3,224,224], "layers": [...]}'
    python3 scripts/counter_fixtures.py --check .build/debug/vggscope --count 30 --seed 7
    python3 scripts/counter_fixtures.py --check .build/debug/vggscope --kinds presets,blocks,layers --count 40
    python3 scripts/counter_fixtures.py --paper-out Tests/VGGCoreTests/Fixtures/counters_paper.json --seed 13 --count 16
"""
import argparse
import contextlib
import io
import json
import math
import random
import re
import subprocess
import sys
import warnings

import torch
from torch import nn

warnings.filterwarnings("ignore")

VGG_BLOCKS = {
    "vgg11": [[1, 64], [1, 128], [2, 256], [2, 512], [2, 512]],
    "vgg13": [[2, 64], [2, 128], [2, 256], [2, 512], [2, 512]],
    "vgg16": [[2, 64], [2, 128], [3, 256], [3, 512], [3, 512]],
    "vgg19": [[2, 64], [2, 128], [4, 256], [4, 512], [4, 512]],
}


def lower_spec(spec):
    """A VGG spec as vggscope lowers it: blocks of 3x3 convs (+BN) + ReLU, 2x2 pools, head, classifier."""
    layers, c = [], spec["input"][1]
    for convs, ch in spec["blocks"]:
        for _ in range(convs):
            layers.append({"op": "conv2d", "in": c, "out": ch, "kernel": 3, "stride": 1, "padding": 1})
            if spec["bn"]:
                layers.append({"op": "batchnorm2d", "channels": ch})
            layers.append({"op": "relu"})
            c = ch
        layers.append({"op": "maxpool2d", "kernel": 2, "stride": 2})
    if spec["head"] == "avgpool7":
        layers.append({"op": "adaptiveavgpool2d", "height": 7, "width": 7})
    layers.append({"op": "flatten"})
    for width in spec["fc"]:
        layers += [{"op": "linear", "out": width}, {"op": "relu"}, {"op": "dropout", "p": 0.5}]
    layers.append({"op": "linear", "out": spec["classes"]})
    return layers


def build(layers, input_dims):
    """nn.Sequential of the layers; Linear input widths follow the running shape."""
    mods = []
    x = torch.zeros(input_dims)
    for l in layers:
        op = l["op"]
        if op == "conv2d":
            m = nn.Conv2d(l["in"], l["out"], l["kernel"], stride=l["stride"], padding=l["padding"])
        elif op == "batchnorm2d":
            m = nn.BatchNorm2d(l["channels"])
        elif op == "relu":
            m = nn.ReLU(inplace=True)
        elif op == "maxpool2d":
            m = nn.MaxPool2d(l["kernel"], stride=l["stride"])
        elif op == "adaptiveavgpool2d":
            m = nn.AdaptiveAvgPool2d((l["height"], l["width"]))
        elif op == "flatten":
            m = nn.Flatten()
        elif op == "linear":
            m = nn.Linear(x.shape[1], l["out"])
            l["in"] = x.shape[1]
        elif op == "dropout":
            m = nn.Dropout(l["p"])
        elif op == "lrn":
            m = nn.LocalResponseNorm(l["size"], alpha=l["alpha"], beta=l["beta"], k=l["k"])
        else:
            raise SystemExit(f"unknown op {op!r}")
        with torch.no_grad():
            x = m.eval()(x)
        mods.append(m)
    return nn.Sequential(*mods).eval()


def count_torchinfo(model, dims):
    from torchinfo import summary
    s = summary(model, input_size=tuple(dims), verbose=0)
    leaves = [l for l in s.summary_list if l.is_leaf_layer]
    return [l.macs for l in leaves], s.total_mult_adds, [list(l.output_size) for l in leaves]


def count_ptflops(model, dims):
    import ptflops.pytorch_engine as pe
    from ptflops import get_model_complexity_info
    leaves = list(model)
    per_module, functional = [0] * len(leaves), [0] * len(leaves)
    current = [None]
    hooks = []
    for i, m in enumerate(leaves):
        hooks.append(m.register_forward_pre_hook(lambda mod, inp, i=i: current.__setitem__(0, i)))
        hooks.append(m.register_forward_hook(lambda mod, inp, out: current.__setitem__(0, None)))
    original_call = pe.torch_function_wrapper.__call__
    original_remove = pe.remove_flops_counter_variables

    def call(self, *args, **kwargs):
        flops = self.handler(*args, **kwargs)
        if current[0] is None:
            raise SystemExit("ptflops counted a functional call outside any layer")
        functional[current[0]] += int(flops)
        return original_call(self, *args, **kwargs)

    def remove(module):  # read each module's count before ptflops deletes it
        if hasattr(module, "__flops__") and module in leaves:
            per_module[leaves.index(module)] = int(module.__flops__)
        original_remove(module)

    pe.torch_function_wrapper.__call__ = call
    pe.remove_flops_counter_variables = remove
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            macs, _ = get_model_complexity_info(model, tuple(dims[1:]), as_strings=False,
                                                print_per_layer_stat=False, backend="pytorch")
    finally:
        pe.torch_function_wrapper.__call__ = original_call
        pe.remove_flops_counter_variables = original_remove
        for h in hooks:
            h.remove()
    per_layer = [a + b for a, b in zip(per_module, functional)]
    assert sum(per_layer) == macs, (sum(per_layer), macs)
    return per_layer, macs


def count_fvcore(model, x):
    from fvcore.nn import FlopCountAnalysis
    a = FlopCountAnalysis(model, (x,))
    a.unsupported_ops_warnings(False)
    a.uncalled_modules_warnings(False)
    by = a.by_module()
    return [int(by.get(str(i), 0)) for i in range(len(model))], int(a.total())


def count_thop(model, x):
    from thop import profile
    with contextlib.redirect_stdout(io.StringIO()):
        total, _, info = profile(model, inputs=(x,), verbose=False, ret_layer_info=True)
    per = [info[str(i)][0] for i in range(len(model))]
    for v in per + [total]:
        assert float(v).is_integer(), v
    return [int(v) for v in per], int(total)


def count_torch(model, x):
    from torch.utils.flop_counter import FlopCounterMode
    mode = FlopCounterMode(display=False)
    with mode:
        model(x)
    counts = mode.get_flop_counts()
    per = [sum(counts.get(f"Sequential.{i}", {}).values()) for i in range(len(model))]
    return per, mode.get_total_flops()


def measure(name, desc):
    torch.manual_seed(0)
    dims = desc["input"]
    layers = desc["layers"] if "layers" in desc else lower_spec(desc["spec"] | {"input": dims})
    layers = [dict(l) for l in layers]
    model = build(layers, dims)
    x = torch.randn(dims)
    with torch.no_grad():
        ti, ti_total, shapes = count_torchinfo(model, dims)
        pf, pf_total = count_ptflops(model, dims)
        fv, fv_total = count_fvcore(model, x)
        th, th_total = count_thop(model, x)
        tc, tc_total = count_torch(model, x)
    for tool, per, total in [("torchinfo", ti, ti_total), ("fvcore", fv, fv_total),
                             ("thop", th, th_total), ("torch", tc, tc_total)]:
        assert sum(per) == total, (name, tool, sum(per), total)
    out = {"name": name, "input": dims}
    if "spec" in desc:
        out["spec"] = desc["spec"]
    else:
        out["layers_in"] = desc["layers"]
    out["layers"] = [
        {"kind": type(m).__name__, "output": shapes[i],
         "counters": {"torchinfo": ti[i], "ptflops": pf[i], "fvcore": fv[i], "thop": th[i], "torch": tc[i]}}
        for i, m in enumerate(model)
    ]
    out["totals"] = {"torchinfo": ti_total, "ptflops": pf_total, "fvcore": fv_total, "thop": th_total,
                     "torch": tc_total}
    return out


def vgg(blocks, bn=False, head="avgpool7", fc=(4096, 4096), classes=1000):
    return {"blocks": blocks, "bn": bn, "head": head, "fc": list(fc), "classes": classes}


def random_desc(rng):
    nblocks = rng.randint(1, 5)
    lo = 2 ** nblocks
    spec = vgg([[rng.randint(1, 3), rng.randint(1, 48)] for _ in range(nblocks)],
               bn=rng.random() < 0.5, head=rng.choice(["avgpool7", "flatten"]),
               fc=[rng.randint(1, 200) for _ in range(rng.randint(0, 2))], classes=rng.randint(1, 40))
    dims = [rng.randint(1, 4), rng.randint(1, 4), rng.randint(lo, lo * 4 + 5), rng.randint(lo, lo * 4 + 5)]
    return {"input": dims, "spec": spec}


def conv(cin, cout, k, s=1, p=0):
    return {"op": "conv2d", "in": cin, "out": cout, "kernel": k, "stride": s, "padding": p}


RELU = {"op": "relu"}


def pool(k, s):
    return {"op": "maxpool2d", "kernel": k, "stride": s}


def lrn(size=5, alpha=1e-4, beta=0.75, k=2.0):
    return {"op": "lrn", "size": size, "alpha": alpha, "beta": beta, "k": k}


def layer_lists():
    """Nets beyond VGG blocks: LRN, 1x1 convs, 11x11/4 and 5x5 convs, 3x3/2 pools, AdaptiveAvgPool2d(6)."""
    alexnet = [conv(3, 64, 11, 4, 2), RELU, pool(3, 2), conv(64, 192, 5, 1, 2), RELU, pool(3, 2),
               conv(192, 384, 3, 1, 1), RELU, conv(384, 256, 3, 1, 1), RELU, conv(256, 256, 3, 1, 1), RELU,
               pool(3, 2), {"op": "adaptiveavgpool2d", "height": 6, "width": 6}, {"op": "flatten"},
               {"op": "dropout", "p": 0.5}, {"op": "linear", "out": 4096}, RELU, {"op": "dropout", "p": 0.5},
               {"op": "linear", "out": 4096}, RELU, {"op": "linear", "out": 1000}]
    lrn_net = [conv(3, 96, 11, 4, 2), RELU, lrn(), pool(3, 2), conv(96, 256, 5, 1, 2), RELU, lrn(), pool(3, 2),
               conv(256, 384, 3, 1, 1), RELU, conv(384, 64, 1), RELU, pool(3, 2),
               {"op": "adaptiveavgpool2d", "height": 6, "width": 6}, {"op": "flatten"},
               {"op": "linear", "out": 100}, RELU, {"op": "dropout", "p": 0.5}, {"op": "linear", "out": 10}]
    vgg_a_lrn = [conv(3, 16, 3, 1, 1), RELU, lrn(5, 1e-4, 0.75, 2.0), pool(2, 2), conv(16, 32, 3, 1, 1), RELU,
                 pool(2, 2), conv(32, 32, 1), RELU, conv(32, 24, 3, 1, 1), RELU, pool(2, 2),
                 {"op": "adaptiveavgpool2d", "height": 7, "width": 7}, {"op": "flatten"}, {"op": "linear", "out": 10}]
    odd = [conv(2, 7, 5, 2, 1), {"op": "batchnorm2d", "channels": 7}, RELU, lrn(3, 0.001, 0.5, 1.0), pool(3, 2),
           conv(7, 5, 1, 2), RELU, lrn(4, 1e-4, 0.75, 1.0), {"op": "adaptiveavgpool2d", "height": 4, "width": 3},
           {"op": "flatten"}, {"op": "linear", "out": 9}]
    d2l_alexnet = [conv(1, 96, 11, 4, 1), RELU, pool(3, 2), conv(96, 256, 5, 1, 2), RELU, pool(3, 2),
                   conv(256, 384, 3, 1, 1), RELU, conv(384, 384, 3, 1, 1), RELU, conv(384, 256, 3, 1, 1), RELU,
                   pool(3, 2), {"op": "flatten"}, {"op": "linear", "out": 4096}, RELU, {"op": "dropout", "p": 0.5},
                   {"op": "linear", "out": 4096}, RELU, {"op": "dropout", "p": 0.5}, {"op": "linear", "out": 10}]
    return [
        ("alexnet", {"input": [1, 3, 224, 224], "layers": alexnet}),
        ("alexnet-b2-odd", {"input": [2, 3, 197, 211], "layers": alexnet}),
        ("d2l-alexnet", {"input": [1, 1, 224, 224], "layers": d2l_alexnet}),
        ("lrn-net", {"input": [3, 3, 127, 131], "layers": lrn_net}),
        ("vgg-a-lrn-small", {"input": [2, 3, 32, 32], "layers": vgg_a_lrn}),
        ("odd-lrn", {"input": [4, 2, 29, 23], "layers": odd}),
    ]


# ---- the CLI's own notation, so `--check` can drive `--blocks` / `--layers` / presets ----

def lrn_params(size, rest):
    a = dict(zip(["alpha", "beta", "k"], rest))
    return lrn(size, float(a.get("alpha", 1e-4)), float(a.get("beta", 0.75)), float(a.get("k", 2.0)))


def parse_block(text):
    """`2x256+1x256k1`, `1x64+lrn`, `lrn3:0.001:0.5:1` -> [("conv", k, width) | lrn dict, ...]."""
    items = []
    for g in text.replace(" ", "").lower().split("+"):
        if g.startswith("lrn"):
            parts = g[3:].split(":") if g[3:] else []
            items.append(lrn_params(int(parts[0]) if parts else 5, parts[1:]))
            continue
        m = re.fullmatch(r"(\d+)x(\d+)(?:k(\d+))?", g)
        if not m:
            raise SystemExit(f"cannot read block group {g!r}")
        items += [("conv", int(m.group(3) or 3), int(m.group(2)))] * int(m.group(1))
    return items


def lower_blocks(blocks, c, bn, head, fc, classes):
    """Block texts (or [N, C] pairs) as vggscope lowers them: each conv + [BN] + ReLU, LRN where written, pool."""
    layers = []
    for b in blocks:
        for item in parse_block(b if isinstance(b, str) else f"{b[0]}x{b[1]}"):
            if isinstance(item, dict):
                layers.append(item)
                continue
            _, k, width = item
            layers.append(conv(c, width, k, 1, k // 2))
            if bn:
                layers.append({"op": "batchnorm2d", "channels": width})
            layers.append(RELU)
            c = width
        layers.append(pool(2, 2))
    if head == "avgpool7":
        layers.append({"op": "adaptiveavgpool2d", "height": 7, "width": 7})
    layers.append({"op": "flatten"})
    for width in fc:
        layers += [{"op": "linear", "out": width}, RELU, {"op": "dropout", "p": 0.5}]
    layers.append({"op": "linear", "out": classes})
    return layers


def parse_layers(texts, c):
    """`conv 64 k11 s4 p2`, `maxpool k3 s2`, `lrn 5 alpha=..`, `avgpool 6x6`, ... -> layer dicts."""
    layers = []
    for text in texts:
        w = text.split()
        opts = {t[0]: int(t[1:]) for t in w[1:] if t[0] in "ksp" and t[1:].isdigit()}
        op = w[0]
        if op == "conv":
            layers.append(conv(c, int(w[1]), opts["k"], opts.get("s", 1), opts.get("p", 0)))
            c = int(w[1])
        elif op == "maxpool":
            layers.append(pool(opts["k"], opts.get("s", opts["k"])))
        elif op == "lrn":
            kv = dict(t.split("=") for t in w[2:])
            layers.append(lrn(int(w[1]), float(kv.get("alpha", 1e-4)), float(kv.get("beta", 0.75)),
                              float(kv.get("k", 2.0))))
        elif op == "avgpool":
            h, ww = (w[1].split("x") * 2)[:2]
            layers.append({"op": "adaptiveavgpool2d", "height": int(h), "width": int(ww)})
        elif op == "batchnorm":
            layers.append({"op": "batchnorm2d", "channels": c})
        elif op in ("relu", "flatten"):
            layers.append({"op": op})
        elif op == "dropout":
            layers.append({"op": "dropout", "p": float(w[1])})
        elif op == "linear":
            layers.append({"op": "linear", "out": int(w[1])})
        else:
            raise SystemExit(f"unknown layer {text!r}")
    return layers


def random_block_text(rng, width):
    groups = []
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        if r < 0.15:
            groups.append(rng.choice(["lrn", f"lrn{rng.choice([1, 2, 3, 5, 7])}",
                                      f"lrn{rng.randint(1, 6)}:0.001:0.5:1"]))
        else:
            k = rng.choice([1, 3, 3, 5, 7])
            groups.append(f"{rng.randint(1, 2)}x{width}" + ("" if k == 3 and rng.random() < 0.5 else f"k{k}"))
    if all(g.startswith("lrn") for g in groups):
        groups.append(f"1x{width}")
    return "+".join(groups)


def random_mixed(rng):
    """Random `--blocks` with mixed kernels and LRN; batch 1-4, non-square inputs."""
    nblocks = rng.randint(1, 4)
    lo = 7 * 2 ** (nblocks - 1) + 1  # big enough for a 7x7 conv in the last block
    blocks = [random_block_text(rng, rng.choice([3, 8, 16, 24, 40])) for _ in range(nblocks)]
    dims = [rng.randint(1, 4), rng.randint(1, 4), rng.randint(lo, lo + 60), rng.randint(lo, lo + 60)]
    return {"kind": "blocks", "blocks": blocks, "input": dims, "bn": rng.random() < 0.4,
            "head": rng.choice(["avgpool7", "flatten"]), "fc": [rng.randint(1, 90) for _ in range(rng.randint(0, 2))],
            "classes": rng.randint(1, 30)}


def random_layer_list(rng):
    """Random `--layers`: strided / large-kernel convs, overlapping pools, LRN, BN, adaptive pools of any size."""
    texts = []
    for _ in range(rng.randint(1, 4)):
        k = rng.choice([1, 3, 5, 7, 11])
        texts.append(f"conv {rng.choice([2, 5, 8, 16, 33])} k{k} s{rng.randint(1, 4)} p{rng.randint(0, k // 2)}")
        texts += rng.sample(["relu", "batchnorm", "lrn 5", f"lrn {rng.randint(1, 7)} alpha=0.001 beta=0.5 k=1.0"],
                            rng.randint(0, 2))
        if rng.random() < 0.6:
            pk = rng.randint(1, 4)
            texts.append(f"maxpool k{pk} s{rng.randint(1, pk)}")
    if rng.random() < 0.6:
        texts.append(f"avgpool {rng.randint(1, 9)}x{rng.randint(1, 9)}")
    texts.append("flatten")
    for _ in range(rng.randint(0, 2)):
        texts += rng.sample([f"linear {rng.randint(1, 64)}", "relu", f"dropout {rng.choice([0.0, 0.5])}"], 3)
    texts.append(f"linear {rng.randint(1, 20)}")
    h = rng.randint(24, 120)
    return {"kind": "layers", "layers": texts, "input": [rng.randint(1, 4), rng.randint(1, 3), h, h + rng.randint(-9, 9)]}


def cli_args(case):
    dims = "x".join(map(str, case["input"]))
    if case["kind"] == "preset":
        return [case["preset"], "--input", dims]
    if case["kind"] == "blocks":
        return ["--blocks", ",".join(case["blocks"]), "--input", dims, "--head", case["head"],
                "--fc", ",".join(map(str, case["fc"])) or "none", "--classes", str(case["classes"]),
                "--batch-norm" if case["bn"] else "--no-batch-norm"]
    return ["--layers", ", ".join(case["layers"]), "--input", dims]


def case_layers(case, presets_dir):
    c = case["input"][1]
    if case["kind"] == "preset":
        with open(f"{presets_dir}/{case['preset']}.json") as f:
            p = json.load(f)
        if "layers" in p:
            return parse_layers(p["layers"], c)
        return lower_blocks(p["blocks"], c, p.get("batch_norm", False), p.get("head", "avgpool7"),
                            p.get("classifier", [4096, 4096]), p.get("classes", 1000))
    if case["kind"] == "blocks":
        return lower_blocks(case["blocks"], c, case["bn"], case["head"], case["fc"], case["classes"])
    return parse_layers(case["layers"], c)


PAPER_PRESETS = ["alexnet", "d2l-alexnet", "vgg-a", "vgg-a-lrn", "vgg-b", "vgg-c", "vgg-d", "vgg-e", "vgg11_bn"]


def preset_cases(rng):
    """Each paper preset at its own input, at batch 2-4, and at an odd non-square size."""
    cases = []
    for name in PAPER_PRESETS:
        c = 1 if name == "d2l-alexnet" else 3
        cases.append({"kind": "preset", "preset": name, "input": [1, c, 224, 224]})
        cases.append({"kind": "preset", "preset": name, "input": [rng.randint(2, 4), c, 224, 224]})
        cases.append({"kind": "preset", "preset": name,
                      "input": [rng.randint(1, 3), c, rng.randint(200, 260), rng.randint(200, 260)]})
    return cases


def fixed_paper_cases():
    """The issue's examples: mixed kernels with LRN, 1x1 ends, a layer list with every new op."""
    return [
        {"kind": "blocks", "blocks": ["1x64+lrn", "2x128k5", "2x256+1x256k1"], "input": [1, 3, 64, 64], "bn": False,
         "head": "avgpool7", "fc": [256], "classes": 10},
        {"kind": "blocks", "blocks": ["1x16k7+lrn3:0.001:0.5:1", "1x32k1+1x32", "lrn+2x8k5"], "input": [3, 2, 61, 45],
         "bn": True, "head": "flatten", "fc": [], "classes": 7},
        {"kind": "layers", "layers": ["conv 12 k7 s3 p2", "batchnorm", "relu", "lrn 4 alpha=0.001 beta=0.5 k=1.0",
                                      "maxpool k3 s1", "conv 6 k1 s2", "relu", "maxpool k2", "avgpool 5x3", "flatten",
                                      "dropout 0.5", "linear 11"], "input": [4, 3, 97, 83]},
    ]


def paper_fixtures(seed, count, presets_dir):
    """Presets and random mixed-block / layer-list specs, each with the CLI spec it came from, so the tests build
    it through the same path as `summary` (Presets.load, Notation.blocks, Notation.layers)."""
    rng = random.Random(seed)
    cases = preset_cases(rng) + fixed_paper_cases()
    cases += [(random_mixed if i % 2 == 0 else random_layer_list)(rng) for i in range(count)]
    nets = []
    for i, case in enumerate(cases):
        layers = case_layers(case, presets_dir)
        try:
            with torch.no_grad():
                build([dict(l) for l in layers], case["input"])(torch.zeros(case["input"]))
        except Exception:
            continue  # PyTorch refuses the shapes: nothing to measure
        name = case.get("preset") or f"{case['kind']}-{seed}-{i}"
        net = measure(name, {"input": case["input"], "layers": layers})
        del net["layers_in"]
        net["case"] = case
        nets.append(net)
        print(name, net["totals"], file=sys.stderr)
    return nets


def check_paper(binary, seed, count, kinds, presets_dir):
    """Presets, random mixed blocks and random layer lists through the CLI, against the five tools."""
    rng = random.Random(seed)
    cases = preset_cases(rng) + fixed_paper_cases() if "presets" in kinds else []
    gens = [g for k, g in [("blocks", random_mixed), ("layers", random_layer_list)] if k in kinds]
    cases += [gens[i % len(gens)](rng) for i in range(count)] if gens else []
    failures = refused = 0
    for i, case in enumerate(cases):
        r = subprocess.run([binary, "summary", "--format", "json"] + cli_args(case), capture_output=True, text=True)
        layers = case_layers(case, presets_dir)
        try:
            with torch.no_grad():
                build([dict(l) for l in layers], case["input"])(torch.zeros(case["input"]))
            torch_error = None
        except Exception as e:
            torch_error = str(e).split("\n")[0][:90]
        problems = []
        if r.returncode != 0 or torch_error:
            refused += 1
            if (r.returncode != 0) != bool(torch_error):
                problems.append(f"PyTorch: {torch_error or 'accepts'} / vggscope: {r.stderr.strip() or 'accepts'}")
        else:
            mine = json.loads(r.stdout)
            ref = measure(f"paper-{i}", {"input": case["input"], "layers": layers})
            if mine["totals"]["counters"] != ref["totals"]:
                problems.append(f"totals {mine['totals']['counters']} vs {ref['totals']}")
            if len(mine["layers"]) != len(ref["layers"]):
                problems.append(f"{len(mine['layers'])} layers vs {len(ref['layers'])}")
            for m, rl in zip(mine["layers"], ref["layers"]):
                if m["counters"] != rl["counters"]:
                    problems.append(f"{m['name']} {m['counters']} vs {rl['counters']}")
        print(f"{i + 1:3d} {'ok' if not problems else 'MISMATCH':8s} {' '.join(cli_args(case))}"
              + (f"\n       refused: {r.stderr.strip() or torch_error}" if r.returncode or torch_error else ""))
        for p in problems[:5]:
            print("      ", p)
        failures += bool(problems)
    print(f"{len(cases) - failures} passed ({refused} refused by both), {failures} failed")
    return failures


def descriptions(seed, count):
    out = []
    for name, blocks in VGG_BLOCKS.items():
        out.append((name, {"input": [1, 3, 224, 224], "spec": vgg(blocks)}))
        out.append((name + "_bn", {"input": [1, 3, 224, 224], "spec": vgg(blocks, bn=True)}))
    out.append(("d2l-vgg11", {"input": [1, 1, 224, 224],
                              "spec": vgg(VGG_BLOCKS["vgg11"], head="flatten", classes=10)}))
    out.append(("vgg16-3x100x100", {"input": [1, 3, 100, 100], "spec": vgg(VGG_BLOCKS["vgg16"])}))
    rng = random.Random(seed)
    out += [(f"random-{seed}-{i}", random_desc(rng)) for i in range(count)]
    return out + layer_lists()


def check(binary, seed, count):
    """Random VGG specs: `vggscope summary --format json` counters against the tools, per layer and total."""
    rng = random.Random(seed)
    failures = 0
    for i in range(count):
        desc = random_desc(rng)
        spec, dims = desc["spec"], desc["input"]
        args = [binary, "summary", "--format", "json",
                "--blocks", ",".join(f"{a}x{b}" for a, b in spec["blocks"]), "--input", "x".join(map(str, dims)),
                "--head", spec["head"], "--fc", ",".join(map(str, spec["fc"])) or "none",
                "--classes", str(spec["classes"]), "--batch-norm" if spec["bn"] else "--no-batch-norm"]
        mine = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
        ref = measure(f"check-{i}", desc)
        problems = [f"totals {mine['totals']['counters']} vs {ref['totals']}"] \
            if mine["totals"]["counters"] != ref["totals"] else []
        for m, r in zip(mine["layers"], ref["layers"]):
            if m["counters"] != r["counters"]:
                problems.append(f"{m['name']} {m['counters']} vs {r['counters']}")
        print(f"{i + 1:3d} {'ok' if not problems else 'MISMATCH':8s} {json.dumps(desc)}")
        for p in problems[:5]:
            print("      ", p)
        failures += bool(problems)
    print(f"{count - failures} passed, {failures} failed")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="write the fixture set here")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--count", type=int, default=20, help="seeded random VGG specs")
    ap.add_argument("--describe", help="one JSON description to measure and print")
    ap.add_argument("--check", metavar="BIN", help="compare this vggscope binary with the tools on random specs")
    ap.add_argument("--kinds", default="vgg",
                    help="with --check, comma-separated: vgg (random --blocks NxC specs), presets (the paper presets "
                         "at batch 1-4 and odd sizes), blocks (random mixed --blocks), layers (random --layers)")
    ap.add_argument("--presets", default="presets", help="the presets directory (for --kinds presets)")
    ap.add_argument("--paper-out", help="write the paper fixture set (presets, mixed blocks, layer lists) here")
    a = ap.parse_args()
    if a.paper_out:
        import fvcore, ptflops, thop, torchinfo
        from importlib.metadata import version
        fixtures = {"tools": {p: version(p) for p in ["torch", "torchinfo", "ptflops", "fvcore", "thop"]},
                    "nets": paper_fixtures(a.seed, a.count, a.presets)}
        with open(a.paper_out, "w") as f:
            f.write(json.dumps(fixtures, separators=(",", ":")) + "\n")
        return
    if a.check:
        kinds = set(a.kinds.split(","))
        failures = check(a.check, a.seed, a.count) if "vgg" in kinds else 0
        if kinds & {"presets", "blocks", "layers"}:
            failures += check_paper(a.check, a.seed, a.count, kinds, a.presets)
        sys.exit(1 if failures else 0)
    if a.describe:
        print(json.dumps(measure("described", json.loads(a.describe)), indent=1))
        return
    import fvcore, ptflops, thop, torchinfo
    from importlib.metadata import version
    fixtures = {
        "tools": {p: version(p) for p in ["torch", "torchinfo", "ptflops", "fvcore", "thop"]},
        "nets": [],
    }
    for name, desc in descriptions(a.seed, a.count):
        fixtures["nets"].append(measure(name, desc))
        print(name, fixtures["nets"][-1]["totals"], file=sys.stderr)
    text = json.dumps(fixtures, separators=(",", ":"))
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
