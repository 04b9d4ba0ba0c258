// kernel-bench: release benchmark for VGGKernels (a program, not a test). Prints medians.
//   swift build -c release --scratch-path .build-kernels-rel --product kernel-bench
//   .build-kernels-rel/release/kernel-bench [gemm] [conv] [gemv] [pool] [ab] [tpb] [fusedpool] [phases] [ukernel]
//       [--threads N] [--reps N] [--cpu] [--min] [--layer NAME] [--algo gemm|winograd-f4|winograd-f2|stream|gemm-rows] [--isa avx2|avx512]
// Default sections: gemm conv gemv pool. The others are A/B and phase timings used while tuning (paired: both sides
// alternate per repetition in one process): `ab` AVX2 vs AVX-512 kernels, `tpb` Winograd configurations (TPB=...),
// `fusedpool` conv + pool pass vs the pool fused, `phases` Winograd transforms alone, `ukernel` AVX-512 micro-kernels
// with operands in L1. Every side of an A/B is a kernel built with its own ConvConfig (no global switches).
// Results worth keeping go to docs/tuning.md.
// FLOPs are 2 x MACs; conv "effective GFLOP/s" counts direct-convolution FLOPs 2*Cout*Cin*k*k*OH*OW
// whatever the algorithm does, so Winograd's gain shows up as a higher effective rate.

