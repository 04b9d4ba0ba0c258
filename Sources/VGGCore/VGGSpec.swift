/// A VGG architecture as the user describes it: the input, the block list and the classifier.
/// Pure value; `ModelSummary` lowers it to layers and facts.
public struct VGGSpec: Equatable, Hashable, Sendable {
    public var name: String
    public var input: InputShape
    public var blocks: [Block]
    public var batchNorm: Bool
    public var head: Head
    /// Hidden widths of the classifier; the final Linear to `classes` is implied.
    public var classifier: [Int]
    public var dropout: Double
    /// For a layer list, also the width of its last Linear (kept in step, so equal networks compare equal).
    public var classes: Int {
        didSet {
            guard let list = layers, let i = list.lastIndex(where: { if case .linear = $0 { true } else { false } }),
                  list[i] != .linear(classes) else { return }
            layers?[i] = .linear(classes)
        }
    }
    /// A layer list (AlexNet): when set, it replaces `blocks`, `batchNorm`, `head`, `classifier` and
    /// `dropout` in lowering, and `classes` is the width of its last Linear.
    public var layers: [SpecLayer]?
    /// Names of a layer list's layers (ignored for block lists, which use torchvision's).
    public var naming: LayerNaming = .torchvision

    public init(name: String = "custom", input: InputShape = InputShape(channels: 3, height: 224, width: 224),
                blocks: [Block], batchNorm: Bool = false, head: Head = .avgpool7,
                classifier: [Int] = [4096, 4096], dropout: Double = 0.5, classes: Int = 1000) {
        self.name = name
        self.input = input
        self.blocks = blocks
        self.batchNorm = batchNorm
        self.head = head
        self.classifier = classifier
        self.dropout = dropout
        self.classes = classes
    }

    /// A layer-list spec; `classes` is taken from its last Linear.
    public init(name: String, input: InputShape, layers: [SpecLayer], naming: LayerNaming = .torchvision) {
        self.init(name: name, input: input, blocks: [], classifier: [], dropout: 0)
        self.layers = layers
        self.naming = naming
        if let last = layers.last(where: { if case .linear = $0 { true } else { false } }), case .linear(let w) = last {
            classes = w
        }
    }

    /// A layer list rather than VGG blocks.
    public var isLayerList: Bool { layers != nil }

    /// `1x64,1x128,...` for blocks; for a layer list, its convs and pools in short form
    /// (`c64k11s4p2 mp3/2 ... avg6x6 fc4096 fc4096 fc1000`), for one-line places.
    public var structureText: String {
        guard let list = layers else { return Notation.blocksText(blocks) }
        return list.compactMap { layer -> String? in
            switch layer {
            case let .conv(c, k, s, p): "c\(c)k\(k)" + (s == 1 ? "" : "s\(s)") + (p == 0 ? "" : "p\(p)")
            case let .maxPool(k, s): "mp\(k)/\(s)"
            case .lrn: "lrn"
            case let .adaptiveAvgPool(h, w): "avg\(h)x\(w)"
            case let .linear(w): "fc\(w)"
            case .batchNorm: "bn"
            case .relu, .flatten, .dropout: nil
            }
        }.joined(separator: " ")
    }
}

/// N x C x H x W of the network input.
public struct InputShape: Equatable, Hashable, Sendable {
    public var batch: Int
    public var channels: Int
    public var height: Int
    public var width: Int
    public init(batch: Int = 1, channels: Int, height: Int, width: Int) {
        self.batch = batch
        self.channels = channels
        self.height = height
        self.width = width
    }
    public var dims: [Int] { [batch, channels, height, width] }
}

/// What sits between the last block and the classifier.
public enum Head: String, CaseIterable, Equatable, Hashable, Sendable {
    /// torchvision: AdaptiveAvgPool2d((7, 7)), so the classifier input is always 512*7*7-like.
    case avgpool7
    /// d2l.ai: Flatten straight into the classifier; its input size follows the image size.
    case flatten
}
