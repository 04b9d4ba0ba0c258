#!/usr/bin/env python3
"""Peer benchmark: vggscope (release build) against onnxruntime and, when installed, OpenVINO and PyTorch.

Same machine, same thread count, same input shapes; the frameworks are alternated round by round so
a noisy neighbour slows all of them alike. Each round records each framework's median pass time;
the table reports the median of those round medians and the ratio vggscope / peer (below 1 = faster).

Graphs are built from the architecture alone (random He-normal weights, no downloads):
onnxruntime gets an ONNX graph made with onnx.helper, PyTorch an nn.Sequential, vggscope its preset.
"""
import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

# torchvision's configurations: (convs, channels) per block.
MODELS = {
    "vgg11": [(1, 64), (1, 128), (2, 256), (2, 512), (2, 512)],
    "vgg13": [(2, 64), (2, 128), (2, 256), (2, 512), (2, 512)],
    "vgg16": [(2, 64), (2, 128), (3, 256), (3, 512), (3, 512)],
    "vgg19": [(2, 64), (2, 128), (4, 256), (4, 512), (4, 512)],
}
HIDDEN = [4096, 4096]
CLASSES = 1000


class Config:
    """One network at one input: blocks of 3x3 convs (ReLU) each ending in a 2x2 max pool, a head (avgpool7: the 7x7
    adaptive average pool, which the graphs only build where it is the identity, i.e. a 7x7 map; flatten), hidden
    Linear widths and classes. `flags` are the vggscope bench arguments that build the same network."""

    def __init__(self, label, flags, blocks, batch, channels, size, head, hidden, classes):
        self.label, self.flags, self.blocks = label, flags, blocks
        self.batch, self.channels, self.size = batch, channels, size
        self.head, self.hidden, self.classes = head, hidden, classes
        h, w = (size, size) if isinstance(size, int) else size
        for _ in blocks:
            h, w = h // 2, w // 2
        if head == "avgpool7" and (h, w) != (7, 7):
            raise ValueError(f"{label}: the graphs build avgpool7 only where it is the identity (a 7x7 map)")

    def params_and_flops(self):
        params, flops, c = 0, 0, self.channels
        h, w = (self.size, self.size) if isinstance(self.size, int) else self.size
        for convs, out in self.blocks:
            for _ in range(convs):
                params += out * c * 9 + out
                flops += 2 * out * c * 9 * h * w
                c = out
            h, w = h // 2, w // 2
        f = c * h * w
        for width in self.hidden + [self.classes]:
            params += width * f + width
            flops += 2 * width * f
            f = width
        return params, flops * self.batch


def grid():
    """The issue's grid (#12): 2 threads; all --head flatten except the first three."""
    vgg11, vgg16 = MODELS["vgg11"], MODELS["vgg16"]
    fashion = [(1, 16), (1, 32), (2, 64), (2, 128), (2, 128)]
    return [
        Config("vgg11 1x3x224x224", ["vgg11", "--batch", "1"], vgg11, 1, 3, 224, "avgpool7", HIDDEN, 1000),
        Config("vgg16 1x3x224x224", ["vgg16", "--batch", "1"], vgg16, 1, 3, 224, "avgpool7", HIDDEN, 1000),
        Config("vgg16 8x3x224x224", ["vgg16", "--batch", "8"], vgg16, 8, 3, 224, "avgpool7", HIDDEN, 1000),
        Config("d2l-vgg11 1x1x224x224", ["d2l-vgg11", "--head", "flatten", "--batch", "1"], vgg11, 1, 1, 224, "flatten",
               HIDDEN, 10),
        Config("CIFAR vgg16 1x3x32x32", ["--blocks", "2x64,2x128,3x256,3x512,3x512", "--input", "1x3x32x32", "--head",
                                         "flatten", "--fc", "none", "--classes", "10"], vgg16, 1, 3, 32, "flatten", [], 10),
        Config("Fashion-MNIST VGG 64x1x96x96", ["--blocks", "1x16,1x32,2x64,2x128,2x128", "--input", "64x1x96x96", "--head",
                                                "flatten", "--fc", "4096,4096", "--classes", "10"], fashion, 64, 1, 96,
               "flatten", HIDDEN, 10),
        Config("vgg11 1x3x64x64", ["--blocks", "1x64,1x128,2x256,2x512,2x512", "--input", "1x3x64x64", "--head", "flatten",
                                   "--fc", "4096,4096", "--classes", "1000"], vgg11, 1, 3, 64, "flatten", HIDDEN, 1000),
    ]


