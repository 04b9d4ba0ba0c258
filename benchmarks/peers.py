#!/usr/bin/env python3
"""Peer benchmark: vggscope (release build) against onnxruntime and, when installed, PyTorch.

Same machine, same thread count, same input shapes; the frameworks are alternated round by round so
a noisy neighbour slows all of them alike. Each round records each framework's median pass time;
the table reports the median of those round medians and the ratio vggscope / peer (below 1 = faster).

Graphs are built from the architecture alone (random He-normal weights, no downloads):
onnxruntime gets an ONNX graph made with onnx.helper, PyTorch an nn.Sequential, vggscope its preset.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
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
SIZE = 224  # at 224x224 the 7x7 adaptive average pool is the identity, so the graphs need no pooling head


def he(rng, shape, fan_in):
    return (rng.standard_normal(shape, dtype=np.float32) * np.float32(np.sqrt(2.0 / fan_in))).astype(np.float32)


def onnx_model(blocks, seed=0):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    nodes, inits = [], []
    x, channels, spatial = "input", 3, SIZE
    for b, (convs, out) in enumerate(blocks):
        for c in range(convs):
            name = f"b{b}c{c}"
            inits.append(numpy_helper.from_array(he(rng, (out, channels, 3, 3), channels * 9), name + "_w"))
            inits.append(numpy_helper.from_array(np.zeros(out, np.float32), name + "_b"))
            nodes.append(helper.make_node("Conv", [x, name + "_w", name + "_b"], [name], kernel_shape=[3, 3],
                                          pads=[1, 1, 1, 1], strides=[1, 1]))
            nodes.append(helper.make_node("Relu", [name], [name + "_r"]))
            x, channels = name + "_r", out
        nodes.append(helper.make_node("MaxPool", [x], [f"pool{b}"], kernel_shape=[2, 2], strides=[2, 2]))
        x, spatial = f"pool{b}", spatial // 2
    assert spatial == 7, "the graph assumes a 224x224 input (7x7 before the classifier)"
    nodes.append(helper.make_node("Flatten", [x], ["flat"], axis=1))
    x, features = "flat", channels * 49
    for j, width in enumerate(HIDDEN + [CLASSES]):
        name = f"fc{j}"
        inits.append(numpy_helper.from_array(he(rng, (width, features), features), name + "_w"))
        inits.append(numpy_helper.from_array(np.zeros(width, np.float32), name + "_b"))
        nodes.append(helper.make_node("Gemm", [x, name + "_w", name + "_b"], [name], transB=1))
        x, features = name, width
        if j < len(HIDDEN):
            nodes.append(helper.make_node("Relu", [x], [x + "_r"]))
            x += "_r"
    graph = helper.make_graph(
        nodes, "vgg",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, SIZE, SIZE])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, ["N", CLASSES])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    return model


class OnnxRuntime:
    name = "onnxruntime"

    def __init__(self, blocks, threads):
        import onnxruntime as ort
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(onnx_model(blocks).SerializeToString(), options,
                                            providers=["CPUExecutionProvider"])

    def time(self, batch, warmup, repeat):
        x = np.random.default_rng(1).standard_normal((batch, 3, SIZE, SIZE), dtype=np.float32)
        times = []
        for i in range(warmup + repeat):
            t0 = time.perf_counter()
            self.session.run(None, {"input": x})
            if i >= warmup:
                times.append(time.perf_counter() - t0)
        return statistics.median(times) * 1000


class PyTorch:
    name = "pytorch"

    def __init__(self, blocks, threads):
        import torch
        from torch import nn
        torch.set_num_threads(threads)
        layers, channels = [], 3
        for convs, out in blocks:
            for _ in range(convs):
                layers += [nn.Conv2d(channels, out, 3, padding=1), nn.ReLU(inplace=True)]
                channels = out
            layers.append(nn.MaxPool2d(2, 2))
        layers += [nn.AdaptiveAvgPool2d((7, 7)), nn.Flatten()]
        features = channels * 49
        for width in HIDDEN:
            layers += [nn.Linear(features, width), nn.ReLU(inplace=True), nn.Dropout()]
            features = width
        layers.append(nn.Linear(features, CLASSES))
        self.torch = torch
        self.model = nn.Sequential(*layers).eval()

    def time(self, batch, warmup, repeat):
        torch = self.torch
        x = torch.randn(batch, 3, SIZE, SIZE)
        times = []
        with torch.inference_mode():
            for i in range(warmup + repeat):
                t0 = time.perf_counter()
                self.model(x)
                if i >= warmup:
                    times.append(time.perf_counter() - t0)
        return statistics.median(times) * 1000


class VGGScope:
    name = "vggscope"

    def __init__(self, binary, model, threads):
        self.binary, self.model, self.threads = binary, model, threads
        self.last = None

    def time(self, batch, warmup, repeat):
        out = subprocess.run(
            [self.binary, "bench", self.model, "--batch", str(batch), "--threads", str(self.threads),
             "--warmup", str(warmup), "--repeat", str(repeat), "--format", "json"],
            check=True, capture_output=True, text=True).stdout
        self.last = json.loads(out)
        return self.last["total_ms"]["median"]


def numpy_gemm_gflops(size=2048, trials=10):
    """OpenBLAS sgemm through numpy, in a child process without this VM's OpenBLAS overrides."""
    code = (
        "import numpy as np, time\n"
        f"n = {size}\n"
        "a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)\n"
        "a @ b\n"
        "best = min((lambda t0: (a @ b, time.perf_counter() - t0)[1])(time.perf_counter())"
        f" for _ in range({trials}))\n"
        "print(2 * n ** 3 / best / 1e9)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


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
    parser.add_argument("--models", nargs="+", default=["vgg11", "vgg16"], choices=sorted(MODELS))
    parser.add_argument("--batches", nargs="+", type=int, default=[1, 8])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (medians of round medians)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per framework per round")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even when it is installed")
    args = parser.parse_args()
    if args.threads < 1 or args.rounds < 1 or args.repeat < 1 or args.warmup < 0 or min(args.batches) < 1:
        sys.exit("--threads, --rounds, --repeat and --batches must be at least 1, --warmup at least 0")

    binary = find_binary(args.vggscope)
    import onnxruntime
    versions = [f"onnxruntime {onnxruntime.__version__}", f"numpy {np.__version__}"]
    torch_note = None
    if not args.no_torch:
        try:
            import torch
            versions.append(f"torch {torch.__version__}")
        except ImportError:
            torch_note = "PyTorch is not installed (pip install torch); its column is omitted"
    use_torch = not args.no_torch and torch_note is None
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    print(f"machine: {cpu_name()}, {os.cpu_count()} cores; {platform.platform()}")
    print(f"versions: {'; '.join(versions)}; {swift[0] if swift else 'swift ?'}")
    print(f"vggscope: {binary}")
    print(f"threads {args.threads}, input Nx3x{SIZE}x{SIZE}, {args.rounds} alternating rounds x "
          f"(warmup {args.warmup} + {args.repeat} timed passes); figures are medians of the round medians")
    peak = numpy_gemm_gflops()
    print(f"numpy float32 2048x2048 matmul (OpenBLAS sgemm): {peak:.1f} GFLOP/s")
    if torch_note:
        print(torch_note)
    print(flush=True)

    results = {}  # (model, batch, framework) -> [round medians]
    extra = {}    # (model, batch) -> vggscope's last JSON
    for model in args.models:
        blocks = MODELS[model]
        peers = [OnnxRuntime(blocks, args.threads), VGGScope(binary, model, args.threads)]
        if use_torch:
            peers.append(PyTorch(blocks, args.threads))
        for round_index in range(args.rounds):
            for batch in args.batches:
                # Rotate the order each round so no framework always runs first (or right after a warm cache).
                order = peers[round_index % len(peers):] + peers[:round_index % len(peers)]
                for peer in order:
                    ms = peer.time(batch, args.warmup, args.repeat)
                    results.setdefault((model, batch, peer.name), []).append(ms)
                    if isinstance(peer, VGGScope):
                        extra[(model, batch)] = peer.last
                    print(f"  round {round_index + 1}/{args.rounds} {model} batch {batch} {peer.name}: {ms:.1f} ms",
                          file=sys.stderr, flush=True)
        del peers

    columns = ["model", "batch", "vggscope ms", "onnxruntime ms", "vggscope/ort"]
    if use_torch:
        columns += ["pytorch ms", "vggscope/torch"]
    columns += ["vggscope img/s", "ort img/s", "vggscope GFLOP/s", "% of numpy sgemm"]
    rows = []
    for model in args.models:
        for batch in args.batches:
            med = {name: statistics.median(results[(model, batch, name)])
                   for name in ("vggscope", "onnxruntime", "pytorch") if (model, batch, name) in results}
            report = extra[(model, batch)]
            gflops = report["gflops"] * report["total_ms"]["median"] / med["vggscope"]
            row = [model, str(batch), f"{med['vggscope']:.1f}", f"{med['onnxruntime']:.1f}",
                   f"{med['vggscope'] / med['onnxruntime']:.2f}x"]
            if use_torch:
                row += [f"{med['pytorch']:.1f}", f"{med['vggscope'] / med['pytorch']:.2f}x"]
            row += [f"{1000 * batch / med['vggscope']:.2f}", f"{1000 * batch / med['onnxruntime']:.2f}",
                    f"{gflops:.1f}", f"{100 * gflops / peak:.0f}%"]
            rows.append(row)
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join("---" if i < 2 else "---:" for i in range(len(columns))) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print("Ratios below 1.00x mean vggscope is faster. vggscope GFLOP/s counts FLOPs = 2 x torchinfo MACs of Conv2d")
    print("and Linear (the direct-convolution count; Winograd layers do fewer multiplications), so it can exceed")
    print("the sgemm peak. Weights are random: speed does not depend on their values.")


if __name__ == "__main__":
    main()
