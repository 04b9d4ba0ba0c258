import Foundation
import VGGCore
import VGGKernels

/// Bytes a runnable model will hold: a reading of its ExecutionPlan (whose steps carry every buffer size, from the
/// kernels' own planning functions), so it equals what VGGModel then allocates (VGGModelTests checks it).
/// Conv weights are staged one layer at a time and freed once packed, so the staging copy counts once (the largest);
/// Linear weights are kept as loaded and shared with the kernel.
public struct MemoryEstimate: Equatable, Sendable {
    /// Kept: Linear weights and biases, a standalone BatchNorm's scale and shift. Plus the largest layer's staging
    /// copy (conv weights and bias, and the four vectors of a BatchNorm folded into them), which the build frees
    /// before the activation buffers exist: counted anyway, so the total errs high by at most that one copy
    /// (9.4 MB for a 512->512 3x3 conv) rather than miss freed pages the allocator has not returned yet.
    public var weightBytes = 0
    /// Conv weights in the kernels' layouts, with their biases (Winograd F(4x4,3x3)'s transformed filters are 36/9 =
    /// 4x the raw 3x3 weights, F(2x2,3x3)'s 16/9; the stream path keeps the raw ones).
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

    /// The plan's buffers, added up with checked arithmetic.
    public init(plan: ExecutionPlan) throws(RuntimeError) {
        var kept = 0, staging = 0, largestOutput = 1, convWorkspace = 1, linearWorkspace = 0
        for step in plan.steps {
            kept = try Checked.add(kept, step.keptWeightBytes, what: "weights", orThrow: RuntimeError.sizeOverflow)
            packedBytes = try Checked.add(packedBytes, step.packedBytes, what: "packed weights", orThrow: RuntimeError.sizeOverflow)
            staging = max(staging, step.stagingFloats)
            largestOutput = max(largestOutput, step.outputCount)
            convWorkspace = max(convWorkspace, step.workspaceFloats)
            linearWorkspace = max(linearWorkspace, step.linearWorkspaceFloats)
        }
        weightBytes = try Checked.add(kept, try Checked.mul(staging, 4, what: "staged weights", orThrow: RuntimeError.sizeOverflow), what: "weights", orThrow: RuntimeError.sizeOverflow)
        activationBytes = try Checked.mul(largestOutput, 2, 4, what: "activations", orThrow: RuntimeError.sizeOverflow)
        workspaceBytes = try Checked.mul(try Checked.add(convWorkspace, linearWorkspace, what: "workspace", orThrow: RuntimeError.sizeOverflow), 4,
                                          what: "workspace", orThrow: RuntimeError.sizeOverflow)
    }

    /// The estimate of the plan `summary` gets with `options`.
    public init(summary: ModelSummary, options: ExecutionOptions = ExecutionOptions()) throws(RuntimeError) {
        try self.init(plan: try ExecutionPlan(summary: summary, options: options))
    }
}
