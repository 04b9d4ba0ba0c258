import Foundation
import VGGCore
import VGGKernels

/// Bytes a runnable model will hold, worked out from the summary before anything is allocated, with the kernels'
/// own planning functions (Conv2dKernel.plannedAlgorithm/packedBytes/workspaceCount, LinearKernel.workspaceCount), so
/// every field equals what VGGModel then allocates (MemoryEstimateTests checks it).
/// Conv weights are staged one layer at a time and freed once packed, so the staging copy counts once (the largest);
/// Linear weights are kept as loaded and shared with the kernel.
public struct MemoryEstimate: Equatable, Sendable {
    /// Kept: Linear weights and biases, a standalone BatchNorm's scale and shift. Plus the largest layer's staging
    /// copy (conv weights and bias, and the four vectors of a BatchNorm folded into them), which the build frees
    /// before the activation buffers exist: counted anyway, so the total errs high by at most that one copy
    /// (9.4 MB for a 512->512 3x3 conv) rather than miss freed pages the allocator has not returned yet.
    public var weightBytes = 0
    /// Conv weights in the kernels' packed layout, with their biases (Winograd's transformed filters are 36/9 = 4x
    /// the raw 3x3 weights).
    public var packedBytes = 0
    /// The two ping-pong activation buffers, each sized for the largest output a step writes (a conv with a fused
    /// MaxPool writes only the pooled map).
    public var activationBytes = 0
    /// The conv workspace, shared by all layers and sized for the largest need, plus the largest per-call packing
    /// buffers a Linear allocates while it runs (batch > 32 only).
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

    /// The estimate for `summary` run with `algorithm` and `fuseMaxPool` (as in ExecutionOptions).
    /// `workers`: the worker slots the conv kernels size their workspace for; a built model's kernels always use
    /// Parallelism.available, whatever its thread count (pass another value only to plan for another machine).
    /// `threads`: the model's ExecutionOptions.threads, which sizes a Linear's per-call packing buffers at
    /// batch > 32; nil means `workers`.
    public init(summary: ModelSummary, algorithm: ConvAlgorithm, workers: Int = Parallelism.available, threads: Int? = nil,
                fuseMaxPool: Bool = true) throws(RuntimeError) {
        let workers = max(workers, 1), threads = max(threads ?? workers, 1)
        var staging = 0
        var largestOutput = 1
        var convWorkspace = 1
        var linearWorkspace = 0
        let layers = summary.layers
        var index = 0
        // Walks the layers step by step as PlanBuilder does. A Linear's fused ReLU is left as its own step here: its
        // output is the Linear's size, so the largest step output is the same.
        while index < layers.count {
            let facts = layers[index]
            var end = index + 1
            switch facts.layer.op {
            case let .conv2d(cin, cout, k, stride, padding):
                let fusion = ConvFusion(layers: layers, conv: index, fuseMaxPool: fuseMaxPool)
                end = fusion.end
                let input = facts.inputShape
                try Self.checkConvPlanning(facts, cin: cin, cout: cout, k: k, workers: workers)
                let raw = try Checked.mul(cout, cin, k, k, what: "\(facts.name) weights", orThrow: RuntimeError.sizeOverflow)
                let staged = try Checked.add(raw, cout, fusion.batchNorm ? 4 * cout : 0,
                        what: "\(facts.name) weights", orThrow: RuntimeError.sizeOverflow)
                staging = max(staging, staged)
                let packed = Conv2dKernel.packedBytes(outChannels: cout, inChannels: cin, kernel: k, stride: stride,
                                                      padding: padding, algorithm: algorithm)
                packedBytes = try Checked.add(packedBytes, packed,
                        what: "packed weights", orThrow: RuntimeError.sizeOverflow)
                convWorkspace = max(convWorkspace, Conv2dKernel.workspaceCount(
                    outChannels: cout, inChannels: cin, kernel: k, stride: stride, padding: padding, algorithm: algorithm,
                    batch: input.batch, height: input.height, width: input.width, maxPool2x2: fusion.maxPool,
                    workers: workers))
            case let .linear(inFeatures, outFeatures):
                let kept = try Checked.mul(outFeatures, inFeatures + 1, 4,
                        what: "\(facts.name) weights", orThrow: RuntimeError.sizeOverflow)
                weightBytes = try Checked.add(weightBytes, kept, what: "weights", orThrow: RuntimeError.sizeOverflow)
                // The packing buffers are a few MB at most (KC x NC + threads x MC x KC floats); bound threads first.
                _ = try Checked.mul(threads, 1 << 20, what: "\(facts.name) workspace", orThrow: RuntimeError.sizeOverflow)
                linearWorkspace = max(linearWorkspace, LinearKernel.workspaceCount(
                    inFeatures: inFeatures, outFeatures: outFeatures, batch: facts.inputShape.batch, threads: threads))
            case let .batchNorm2d(channels):
                // Not after a conv (that one is folded, above): scale and shift kept, gamma/beta/mean/var staged.
                let kept = try Checked.mul(channels, 2, 4, what: "weights", orThrow: RuntimeError.sizeOverflow)
                weightBytes = try Checked.add(weightBytes, kept, what: "weights", orThrow: RuntimeError.sizeOverflow)
                staging = max(staging, try Checked.mul(channels, 4,
                        what: "\(facts.name) weights", orThrow: RuntimeError.sizeOverflow))
            case .relu, .maxPool2d, .adaptiveAvgPool2d, .flatten, .dropout, .localResponseNorm:
                // No weights and no workspace: pools and LRN keep at most one row (width + 32 floats) per task on the stack.
                break
            }
            largestOutput = max(largestOutput, layers[end - 1].outputShape.elements)
            index = end
        }
        let staged = try Checked.mul(staging, 4, what: "staged weights", orThrow: RuntimeError.sizeOverflow)
        weightBytes = try Checked.add(weightBytes, staged, what: "weights", orThrow: RuntimeError.sizeOverflow)
        activationBytes = try Checked.mul(largestOutput, 2, 4, what: "activations", orThrow: RuntimeError.sizeOverflow)
        let workspace = try Checked.add(convWorkspace, linearWorkspace, what: "workspace", orThrow: RuntimeError.sizeOverflow)
        workspaceBytes = try Checked.mul(workspace, 4, what: "workspace", orThrow: RuntimeError.sizeOverflow)
    }