def extra_configs():
    """Outside the grid (--extra): odd sizes, few channels, batch 64, tiny maps with a big classifier."""
    return [
        Config("vgg11 blocks 1x3x97x131", ["--blocks", "1x64,1x128,2x256,2x512,2x512", "--input", "1x3x97x131", "--head",
                                           "flatten", "--fc", "1024", "--classes", "10"],
               MODELS["vgg11"], 1, 3, (97, 131), "flatten", [1024], 10),
        Config("few channels 1x16..64 8x3x128x128", ["--blocks", "2x16,2x32,2x64", "--input", "8x3x128x128", "--head",
                                                     "flatten", "--fc", "256", "--classes", "10"],
               [(2, 16), (2, 32), (2, 64)], 8, 3, 128, "flatten", [256], 10),
        Config("CIFAR vgg16 64x3x32x32", ["--blocks", "2x64,2x128,3x256,3x512,3x512", "--input", "64x3x32x32", "--head",
                                          "flatten", "--fc", "none", "--classes", "10"], MODELS["vgg16"], 64, 3, 32,
               "flatten", [], 10),
        Config("vgg13 2x3x160x160", ["--blocks", "2x64,2x128,2x256,2x512,2x512", "--input", "2x3x160x160", "--head",
                                     "flatten", "--fc", "4096,4096", "--classes", "100"], MODELS["vgg13"], 2, 3, 160,
               "flatten", HIDDEN, 100),
    ]


def he(rng, shape, fan_in):
    return (rng.standard_normal(shape, dtype=np.float32) * np.float32(np.sqrt(2.0 / fan_in))).astype(np.float32)


def dims(config):
    h, w = (config.size, config.size) if isinstance(config.size, int) else config.size
    return h, w


def onnx_model(config, seed=0):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    nodes, inits = [], []
    h, w = dims(config)
    x, channels = "input", config.channels
    for b, (convs, out) in enumerate(config.blocks):
        for c in range(convs):
            name = f"b{b}c{c}"
            inits.append(numpy_helper.from_array(he(rng, (out, channels, 3, 3), channels * 9), name + "_w"))
            inits.append(numpy_helper.from_array(np.zeros(out, np.float32), name + "_b"))
            nodes.append(helper.make_node("Conv", [x, name + "_w", name + "_b"], [name], kernel_shape=[3, 3],
                                          pads=[1, 1, 1, 1], strides=[1, 1]))
            nodes.append(helper.make_node("Relu", [name], [name + "_r"]))
            x, channels = name + "_r", out
        nodes.append(helper.make_node("MaxPool", [x], [f"pool{b}"], kernel_shape=[2, 2], strides=[2, 2]))
        x, h, w = f"pool{b}", h // 2, w // 2
    nodes.append(helper.make_node("Flatten", [x], ["flat"], axis=1))
    x, features = "flat", channels * h * w
    widths = config.hidden + [config.classes]
    for j, width in enumerate(widths):
        name = f"fc{j}"
        inits.append(numpy_helper.from_array(he(rng, (width, features), features), name + "_w"))
        inits.append(numpy_helper.from_array(np.zeros(width, np.float32), name + "_b"))
        nodes.append(helper.make_node("Gemm", [x, name + "_w", name + "_b"], [name], transB=1))
        x, features = name, width
        if j < len(widths) - 1:
            nodes.append(helper.make_node("Relu", [x], [x + "_r"]))
            x += "_r"
    ih, iw = dims(config)
    graph = helper.make_graph(
        nodes, "vgg",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [config.batch, config.channels, ih, iw])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, [config.batch, config.classes])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    return model


