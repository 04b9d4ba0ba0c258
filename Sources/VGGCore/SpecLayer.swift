/// One layer of a layer-list spec: networks that are not a list of VGG blocks (AlexNet).
/// Input widths are inferred (a conv's from the layer before, a Linear's from the flattened map).
public enum SpecLayer: Hashable, Sendable {
    case conv(channels: Int, kernel: Int, stride: Int, padding: Int)
    case batchNorm
    case relu
    /// PyTorch's MaxPool2d, floor mode, no padding.
    case maxPool(kernel: Int, stride: Int)
    case lrn(LRN)
    case adaptiveAvgPool(height: Int, width: Int)
    case flatten
    case linear(Int)
    case dropout(Double)

    public var isWeightLayer: Bool {
        switch self {
        case .conv, .linear: true
        case .batchNorm, .relu, .maxPool, .lrn, .adaptiveAvgPool, .flatten, .dropout: false
        }
    }
}

/// How a layer list names its layers (the keys of its `state_dict`).
public enum LayerNaming: String, CaseIterable, Hashable, Sendable {
    /// torchvision's AlexNet: `features.{i}` up to the first AdaptiveAvgPool2d or Flatten, then
    /// `avgpool`, `flatten`, `classifier.{j}`.
    case torchvision
    /// One `nn.Sequential` called `net` (d2l.ai's AlexNet): `net.{i}` for every layer.
    case net
}
