/// The numbers of one layer. Pure facts: totals live in `Totals`, text in the report renderers.
public struct LayerFacts: Equatable, Hashable, Sendable {
    public var layer: PlannedLayer
    public var inputShape: TensorShape
    public var outputShape: TensorShape
    /// Weights + biases (+ BatchNorm gamma and beta); running statistics are buffers, not params.
    public var params: Int
    /// torchinfo's mult-add rule (see `CountingRules`).
    public var macs: Int
    /// 2 x MACs for Conv2d and Linear, 0 otherwise.
    public var flops: Int
    /// float32 output activation: 4 bytes per element.
    public var activationBytes: Int
    /// Receptive field (pixels of the input one output value sees) and cumulative stride.
    public var receptiveField: Int
    public var jump: Int
    /// What each counting tool reports for this layer (`CountingTool`); `macs` is torchinfo's.
    public var counts = ToolCounts()

    public var name: String { layer.name }
    public var kindName: String { layer.op.kindName }
    public var block: Int? { layer.block }
    public var inputBytes: Int { inputShape.elements * 4 }
}

public struct Totals: Equatable, Hashable, Sendable {
    public var params = 0
    public var macs = 0
    public var flops = 0
    /// params x 4 bytes (float32).
    public var paramBytes = 0
    /// Sum of every layer's output activation.
    public var activationBytes = 0
    /// Input tensor, float32.
    public var inputBytes = 0
    /// torchinfo's "forward/backward pass size": 2 x the outputs of layers that have params.
    public var forwardBackwardBytes = 0
    /// Inference estimate: weights + the largest input+output pair alive at once (ping-pong buffers).
    /// Kernel workspace is measured by the runtime, not estimated here.
    public var peakBytes = 0
    /// Every counting tool's total; `macs` is torchinfo's.
    public var counts = ToolCounts()
    public init() {}
}

/// VGG's central lesson: convolutions hold few parameters and most of the compute,
/// the classifier the opposite.
public struct Split: Equatable, Hashable, Sendable {
    public var convParams = 0
    public var convMACs = 0
    public var classifierParams = 0
    public var classifierMACs = 0
    public init() {}
}
