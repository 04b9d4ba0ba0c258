import VGGCore

/// Which layers after a Conv2d run inside its kernel call: a BatchNorm2d (folded into the weights at load), a ReLU
/// (the conv epilogue) and, when `fuseMaxPool`, a MaxPool2d(2, 2) (the epilogue writes the pooled map; the conv's own
/// output is never materialised). MaxPool2d here can only be PyTorch's padding 0, dilation 1, floor mode (VGGCore
/// has no other); other kernel/stride pairs stay unfused. ExecutionPlan makes its conv steps (and so every
/// buffer size) from this one rule.
struct ConvFusion: Equatable {
    var batchNorm: Bool
    var relu: Bool
    var maxPool: Bool
    /// One past the step's last layer.
    var end: Int

    init(layers: [LayerFacts], conv index: Int, fuseMaxPool: Bool) {
        var next = index + 1
        func op(_ i: Int) -> LayerOp? { i < layers.count ? layers[i].layer.op : nil }
        batchNorm = false
        relu = false
        maxPool = false
        if case .batchNorm2d? = op(next) { batchNorm = true; next += 1 }
        if case .relu? = op(next) { relu = true; next += 1 }
        if fuseMaxPool, case .maxPool2d(2, 2)? = op(next) { maxPool = true; next += 1 }
        end = next
    }
}