    /// The kernels' planning functions multiply unchecked. These checked products bound every product they form for
    /// this conv, so a size too large to address throws here instead of trapping there:
    /// packed <= 36 x roundUp(Cout, 6) x Cin x k x k floats; GEMM workspace <= workers x (256 x 128 + roundUp(Cout, 6)
    /// x max(256, 2 x OW)) floats (the im2col slice and the fused pool's band-group buffer); Winograd: tiles <=
    /// N x (H + 3) x (W + 3), M + V slots <= workers + tiles, each under 36 x (Cin + Cout + 6) x 128 floats (tile
    /// blocks <= 128, V padding 16); bounded here with margin.
    private static func checkConvPlanning(_ facts: LayerFacts, cin: Int, cout: Int, k: Int, workers: Int) throws(RuntimeError) {
        let what = "\(facts.name) packed weights or workspace"
        let input = facts.inputShape
        _ = try Checked.mul(cout + 5, cin, k, k, 36, 4, what: what, orThrow: RuntimeError.sizeOverflow)
        _ = try Checked.mul(workers, cout + 261, 384 + 2 * facts.outputShape.width,
                what: what, orThrow: RuntimeError.sizeOverflow)
        let tiles = try Checked.mul(input.batch, input.height + 3, input.width + 3,
                what: what, orThrow: RuntimeError.sizeOverflow)
        let blocks = try Checked.add(workers, tiles, what: what, orThrow: RuntimeError.sizeOverflow)
        _ = try Checked.mul(blocks, 36, cin + cout + 6, 256, 4,
                what: what, orThrow: RuntimeError.sizeOverflow)
    }
}