def input_tensor(config):
    h, w = dims(config)
    return np.random.default_rng(1).standard_normal((config.batch, config.channels, h, w), dtype=np.float32)


def timed(run, warmup, repeat):
    times = []
    for i in range(warmup + repeat):
        t0 = time.perf_counter()
        run()
        if i >= warmup:
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


class OnnxRuntime:
    name = "onnxruntime"

    def __init__(self, config, threads, model_bytes):
        import onnxruntime as ort
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
        self.x = input_tensor(config)

    def time(self, warmup, repeat):
        return timed(lambda: self.session.run(None, {"input": self.x}), warmup, repeat)


class OpenVINO:
    """The vendor's engine on the same ONNX graph, f32 (without the precision hint it runs bf16 on CPUs with
    AVX512_BF16), N inference threads, one stream, latency hint."""
    name = "openvino"

    def __init__(self, config, threads, model_bytes):
        import openvino as ov
        core = ov.Core()
        with tempfile.NamedTemporaryFile(suffix=".onnx") as f:
            f.write(model_bytes)
            f.flush()
            model = core.read_model(f.name)
        self.compiled = core.compile_model(model, "CPU", {
            "INFERENCE_PRECISION_HINT": "f32", "INFERENCE_NUM_THREADS": threads, "NUM_STREAMS": 1,
            "PERFORMANCE_HINT": "LATENCY"})
        self.request = self.compiled.create_infer_request()
        self.x = input_tensor(config)

    def time(self, warmup, repeat):
        return timed(lambda: self.request.infer({0: self.x}), warmup, repeat)


class PyTorch:
    name = "pytorch"

    def __init__(self, config, threads, model_bytes):
        import torch
        from torch import nn
        torch.set_num_threads(threads)
        layers, channels = [], config.channels
        h, w = dims(config)
        for convs, out in config.blocks:
            for _ in range(convs):
                layers += [nn.Conv2d(channels, out, 3, padding=1), nn.ReLU(inplace=True)]
                channels = out
            layers.append(nn.MaxPool2d(2, 2))
            h, w = h // 2, w // 2
        if config.head == "avgpool7":
            layers.append(nn.AdaptiveAvgPool2d((7, 7)))
            h = w = 7
        layers.append(nn.Flatten())
        features = channels * h * w
        widths = config.hidden + [config.classes]
        for j, width in enumerate(widths):
            layers.append(nn.Linear(features, width))
            if j < len(widths) - 1:
                layers += [nn.ReLU(inplace=True), nn.Dropout()]
            features = width
        self.torch = torch
        self.model = nn.Sequential(*layers).eval()
        self.x = torch.from_numpy(input_tensor(config))

    def time(self, warmup, repeat):
        with self.torch.inference_mode():
            return timed(lambda: self.model(self.x), warmup, repeat)


class VGGScope:
    name = "vggscope"

    def __init__(self, binary, config, threads, env=None):
        self.binary, self.config, self.threads, self.env = binary, config, threads, env
        self.last = None

    def time(self, warmup, repeat):
        out = subprocess.run(
            [self.binary, "bench"] + self.config.flags + ["--threads", str(self.threads),
                                                          "--warmup", str(warmup), "--repeat", str(repeat), "--format", "json"],
            check=True, capture_output=True, text=True, env=self.env).stdout
        self.last = json.loads(out)
        return self.last["total_ms"]["median"]


def child_env(threads):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = str(threads)
    return env