@_spi(Tuning) import VGGKernels
#if arch(x86_64)
import VGGKernelsAVX512
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Wall clock, or with --cpu the process CPU time (sum over threads: robust to a noisy shared VM,
/// useful to compare work between versions; not a latency).
nonisolated(unsafe) var useCPUClock = false
/// --min reports the fastest run instead of the median (for A/B tuning on a noisy VM).
nonisolated(unsafe) var useMin = false
func now() -> Double {
    var ts = timespec()
    clock_gettime(useCPUClock ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Median seconds over `reps` runs after one warm-up.
func median(reps: Int, _ body: () -> Void) -> Double {
    body()
    var t: [Double] = []
    for _ in 0..<reps {
        let t0 = now()
        body()
        t.append(now() - t0)
    }
    t.sort()
    return useMin ? t[0] : t[t.count / 2]
}

func fmt(_ x: Double, _ digits: Int = 1) -> String {
    let scaled = Int((x * pow(10, Double(digits))).rounded())
    var s = String(scaled.magnitude)
    while s.count <= digits { s = "0" + s }
    if digits > 0 { s.insert(".", at: s.index(s.endIndex, offsetBy: -digits)) }
    return scaled < 0 ? "-" + s : s
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
func left(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

var args = Array(CommandLine.arguments.dropFirst())
var threads = Parallelism.available
var reps = 7
var sections: Set<String> = []
var onlyLayer: String? = nil
var onlyAlgo: ConvMethod? = nil
/// The ISA every kernel here is built with: --isa, else VGGSCOPE_ISA=avx2, else this CPU's best.
var isa: KernelISA = getenv("VGGSCOPE_ISA").map { String(cString: $0).lowercased() == "avx2" ? .avx2 : .detected } ?? .detected
var i = 0
while i < args.count {
    switch args[i] {
    case "--threads": threads = Int(args[i + 1])!; i += 1
    case "--reps": reps = Int(args[i + 1])!; i += 1
    case "--cpu": useCPUClock = true
    case "--min": useMin = true
    case "--layer": onlyLayer = args[i + 1]; i += 1
    case "--algo": onlyAlgo = ConvMethod(rawValue: args[i + 1])!; i += 1
    case "--isa": isa = KernelISA.usable(KernelISA(rawValue: args[i + 1])!); i += 1
    default: sections.insert(args[i])
    }
    i += 1
}
if sections.isEmpty { sections = ["gemm", "conv", "gemv", "pool"] }
let pool = Parallelism(threads: threads)
print("kernel-bench: isa=\(isa.rawValue) (detected \(KernelISA.detected.rawValue); --isa or VGGSCOPE_ISA=avx2 picks AVX2) threads=\(threads) reps=\(reps) (\(useMin ? "minimum" : "median") \(useCPUClock ? "process CPU time" : "wall time"); FLOPs = 2 x MACs)")

/// Seeded LCG fill in [-scale, scale).
func randomTensor(_ shape: [Int], scale: Float = 1, seed: UInt64 = 12345) -> BenchBuffer {
    let t = BenchBuffer(shape: shape)
    var s = seed &+ UInt64(t.count)
    for i in 0..<t.count {
        s = s &* 6364136223846793005 &+ 1442695040888963407
        t.data[i] = (Float(s >> 40) / Float(1 << 24) * 2 - 1) * scale
    }
    return t
}

if sections.contains("gemm") {
    print("\n== sgemm (row-major, C = A*B) ==")
    let shapes: [(String, Int, Int, Int)] = [
        ("square 2048^3", 2048, 2048, 2048),
        ("conv1_2 im2col 64x50176x576", 64, 50176, 576),
        ("conv3_2 im2col 256x3136x2304", 256, 3136, 2304),
        ("conv5_2 im2col 512x196x4608", 512, 196, 4608),
        ("winograd F4 conv3 elem 256x196x256", 256, 196, 256),
        ("fc batch 64 64x4096x4096", 64, 4096, 4096),
    ]
    for (name, m, n, k) in shapes {
        let a = randomTensor([m, k]), b = randomTensor([k, n]), c = BenchBuffer(shape: [m, n])
        for t in Set([1, threads]).sorted() {
            let p = Parallelism(threads: t)
            let s = median(reps: reps) {
                GEMM.sgemm(m: m, n: n, k: k, a: a.input, lda: k, b: b.input, ldb: n, c: c.buffer, ldc: n, accumulate: false, isa: isa, pool: p)
            }
            let gf = 2 * Double(m) * Double(n) * Double(k) / s / 1e9
            print("\(left(name, 38)) threads \(t): \(pad(fmt(s * 1e3, 2), 8)) ms  \(pad(fmt(gf), 6)) GFLOP/s")
        }
    }
}

struct ConvLayer { let name: String; let cin: Int; let cout: Int; let hw: Int }
let vgg16: [ConvLayer] = [
    .init(name: "conv1_1", cin: 3, cout: 64, hw: 224), .init(name: "conv1_2", cin: 64, cout: 64, hw: 224),
    .init(name: "conv2_1", cin: 64, cout: 128, hw: 112), .init(name: "conv2_2", cin: 128, cout: 128, hw: 112),
    .init(name: "conv3_1", cin: 128, cout: 256, hw: 56), .init(name: "conv3_2", cin: 256, cout: 256, hw: 56),
    .init(name: "conv3_3", cin: 256, cout: 256, hw: 56), .init(name: "conv4_1", cin: 256, cout: 512, hw: 28),
    .init(name: "conv4_2", cin: 512, cout: 512, hw: 28), .init(name: "conv4_3", cin: 512, cout: 512, hw: 28),
    .init(name: "conv5_1", cin: 512, cout: 512, hw: 14), .init(name: "conv5_2", cin: 512, cout: 512, hw: 14),
    .init(name: "conv5_3", cin: 512, cout: 512, hw: 14),
]

/// A 3x3/1/1 conv of layer l's shape built with `config`.
func conv3x3(_ l: ConvLayer, _ w: BenchBuffer, _ bias: BenchBuffer, _ config: ConvConfig) -> Conv2dKernel {
    Conv2dKernel(weights: w.input, bias: bias.input, outChannels: l.cout, inChannels: l.cin, kernel: 3, stride: 1, padding: 1,
                 config: config)
}

/// He-scaled weights, small biases and a unit-range input for one VGG-16 conv shape (fixed seeds).
func layerTensors(_ l: ConvLayer) -> (BenchBuffer, BenchBuffer, BenchBuffer) {
    (randomTensor([l.cout, l.cin, 3, 3], scale: (6 / Float(l.cin * 9)).squareRoot()), randomTensor([l.cout], scale: 0.1),
     randomTensor([1, l.cin, l.hw, l.hw]))
}

if sections.contains("conv") {
    print("\n== VGG-16 conv layers, batch 1, 224x224 input, bias + ReLU (effective GFLOP/s = direct-conv FLOPs / time) ==")
    let algos: [ConvMethod] = onlyAlgo.map { [$0] } ?? [.gemm, .winogradF4, .winogradF2]
    var totals: [ConvMethod: Double] = [:]
    var vgg11: [ConvMethod: Double] = [:]
    // VGG-11's eight convs have exactly these VGG-16 shapes.
    let vgg11Layers: Set<String> = ["conv1_1", "conv2_1", "conv3_1", "conv3_2", "conv4_1", "conv4_2", "conv5_1", "conv5_2"]
    var worstRel: Float = 0
    var header = "layer      Cin->Cout  HxW    "
    for a in algos { header += pad("\(a.rawValue) ms", 12) + pad("GF/s", 7) }
    print(header)
    for l in vgg16 where onlyLayer == nil || onlyLayer == l.name {
        let (w, bias, x) = layerTensors(l)
        var outs: [ConvMethod: BenchBuffer] = [:]
        let flops = 2.0 * Double(l.cout * l.cin * 9 * l.hw * l.hw)
        var line = "\(left(l.name, 10)) \(pad("\(l.cin)->\(l.cout)", 8))  \(pad("\(l.hw)", 3))    "
        for a in algos {
            let conv = conv3x3(l, w, bias, ConvConfig(method: a, isa: isa, threads: threads))
            let ws = BenchBuffer(shape: [conv.workspaceCount(batch: 1, height: l.hw, width: l.hw)])
            let y = BenchBuffer(shape: [1, l.cout, l.hw, l.hw])
            outs[a] = y
            let s = median(reps: reps) {
                conv.forward(input: x.input, batch: 1, height: l.hw, width: l.hw, output: y.buffer, relu: true, workspace: ws.buffer, pool: pool)
            }
            totals[a, default: 0] += s
            if vgg11Layers.contains(l.name) { vgg11[a, default: 0] += s }
            line += pad(fmt(s * 1e3, 2), 12) + pad(fmt(flops / s / 1e9), 7)
        }
        if let g = outs[.gemm], let wg = outs[.winogradF4] {
            // Winograd F(4x4,3x3) rounding vs the im2col GEMM (He-init weights, inputs in [-1, 1)).
            var md: Float = 0, mr: Float = 0
            for i in 0..<g.count { md = max(md, abs(g.data[i] - wg.data[i])); mr = max(mr, abs(g.data[i])) }
            worstRel = max(worstRel, md / max(mr, 1e-30))
        }
        print(line)
    }
    var tl = "VGG-16 conv stack (ms)         "
    for a in algos { tl += pad(fmt(totals[a]! * 1e3, 1), 12) + pad("", 7) }
    print(tl)
    if onlyLayer == nil {
        var t11 = "VGG-11 conv stack (ms)         "
        for a in algos { t11 += pad(fmt(vgg11[a]! * 1e3, 1), 12) + pad("", 7) }
        print(t11)
    }
    if algos.contains(.gemm) && algos.contains(.winogradF4) {
        print("Winograd vs GEMM: worst max|diff| / max|out| over the layers = \(worstRel)")
    }
}

if sections.contains("ab") {
    // Paired A/B of the kernel ISAs in one process: every repetition times AVX2 then AVX-512 back to back, so a noisy
    // shared VM slows both sides alike. Each side is a kernel built for its ISA (--algo, default winograd-f4).
    if KernelISA.detected != .avx512 {
        print("\n== ab: skipped, this CPU has no AVX-512 ==")
    } else {
        let isas: [KernelISA] = [.avx2, .avx512]
        func paired(_ body: (KernelISA) -> Void) -> [Double] {
            var t: [[Double]] = [[], []]
            for side in isas { body(side) }   // warm-up
            for _ in 0..<reps {
                for (k, side) in isas.enumerated() {
                    let t0 = now(); body(side); t[k].append(now() - t0)
                }
            }
            return t.map { let s = $0.sorted(); return useMin ? s[0] : s[s.count / 2] }
        }
        print("\n== ab: AVX2 vs AVX-512 kernels, paired per repetition (\(useMin ? "minimum" : "median") of \(reps)) ==")
        for (name, m, n, k) in [("sgemm 2048^3", 2048, 2048, 2048), ("sgemm 768^3", 768, 768, 768)] {
            let a = randomTensor([m, k]), b = randomTensor([k, n]), c = BenchBuffer(shape: [m, n])
            let s = paired { side in GEMM.sgemm(m: m, n: n, k: k, a: a.input, lda: k, b: b.input, ldb: n, c: c.buffer, ldc: n, accumulate: false, isa: side, pool: pool) }
            let gf = s.map { 2 * Double(m) * Double(n) * Double(k) / $0 / 1e9 }
            print("\(left(name, 14)) GFLOP/s avx2 \(pad(fmt(gf[0]), 6))  avx512 \(pad(fmt(gf[1]), 6))  x\(fmt(gf[1] / gf[0], 2))")
        }
        let vgg11Layers: Set<String> = ["conv1_1", "conv2_1", "conv3_1", "conv3_2", "conv4_1", "conv4_2", "conv5_1", "conv5_2"]
        var tot16 = [0.0, 0.0], tot11 = [0.0, 0.0]
        print("layer       avx2 ms  avx512 ms  ratio")
        for l in vgg16 where onlyLayer == nil || onlyLayer == l.name {
            let (w, bias, x) = layerTensors(l)
            let convs = isas.map { conv3x3(l, w, bias, ConvConfig(method: onlyAlgo ?? .winogradF4, isa: $0, threads: threads)) }
            let ws = BenchBuffer(shape: [convs.map { $0.workspaceCount(batch: 1, height: l.hw, width: l.hw) }.max()!])
            let y = BenchBuffer(shape: [1, l.cout, l.hw, l.hw])
            let s = paired { side in
                convs[side == .avx2 ? 0 : 1].forward(input: x.input, batch: 1, height: l.hw, width: l.hw, output: y.buffer, relu: true,
                                                     workspace: ws.buffer, pool: pool)
            }
            for k in 0..<2 { tot16[k] += s[k]; if vgg11Layers.contains(l.name) { tot11[k] += s[k] } }
            print("\(left(l.name, 10)) \(pad(fmt(s[0] * 1e3, 2), 8)) \(pad(fmt(s[1] * 1e3, 2), 10))  \(fmt(s[1] / s[0], 2))")
        }
        print("VGG-16 conv stack \(pad(fmt(tot16[0] * 1e3, 1), 8)) ms vs \(pad(fmt(tot16[1] * 1e3, 1), 8)) ms  \(fmt(tot16[1] / tot16[0], 2))")
        if onlyLayer == nil {
            print("VGG-11 conv stack \(pad(fmt(tot11[0] * 1e3, 1), 8)) ms vs \(pad(fmt(tot11[1] * 1e3, 1), 8)) ms  \(fmt(tot11[1] / tot11[0], 2))")
        }
    }
}


/// tpb configs: "+"-separated tokens. A number = Winograd tile block (0 = the built-in rule); kc<N> = K block; an
/// algorithm name (gemm, winograd-f4, winograd-f2, stream, gemm-rows) = the method (default --algo, else winograd-f4).
@MainActor func tuningConfig(_ c: String) -> ConvConfig {
    var config = ConvConfig(method: onlyAlgo ?? .winogradF4, isa: isa, threads: threads)
    for t in c.split(separator: "+").map(String.init) {
        if let n = Int(t) { config.tileBlock = n == 0 ? nil : n }
        else if t.hasPrefix("kc") { config.kBlock = Int(t.dropFirst(2))! }
        else if let m = ConvMethod(rawValue: t) { config.method = m }
        else { fatalError("unknown tpb token \(t)") }
    }
    return config
}

/// TPB_POOL=1: tpb times the convs with the 2x2 max pool fused (forward maxPool2x2: true).
let tpbPool = getenv("TPB_POOL") != nil
if sections.contains("tpb") {
    // Paired A/B of Winograd tile-block caps in one process (alternating per repetition), at the active ISA.
    // TPB=0,64 compares the built-in rule (0) with a fixed cap of 64 tiles.
    let caps: [String] = (getenv("TPB").map { String(cString: $0) } ?? "32,64,96,128").split(separator: ",").map { String($0) }
    print("\n== tpb: Winograd tile-block cap \(caps), isa=\(isa.rawValue), paired (\(useMin ? "minimum" : "median") of \(reps)) ==")
    var tot = [Double](repeating: 0, count: caps.count)
    for l in vgg16 where onlyLayer == nil || onlyLayer == l.name {
        let (w, bias, x) = layerTensors(l)
        // One conv per configuration, each built with its own ConvConfig.
        let convs = caps.map { conv3x3(l, w, bias, tuningConfig($0)) }
        let wsCount = convs.map { $0.workspaceCount(batch: 1, height: l.hw, width: l.hw, maxPool2x2: tpbPool) }.max()!
        let ws = BenchBuffer(shape: [wsCount])
        let y = BenchBuffer(shape: [1, l.cout, l.hw, l.hw])
        var t = [[Double]](repeating: [], count: caps.count)
        for k in caps.indices { convs[k].forward(input: x.input, batch: 1, height: l.hw, width: l.hw, output: y.buffer, relu: true, maxPool2x2: tpbPool, workspace: ws.buffer, pool: pool) }
        for _ in 0..<reps {
            for k in caps.indices {
                let t0 = now()
                convs[k].forward(input: x.input, batch: 1, height: l.hw, width: l.hw, output: y.buffer, relu: true, maxPool2x2: tpbPool,
                                 workspace: ws.buffer, pool: pool)
                t[k].append(now() - t0)
            }
        }
        let s = t.map { let s = $0.sorted(); return useMin ? s[0] : s[s.count / 2] }
        var line = left(l.name, 10)
        for k in 0..<caps.count { tot[k] += s[k]; line += pad(fmt(s[k] * 1e3, 2), 9) }
        print(line)
    }
    var line = left("stack", 10)
    for k in 0..<caps.count { line += pad(fmt(tot[k] * 1e3, 1), 9) }
    print(line)
}

if sections.contains("fusedpool") {
    // Paired A/B per repetition: conv (+bias+ReLU) then Pooling.maxPool2x2 as its own pass, against the conv with the
    // pool fused into its epilogue (forward maxPool2x2: true). Every VGG-16 conv shape; VGG-11's pooled convs
    // (conv1_1, conv2_1, conv3_2, conv4_2, conv5_2) are among them. --algo picks the conv algorithm (default auto).
    let algo = onlyAlgo ?? .winogradF4
    print("\n== fusedpool: conv + maxPool2x2 pass vs pool fused into the conv epilogue, \(algo.rawValue), paired (\(useMin ? "minimum" : "median") of \(reps)) ==")
    print("layer      algo       conv ms   pool ms  conv+pool ms  fused ms  saved ms   ratio")
    for l in vgg16 where onlyLayer == nil || onlyLayer == l.name {
        let (w, bias, x) = layerTensors(l)
        let conv = conv3x3(l, w, bias, ConvConfig(method: l.cin > 0 ? algo : .gemm, isa: isa, threads: threads))
        let ws = BenchBuffer(shape: [max(conv.workspaceCount(batch: 1, height: l.hw, width: l.hw),
                                    conv.workspaceCount(batch: 1, height: l.hw, width: l.hw, maxPool2x2: true))])
        let y = BenchBuffer(shape: [1, l.cout, l.hw, l.hw]), yp = BenchBuffer(shape: [1, l.cout, l.hw / 2, l.hw / 2])
        let yf = BenchBuffer(shape: [1, l.cout, l.hw / 2, l.hw / 2])
        func unfusedConv() { conv.forward(input: x.input, batch: 1, height: l.hw, width: l.hw, output: y.buffer, relu: true, workspace: ws.buffer, pool: pool) }
        func poolPass() { Pooling.maxPool2x2(input: y.input, batch: 1, channels: l.cout, height: l.hw, width: l.hw, output: yp.buffer, pool: pool) }
        func fused() { conv.forward(input: x.input, batch: 1, height: l.hw, width: l.hw, output: yf.buffer, relu: true, maxPool2x2: true, workspace: ws.buffer, pool: pool) }
        unfusedConv(); poolPass(); fused()
        var tc: [Double] = [], tp: [Double] = [], tf: [Double] = []
        for _ in 0..<reps {
            var t0 = now(); unfusedConv(); tc.append(now() - t0)
            t0 = now(); poolPass(); tp.append(now() - t0)
            t0 = now(); fused(); tf.append(now() - t0)
        }
        var diff: Float = 0
        for i in 0..<yf.count { diff = max(diff, abs(yf.data[i] - yp.data[i])) }
        let both = zip(tc, tp).map { $0 + $1 }
        func pick(_ t: [Double]) -> Double { let s = t.sorted(); return useMin ? s[0] : s[s.count / 2] }
        let sc = pick(tc), sp = pick(tp), sb = pick(both), sf = pick(tf)
        let used = conv.method.rawValue
        let saved = (sb - sf) * 1e3
        print("\(left(l.name, 10)) \(left(used, 8)) \(pad(fmt(sc * 1e3, 2), 9)) \(pad(fmt(sp * 1e3, 2), 9)) \(pad(fmt(sb * 1e3, 2), 13))"
              + " \(pad(fmt(sf * 1e3, 2), 9)) \(pad(fmt(saved, 2), 9))  \(pad(fmt(sf / sb, 3), 6))"
              + (diff == 0 ? "" : "  max|diff| \(diff)"))
    }
}

if sections.contains("gemv") {
    print("\n== Linear (GEMV at batch 1, streams W once) ==")
    for (nin, nout) in [(25088, 4096), (4096, 4096)] {
        let w = randomTensor([nout, nin]), b = randomTensor([nout])
        let x = randomTensor([nin]), y = BenchBuffer(shape: [nout])
        let lin = LinearKernel(weights: w.tensor(shape: [nout, nin]), bias: b.tensor(shape: [nout]), inFeatures: nin, outFeatures: nout, isa: isa)
        for t in Set([1, threads]).sorted() {
            let p = Parallelism(threads: t)
            let s = median(reps: reps) { lin.forward(input: x.input, batch: 1, output: y.buffer, relu: true, pool: p) }
            let gbs = Double(nin * nout * 4) / s / 1e9
            print("\(nin)x\(nout) batch 1 threads \(t): \(pad(fmt(s * 1e3, 2), 8)) ms  \(pad(fmt(gbs), 6)) GB/s of weights")
        }
        for batch in (nin == 25088 ? [4, 16] : [32, 33, 64]) {
            let xb = randomTensor([batch, nin]), yb = BenchBuffer(shape: [batch, nout])
            let s = median(reps: max(3, reps / 2)) { lin.forward(input: xb.input, batch: batch, output: yb.buffer, relu: true, pool: pool) }
            print("\(nin)x\(nout) batch \(batch) threads \(threads): \(pad(fmt(s * 1e3, 2), 8)) ms  \(pad(fmt(2 * Double(batch * nin * nout) / s / 1e9), 6)) GFLOP/s")
        }
    }
}

if sections.contains("pool") {
    print("\n== Pooling ==")
    let x = randomTensor([1, 64, 224, 224]), y = BenchBuffer(shape: [1, 64, 112, 112])
    let s = median(reps: reps) { Pooling.maxPool2x2(input: x.input, batch: 1, channels: 64, height: 224, width: 224, output: y.buffer, pool: pool) }
    print("maxPool2x2 64x224x224: \(fmt(s * 1e3, 3)) ms  \(fmt(Double(x.count + y.count) * 4 / s / 1e9)) GB/s")
}

if sections.contains("phases") {
    // The Winograd F4 input transform alone (1 thread): the real sweep over all tile blocks (input from memory) and
    // the same number of block transforms of block 0 (input hot in cache).
    print("\n== phases: F4 input transform, 1 thread, isa=\(isa.rawValue) (\(useMin ? "minimum" : "median") of \(reps)) ==")
    print("layer       sweep ms   hot ms   ns/group-channel (sweep, hot)")
    for l in vgg16 where (onlyLayer == nil || onlyLayer == l.name) && l.cin > 3 {
        let x = randomTensor([1, l.cin, l.hw, l.hw])
        let v = BenchBuffer(shape: [WinogradPhases.vFloats(cin: l.cin, hw: l.hw, isa: isa)])
        let cold = median(reps: reps) { WinogradPhases.inputTransformSweep(input: x.input, cin: l.cin, hw: l.hw, hot: false, isa: isa, v: v.buffer) }
        let hot = median(reps: reps) { WinogradPhases.inputTransformSweep(input: x.input, cin: l.cin, hw: l.hw, hot: true, isa: isa, v: v.buffer) }
        let tiles = ((l.hw + 3) / 4) * ((l.hw + 3) / 4)
        let groups = Double((tiles + 15) / 16 * 2 * l.cin)
        print("\(left(l.name, 10)) \(pad(fmt(cold * 1e3, 2), 8)) \(pad(fmt(hot * 1e3, 2), 8))   \(pad(fmt(cold / groups * 1e9, 0), 6)) \(pad(fmt(hot / groups * 1e9, 0), 6))")
    }
    print("\npooled output transform (+ bias, ReLU, 2x2 max pool), 1 thread, paired: 16 lanes (AVX-512) vs SIMD8, ms")
    for l in vgg16 where onlyLayer == nil || onlyLayer == l.name {
        let m = randomTensor([WinogradPhases.mFloats(cout: l.cout, hw: l.hw, isa: .avx512)])
        let bias = randomTensor([l.cout], scale: 0.1)
        let y = BenchBuffer(shape: [1, l.cout, l.hw / 2, l.hw / 2])
        var tw: [Double] = [], tn: [Double] = []
        for r in 0...reps {
            var t0 = now()
            WinogradPhases.pooledOutputSweep(m: m.input, cout: l.cout, hw: l.hw, bias: bias.input, wide: true, output: y.buffer)
            if r > 0 { tw.append(now() - t0) }
            t0 = now()
            WinogradPhases.pooledOutputSweep(m: m.input, cout: l.cout, hw: l.hw, bias: bias.input, wide: false, output: y.buffer)
            if r > 0 { tn.append(now() - t0) }
        }
        tw.sort(); tn.sort()
        let a = useMin ? tw[0] : tw[tw.count / 2], b = useMin ? tn[0] : tn[tn.count / 2]
        print("\(left(l.name, 10)) \(pad(fmt(a * 1e3, 2), 7)) vs \(pad(fmt(b * 1e3, 2), 7))")
    }
}

#if arch(x86_64)
if sections.contains("ukernel") && KernelISA.detected == .avx512 {
    // The AVX-512 micro-kernels alone, 1 thread, operands hot in L1 (A: 6 or 12 rows x kc; B: 16 or 32 columns x kc):
    // the ceiling the Winograd multiply could reach if its operands were always in L1. GFLOP/s = 2 x FMAs x 16 lanes.
    print("\n== ukernel: AVX-512 micro-kernels, operands in L1, kc = 256, 1 thread (\(useMin ? "minimum" : "median") of \(reps)) ==")
    let kc = 256, calls = 20_000
    let a = randomTensor([2 * 6 * kc]), b = randomTensor([2 * 16 * kc]), c = BenchBuffer(shape: [12 * 32])
    let a1 = a.data + 6 * kc, b1 = b.data + 16 * kc
    let cases: [(String, Int, () -> Void)] = [
        ("run12x32", 24, { Microkernel6x32.run12x32(kc: kc, a0: a.data, a1: a1, b0: b.data, b1: b1, c: c.data, c1: c.data + 6 * 32, ldc: 32, accumulate: false) }),
        ("run12x16", 12, { Microkernel6x32.run12x16(kc: kc, a0: a.data, a1: a1, b: b.data, c: c.data, c1: c.data + 6 * 32, ldc: 32, accumulate: false) }),
        ("run32 (6x32)", 12, { Microkernel6x32.run32(kc: kc, a: a.data, b0: b.data, b1: b1, c: c.data, ldc: 32, accumulate: false, bias: nil, relu: false) }),
        ("run16 (6x16)", 6, { Microkernel6x32.run16(kc: kc, a: a.data, b: b.data, c: c.data, ldc: 32, accumulate: false, bias: nil, relu: false) }),
    ]
    for (name, fmas, body) in cases {
        let s = median(reps: reps) { for _ in 0..<calls { body() } }
        let gf = Double(calls * kc * fmas * 32) / s / 1e9
        print("\(left(name, 14)) \(pad(fmt(gf), 7)) GFLOP/s")
    }
}
#endif
