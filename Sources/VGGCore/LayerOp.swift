/// One leaf module of the network, with everything needed to infer its output and cost.
public enum LayerOp: Equatable, Hashable, Sendable {
    case conv2d(inChannels: Int, outChannels: Int, kernel: Int, stride: Int, padding: Int)
    case batchNorm2d(channels: Int)
    case relu
    case maxPool2d(kernel: Int, stride: Int)
    case adaptiveAvgPool2d(height: Int, width: Int)
    case flatten
    case linear(inFeatures: Int, outFeatures: Int)
    case dropout(p: Double)
    /// PyTorch's `nn.LocalResponseNorm`: across `size` neighbouring channels, zero-padded.
    case localResponseNorm(size: Int, alpha: Double, beta: Double, k: Double)

    /// PyTorch's class name, as torchinfo prints it.
    public var kindName: String {
        switch self {
        case .conv2d: "Conv2d"
        case .batchNorm2d: "BatchNorm2d"
        case .relu: "ReLU"
        case .maxPool2d: "MaxPool2d"
        case .adaptiveAvgPool2d: "AdaptiveAvgPool2d"
        case .flatten: "Flatten"
        case .linear: "Linear"
        case .dropout: "Dropout"
        case .localResponseNorm: "LocalResponseNorm"
        }
    }

    /// Whether FLOPs (2 x MACs) are counted for this op.
    public var countsFLOPs: Bool {
        switch self {
        case .conv2d, .linear: true
        case .batchNorm2d, .relu, .maxPool2d, .adaptiveAvgPool2d, .flatten, .dropout, .localResponseNorm: false
        }
    }
}

/// Where a layer lives in torchvision's VGG module tree.
public enum Section: String, Equatable, Hashable, Sendable {
    case features, head, classifier
}

/// A layer of the plan: its op, a stable name matching torchvision's state_dict keys
/// (`features.3`, `avgpool`, `flatten`, `classifier.0`) and the block it belongs to.
public struct PlannedLayer: Equatable, Hashable, Sendable {
    public var name: String
    public var op: LayerOp
    public var section: Section
    /// 0-based block index for layers of the feature extractor, nil for head and classifier.
    public var block: Int?

    public init(name: String, op: LayerOp, section: Section, block: Int?) {
        self.name = name
        self.op = op
        self.section = section
        self.block = block
    }
}
