/// One box of the architecture diagram: a drawn layer (ReLU, Dropout and a BatchNorm right after
/// a conv are folded into the box before them) or, grouped by block, a whole block.
public struct DiagramElement: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Equatable, Sendable {
        case input, conv, convBN, maxPool, avgPool, localResponseNorm, batchNorm, flatten, linear

        /// The legend's words for the kind.
        public var legend: String {
            switch self {
            case .input: "input"
            case .conv: "conv + ReLU"
            case .convBN: "conv + BN + ReLU"
            case .maxPool: "max pool"
            case .avgPool: "adaptive avg pool"
            case .localResponseNorm: "local response norm"
            case .batchNorm: "batch norm"
            case .flatten: "flatten"
            case .linear: "linear (+ ReLU, dropout)"
            }
        }
    }

    public var kind: Kind
    /// The layers this box stands for (`features.0`, `features.1`), empty for the input.
    public var layers: [String]
    /// The label's lines, most important first: `conv3-64`, `64x224x224`.
    public var lines: [String]
    /// The output shape (batch omitted when shown).
    public var shape: TensorShape
    /// The map drawn: a block is drawn at its convolutions' resolution, not its pooled output.
    public var drawnShape: TensorShape
    /// The group heading over the box: block index, or head / classifier.
    public var group: Group
    public var params: Int
    public var macs: Int

    public enum Group: Equatable, Hashable, Sendable {
        case input
        case block(Int)
        /// Feature layers outside any block (a layer list may have them).
        case features
        case head
        case classifier

        public var title: String {
            switch self {
            case .input: ""
            case .block(let b): "block \(b + 1)"
            case .features: "features"
            case .head: "head"
            case .classifier: "classifier"
            }
        }

        /// When the title does not fit over its boxes.
        public var shortTitle: String {
            switch self {
            case .input: ""
            case .block(let b): "b\(b + 1)"
            case .features: "ft"
            case .head: "hd"
            case .classifier: "fc"
            }
        }
    }
}

/// Draw every layer, or one box per block.
public enum DiagramGrouping: String, CaseIterable, Equatable, Sendable {
    case layer, block
}

extension DiagramElement {
    /// The elements of a summary, in forward order, beginning with the input.
    public static func elements(of s: ModelSummary, by grouping: DiagramGrouping) -> [DiagramElement] {
        elements(input: TensorShape(s.spec.input.dims), layers: s.layers, by: grouping)
    }

    static func elements(input: TensorShape, layers: [LayerFacts], by grouping: DiagramGrouping) -> [DiagramElement] {
        var out = [DiagramElement(kind: .input, layers: [], lines: ["input", input.description], shape: input,
                                  drawnShape: input, group: .input, params: 0, macs: 0)]
        var i = 0
        while i < layers.count {
            let f = layers[i]
            if grouping == .block, f.layer.section == .features, let b = f.block {
                var j = i
                while j < layers.count, layers[j].layer.section == .features, layers[j].block == b { j += 1 }
                out.append(block(b, Array(layers[i..<j])))
                i = j
                continue
            }
            fold(f, into: &out)
            i += 1
        }
        return out
    }

    static func group(of f: LayerFacts) -> Group {
        switch f.layer.section {
        case .features: f.block.map(Group.block) ?? .features
        case .head: .head
        case .classifier: .classifier
        }
    }

    /// A drawn layer starts a box; the identity-shaped helpers join the box before them.
    static func fold(_ f: LayerFacts, into out: inout [DiagramElement]) {
        let shape = f.outputShape
        func box(_ kind: Kind, _ title: String) {
            out.append(DiagramElement(kind: kind, layers: [f.name], lines: [title, shape.description], shape: shape,
                                      drawnShape: shape, group: group(of: f), params: f.params, macs: f.macs))
        }
        func join(_ change: (inout DiagramElement) -> Void = { _ in }) {
            var last = out.removeLast()
            last.layers.append(f.name)
            last.params += f.params
            last.macs += f.macs
            change(&last)
            out.append(last)
        }
        switch f.layer.op {
        case let .conv2d(_, cout, k, s, _):
            box(.conv, convTitle(k, s, cout))
        case .batchNorm2d:
            if out.last?.kind == .conv, out.last?.shape == shape {
                join { $0.kind = .convBN; $0.lines[0] += "+BN" }
            } else {
                box(.batchNorm, "BN")
            }
        case .relu, .dropout:
            join()
        case let .maxPool2d(k, s):
            box(.maxPool, "maxpool \(k)/\(s)")
        case let .adaptiveAvgPool2d(h, w):
            box(.avgPool, "avgpool \(h)x\(w)")
        case let .localResponseNorm(size, _, _, _):
            box(.localResponseNorm, "LRN \(size)")
        case .flatten:
            box(.flatten, "flatten")
        case let .linear(_, outFeatures):
            box(.linear, "FC-\(outFeatures)")
        }
    }

    /// VGG's notation: `conv3-64`, with the stride when it is not 1 (`conv11-96/4`).
    static func convTitle(_ k: Int, _ s: Int, _ cout: Int) -> String {
        "conv\(k)-\(cout)" + (s == 1 ? "" : "/\(s)")
    }

    /// One block: `block 2`, `2x conv3-128 +BN`, `maxpool 2/2`, its output shape.
    static func block(_ b: Int, _ layers: [LayerFacts]) -> DiagramElement {
        var convs: [(String, Int)] = []
        var extras: [String] = []
        var hasBN = false
        for f in layers {
            switch f.layer.op {
            case let .conv2d(_, cout, k, s, _):
                let title = convTitle(k, s, cout)
                if convs.last?.0 == title { convs[convs.count - 1].1 += 1 } else { convs.append((title, 1)) }
            case .batchNorm2d: hasBN = true
            case .relu, .dropout, .flatten, .linear, .adaptiveAvgPool2d: break
            case let .maxPool2d(k, s): extras.append("maxpool \(k)/\(s)")
            case let .localResponseNorm(size, _, _, _): extras.append("LRN \(size)")
            }
        }
        // The largest map, with the most channels, stands for the block.
        var drawn = layers[0].outputShape
        for f in layers where f.outputShape.isSpatial {
            if f.outputShape.height > drawn.height || (f.outputShape.height == drawn.height && f.outputShape.channels > drawn.channels) {
                drawn = f.outputShape
            }
        }
        let convText = convs.map { $0.1 == 1 ? $0.0 : "\($0.1)x \($0.0)" }.joined(separator: ", ")
        var lines = ["block \(b + 1)"]
        if !convText.isEmpty { lines.append(convText + (hasBN ? " +BN" : "")) }
        if !extras.isEmpty { lines.append(extras.joined(separator: ", ")) }
        let shape = layers.last!.outputShape
        lines.append(shape.description)
        let kind: Kind = if !convs.isEmpty { hasBN ? .convBN : .conv } else if extras.contains(where: { $0.hasPrefix("maxpool") }) {
            .maxPool
        } else { extras.isEmpty ? .batchNorm : .localResponseNorm }
        return DiagramElement(kind: kind,
                              layers: layers.map(\.name), lines: lines, shape: shape, drawnShape: drawn,
                              group: .block(b), params: layers.reduce(0) { $0 + $1.params },
                              macs: layers.reduce(0) { $0 + $1.macs })
    }
}