def numpy_gemm_gflops(threads, size=2048, trials=10):
    """OpenBLAS sgemm through numpy on `threads` threads, in a child process without this VM's OpenBLAS overrides."""
    code = (
        "import numpy as np, time\n"
        f"n = {size}\n"
        "a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)\n"
        "a @ b\n"
        "best = min((lambda t0: (a @ b, time.perf_counter() - t0)[1])(time.perf_counter())"
        f" for _ in range({trials}))\n"
        "print(2 * n ** 3 / best / 1e9)\n")
    out = subprocess.run([sys.executable, "-c", code], env=child_env(threads), check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def numpy_bandwidth_gbs(size_mb=256, trials=10):
    """Memory bandwidth as numpy's copy of a 256 MB array counts it (bytes read + written, best of trials)."""
    a = np.ones(size_mb * (1 << 20) // 4, np.float32)
    b = np.empty_like(a)
    np.copyto(b, a)
    best = min((lambda t0: (np.copyto(b, a), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(trials))
    return 2 * a.nbytes / best / 1e9


def find_binary(explicit):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates = [explicit] if explicit else [
        os.path.join(root, ".build", "release", "vggscope"),
        os.path.join(root, ".build-runtime-rel", "release", "vggscope"),
    ]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    sys.exit("vggscope release binary not found; build it with `swift build -c release` or pass --vggscope PATH")


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vggscope", help="path to the release binary (default: .build/release/vggscope)")
    parser.add_argument("--grid", action="store_true", help="the issue's seven configurations (#12) instead of --models")
    parser.add_argument("--extra", action="store_true", help="also configurations outside the grid (odd sizes, few channels)")
    parser.add_argument("--only", nargs="+", type=int, help="grid/extra configuration numbers to run (1-based)")
    parser.add_argument("--models", nargs="+", default=["vgg11", "vgg16"], choices=sorted(MODELS))
    parser.add_argument("--batches", nargs="+", type=int, default=[1, 8])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (medians of round medians)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per framework per round")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even when it is installed")
    parser.add_argument("--no-openvino", action="store_true", help="skip OpenVINO even when it is installed")
    parser.add_argument("--avx2", action="store_true", help="also time vggscope with VGGSCOPE_ISA=avx2 (its AVX2 path)")
    parser.add_argument("--baseline", help="another vggscope release binary (e.g. an earlier commit's) timed alongside")
    args = parser.parse_args()
    if args.threads < 1 or args.rounds < 1 or args.repeat < 1 or args.warmup < 0 or min(args.batches) < 1:
        sys.exit("--threads, --rounds, --repeat and --batches must be at least 1, --warmup at least 0")

    if args.grid or args.extra:
        configs = (grid() if args.grid else []) + (extra_configs() if args.extra else [])
    else:
        configs = [Config(f"{m} {b}x3x224x224", [m, "--batch", str(b)], MODELS[m], b, 3, 224, "avgpool7", HIDDEN, CLASSES)
                   for m in args.models for b in args.batches]
    if args.only:
        configs = [configs[i - 1] for i in args.only if 1 <= i <= len(configs)]

    binary = find_binary(args.vggscope)
    import onnxruntime
    versions = [f"onnxruntime {onnxruntime.__version__}", f"numpy {np.__version__}"]
    notes = []
    frameworks = [OnnxRuntime]
    if not args.no_openvino:
        try:
            import openvino
            versions.append(f"openvino {openvino.__version__}")
            frameworks.append(OpenVINO)
        except ImportError:
            notes.append("OpenVINO is not installed (pip install openvino); its column is omitted")
    if not args.no_torch:
        try:
            import torch
            versions.append(f"torch {torch.__version__}")
            frameworks.append(PyTorch)
        except ImportError:
            notes.append("PyTorch is not installed (pip install torch); its column is omitted")
    names = [f.name for f in frameworks]
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    flags = open("/proc/cpuinfo").read() if os.path.exists("/proc/cpuinfo") else ""
    avx512 = " avx512f " in flags.replace("\n", " ")
    print(f"machine: {cpu_name()}, {os.cpu_count()} cores, {'AVX-512' if avx512 else 'no AVX-512'}; {platform.platform()}")
    print(f"versions: {'; '.join(versions)}; {swift[0] if swift else 'swift ?'}")
    print(f"vggscope: {binary}")
    print(f"threads {args.threads}, {args.rounds} alternating rounds x (warmup {args.warmup} + {args.repeat} timed passes);"
          " figures are medians of the round medians")
    peak = numpy_gemm_gflops(args.threads)
    bandwidth = numpy_bandwidth_gbs()
    print(f"machine limit: numpy float32 2048^3 matmul (OpenBLAS sgemm, {args.threads} threads) {peak:.1f} GFLOP/s;"
          f" numpy copy of 256 MB {bandwidth:.1f} GB/s (read + written)")
    for note in notes:
        print(note)
    print(flush=True)

    results = {}  # (config index, framework) -> [round medians]
    extra = {}
    for index, config in enumerate(configs):
        model_bytes = onnx_model(config).SerializeToString()
        peers = [f(config, args.threads, model_bytes) for f in frameworks] + [VGGScope(binary, config, args.threads)]
        variants = [("vggscope-avx2", binary, {"VGGSCOPE_ISA": "avx2"})] if args.avx2 else []
        if args.baseline:
            variants.append(("baseline", args.baseline, {}))
            if args.avx2:
                variants.append(("baseline-avx2", args.baseline, {"VGGSCOPE_ISA": "avx2"}))
        for name, path, env in variants:
            variant = VGGScope(path, config, args.threads, env=dict(os.environ, **env))
            variant.name = name
            peers.append(variant)
        for round_index in range(args.rounds):
            # Rotate the order each round so no framework always runs first (or right after a warm cache).
            order = peers[round_index % len(peers):] + peers[:round_index % len(peers)]
            for peer in order:
                ms = peer.time(args.warmup, args.repeat)
                results.setdefault((index, peer.name), []).append(ms)
                if peer.name == "vggscope":
                    extra[index] = peer.last
                print(f"  round {round_index + 1}/{args.rounds} {config.label} {peer.name}: {ms:.1f} ms",
                      file=sys.stderr, flush=True)
        del peers

    columns = ["configuration", "vggscope ms"] + [f"{n} ms" for n in names] + [f"vs {n}" for n in names]
    extras = (["vggscope-avx2"] if args.avx2 else []) + (["baseline"] if args.baseline else []) \
        + (["baseline-avx2"] if args.baseline and args.avx2 else [])
    columns += [f"{e} ms" for e in extras]
    columns += ["limit ms", "vggscope share of limit"]
    rows, ratios = [], {n: [] for n in names}
    for index, config in enumerate(configs):
        med = {name: statistics.median(v) for (i, name), v in results.items() if i == index}
        params, flops = config.params_and_flops()
        # The machine limit for this network: its direct-convolution FLOPs at the sgemm peak, or its weights read once
        # at the copy bandwidth, whichever is longer (Winograd does fewer multiplications, so vggscope can beat it).
        limit = max(flops / (peak * 1e9), 4 * params / (bandwidth * 1e9)) * 1000
        row = [config.label, f"{med['vggscope']:.1f}"] + [f"{med[n]:.1f}" for n in names]
        for n in names:
            ratios[n].append(med["vggscope"] / med[n])
            row.append(f"{med['vggscope'] / med[n]:.2f}x")
        row += [f"{med[e]:.1f}" for e in extras]
        row += [f"{limit:.1f}", f"{100 * limit / med['vggscope']:.0f}%"]
        rows.append(row)
    print("| " + " | ".join(columns) + " |")
    print("|---|" + "|".join("---:" for _ in columns[1:]) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    geo = {n: math.exp(statistics.mean(math.log(r) for r in rs)) for n, rs in ratios.items() if rs}
    print("| geometric mean | | " + " | ".join("" for _ in names) + " | "
          + " | ".join(f"{geo[n]:.2f}x" for n in names) + " |" + " |" * len(extras) + " | |")
    print()
    print("Ratios below 1.00x mean vggscope is faster. limit = max(direct-convolution FLOPs (2 x MACs of Conv2d and")
    print("Linear) / numpy sgemm peak, weight bytes / numpy copy bandwidth); share = limit / vggscope's time (Winograd")
    print("layers do fewer multiplications than the direct count, so the share can pass 100%). Weights are random:")
    print("speed does not depend on their values.")


if __name__ == "__main__":
    main()
