/// Per-layer time of one forward pass, keyed by the summary's layer names.
public struct LayerTiming: Equatable, Sendable {
    public var name: String
    /// Wall-clock seconds; 0 for fused and view layers (their work is in the kernel row they fuse into).
    public var seconds: Double
}

/// The outcome of one forward pass.
public struct ForwardResult: Sendable {
    /// Logits, row-major [batch, classes].
    public var output: [Float]
    public var outputShape: [Int]
    /// One entry per layer of `ModelSummary.layers`, same order.
    public var timings: [LayerTiming]
    /// Wall-clock seconds of the whole pass, including the layer loop's own overhead.
    public var totalSeconds: Double

    /// The top `k` classes (index, logit) of batch item `item`, highest first.
    public func top(_ k: Int, item: Int = 0) -> [(index: Int, logit: Float)] {
        let classes = outputShape.last ?? 0
        let row = output[(item * classes)..<((item + 1) * classes)]
        return row.enumerated().map { (index: $0.offset, logit: $0.element) }
            .sorted { $0.logit != $1.logit ? $0.logit > $1.logit : $0.index < $1.index }
            .prefix(k).map { $0 }
    }
}

/// Reported before and after each kernel call of a forward pass (layer i of n).
public struct ForwardProgress: Sendable {
    /// Index into `ModelSummary.layers` of the step's first layer.
    public var layerIndex: Int
    public var layerCount: Int
    public var layerName: String
    /// False when the layer is about to run; true when it has run (then `seconds` is its time).
    public var finished: Bool
    public var seconds: Double
    /// Layers done so far, counting fused and view layers with the kernel they belong to.
    public var completedLayers: Int
}
