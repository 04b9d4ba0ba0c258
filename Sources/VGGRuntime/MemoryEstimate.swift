import Foundation
import VGGCore
import VGGKernels

/// Bytes a runnable model will hold, estimated from the summary before anything is allocated.
/// Conv weights are staged one layer at a time and freed once packed, so they count once (the largest);
/// Linear weights are kept as loaded and shared with the kernel.
public struct MemoryEstimate: Equatable, Sendable {
    /// Linear weights and biases (kept), plus the largest conv layer's staging copy.
    public var weightBytes = 0
    /// Conv weights in the kernels' packed layout (Winograd's transformed filters are 36/9 = 4x larger).
    public var packedBytes = 0
    /// The two ping-pong activation buffers, each sized for the largest output a step writes (a conv with a fused
    /// MaxPool writes only the pooled map).
    public var activationBytes = 0
    /// Kernel scratch, shared by all layers.
    public var workspaceBytes = 0

    public var totalBytes: Int { weightBytes &+ packedBytes &+ activationBytes &+ workspaceBytes }

    public var breakdown: String {
        "weights \(Self.format(weightBytes)) + packed conv weights \(Self.format(packedBytes))"
            + " + activations \(Self.format(activationBytes)) + workspace \(Self.format(workspaceBytes))"
    }

    public static func format(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_000_000
        return mb >= 1000 ? String(format: "%.2f GB", mb / 1000) : String(format: "%.1f MB", mb)
    }

    public init() {}

    /// The estimate for `summary` run with `algorithm`; `workers` threads each get their own GEMM scratch.
    /// `fuseMaxPool` as in ExecutionOptions.
    public init(summary: ModelSummary, algorithm: ConvAlgorithm, workers: Int = ThreadPool.available,
                fuseMaxPool: Bool = true) throws(RuntimeError) {
        var stagedConv = 0
        var largestActivation = 0
        // Outputs that stay inside a conv's kernel call (conv, BatchNorm, ReLU before a fused pool) take no buffer.
        var unmaterialised = Set<Int>()
        var pooledConvs = Set<Int>()
        for (index, facts) in summary.layers.enumerated() {
            if case .conv2d = facts.layer.op {
                let fusion = ConvFusion(layers: summary.layers, conv: index, fuseMaxPool: fuseMaxPool)
                if fusion.maxPool {
                    unmaterialised.formUnion(index..<(fusion.end - 1))
                    pooledConvs.insert(index)
                }
            }
        }
        for (index, facts) in summary.layers.enumerated() {
            if !unmaterialised.contains(index) { largestActivation = max(largestActivation, facts.activationBytes) }
            switch facts.layer.op {
            case let .conv2d(cin, cout, k, stride, padding):
                let depth = try SizeMath.mul(cin, k, k, what: "\(facts.name) depth")
                let raw = try SizeMath.mul(cout, depth, 4, what: "\(facts.name) weights")
                stagedConv = max(stagedConv, raw)
                let winograd = k == 3 && stride == 1 && padding == 1 && algorithm != .gemm
                // GEMM panels round Cout up to the micro-kernel's 6 rows; Winograd keeps 6x6 per 3x3 filter.
                let rows = (cout + 5) / 6 * 6
                let packed = winograd ? try SizeMath.mul(rows, cin, 36, 4, what: "\(facts.name) packed")
                                      : try SizeMath.mul(rows, depth, 4, what: "\(facts.name) packed")
                packedBytes = try SizeMath.add(packedBytes, packed, cout * 4, what: "packed weights")
                var gemmScratch = try SizeMath.mul(workers, min(depth, 256), 128, 4, what: "\(facts.name) workspace")
                if pooledConvs.contains(index) {
                    // The fused pool's per-worker conv buffer: Cout (6-row panels) x whole row pairs, up to 256 pixels
                    // or one pair (Im2colGEMM.pooledBufferCount).
                    let pw = max(facts.outputShape.width / 2, 1)
                    let pixels = max(1, 256 / (4 * pw)) * 4 * pw
                    let buffer = try SizeMath.mul(workers, rows, pixels, 4, what: "\(facts.name) workspace")
                    gemmScratch = try SizeMath.add(gemmScratch, buffer, what: "\(facts.name) workspace")
                }
                var scratch = gemmScratch
                if winograd {
                    // A zero-padded copy of the input (tiles of 4 plus a 1-pixel border), plus per-worker
                    // transformed tile blocks the kernel keeps near 2.5 MB each for V and for M.
                    let input = facts.inputShape
                    let padded = try SizeMath.mul(input.batch, cin, (input.height + 3) / 4 * 4 + 2,
                                                  (input.width + 3) / 4 * 4 + 2, 4, what: "\(facts.name) workspace")
                    scratch = try SizeMath.add(padded, workers * 5_000_000, what: "\(facts.name) workspace")
                }
                workspaceBytes = max(workspaceBytes, scratch)
            case let .linear(inFeatures, outFeatures):
                let bytes = try SizeMath.mul(outFeatures, inFeatures + 1, 4, what: "\(facts.name) weights")
                weightBytes = try SizeMath.add(weightBytes, bytes, what: "weights")
            case let .batchNorm2d(c):
                weightBytes = try SizeMath.add(weightBytes, c * 16, what: "weights")
            case .relu, .maxPool2d, .adaptiveAvgPool2d, .flatten, .dropout:
                break
            }
        }
        weightBytes = try SizeMath.add(weightBytes, stagedConv, what: "weights")
        activationBytes = try SizeMath.mul(largestActivation, 2, what: "activations")
    }
}

/// Memory the kernel says a new process can use without swapping (`MemAvailable`), or nil when unknown.
public enum SystemMemory {
    public static func availableBytes(meminfo path: String = "/proc/meminfo") -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return parseAvailable(text)
    }

    static func parseAvailable(_ meminfo: String) -> Int? {
        for line in meminfo.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kb = Int(fields[1]) else { return nil }
            let unit = fields.count >= 3 ? fields[2].lowercased() : "kb"
            return unit == "kb" ? kb * 1024 : kb
        }
        return nil
    }
}
