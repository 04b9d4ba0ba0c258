extension VGGSpec {
    /// The leaf layers in forward order, named as torchvision names them: `features.{i}` and
    /// `classifier.{j}` count every module of their Sequential (ReLU, pooling, Dropout included).
    /// Structure only: `ModelSummary` checks sizes and fills each Linear's input width, which
    /// depends on the spatial size; use its `layers` rather than this plan.
    var layerPlan: [PlannedLayer] {
        if let list = layers { return Self.plan(list, classes: classes, inputChannels: input.channels, naming: naming) }
        var layers: [PlannedLayer] = []
        var channels = input.channels
        var index = 0
        func feature(_ op: LayerOp, _ block: Int) {
            layers.append(PlannedLayer(name: "features.\(index)", op: op, section: .features, block: block))
            index += 1
        }
        for (b, block) in blocks.enumerated() {
            for layer in block.layers {
                switch layer {
                case let .conv(k, width):
                    feature(.conv2d(inChannels: channels, outChannels: width, kernel: k, stride: 1, padding: k / 2), b)
                    if batchNorm { feature(.batchNorm2d(channels: width), b) }
                    feature(.relu, b)
                    channels = width
                case let .lrn(lrn):
                    feature(lrn.op, b)
                }
            }
            feature(.maxPool2d(kernel: 2, stride: 2), b)
        }
        switch head {
        case .avgpool7:
            layers.append(PlannedLayer(name: "avgpool", op: .adaptiveAvgPool2d(height: 7, width: 7), section: .head, block: nil))
        case .flatten:
            break
        }
        layers.append(PlannedLayer(name: "flatten", op: .flatten, section: .head, block: nil))
        var j = 0
        func classifierLayer(_ op: LayerOp) {
            layers.append(PlannedLayer(name: "classifier.\(j)", op: op, section: .classifier, block: nil))
            j += 1
        }
        for width in classifier {
            classifierLayer(.linear(inFeatures: 0, outFeatures: width))
            classifierLayer(.relu)
            classifierLayer(.dropout(p: dropout))
        }
        classifierLayer(.linear(inFeatures: 0, outFeatures: classes))
        return layers
    }

    /// A layer list lowered: sections split at the first AdaptiveAvgPool2d or Flatten (the head) and
    /// after the head (the classifier); feature layers are grouped into stages ending at each
    /// MaxPool2d, reported as blocks. The last Linear's width is `classes`.
    static func plan(_ list: [SpecLayer], classes: Int, inputChannels: Int, naming: LayerNaming) -> [PlannedLayer] {
        let lastLinear = list.lastIndex { if case .linear = $0 { true } else { false } }
        var section = Section.features
        var stage = 0
        var channels = inputChannels
        var counters: [String: Int] = [:]
        var out: [PlannedLayer] = []
        for (i, layer) in list.enumerated() {
            let op: LayerOp
            switch layer {
            case let .conv(c, k, s, p):
                op = .conv2d(inChannels: channels, outChannels: c, kernel: k, stride: s, padding: p)
                channels = c
            case .batchNorm: op = .batchNorm2d(channels: channels)
            case .relu: op = .relu
            case let .maxPool(k, s): op = .maxPool2d(kernel: k, stride: s)
            case let .lrn(lrn): op = lrn.op
            case let .adaptiveAvgPool(h, w): op = .adaptiveAvgPool2d(height: h, width: w)
            case .flatten: op = .flatten
            case let .linear(w): op = .linear(inFeatures: 0, outFeatures: i == lastLinear ? classes : w)
            case let .dropout(p): op = .dropout(p: p)
            }
            switch (section, layer) {
            case (.features, .adaptiveAvgPool), (.features, .flatten): section = .head
            case (.head, .adaptiveAvgPool), (.head, .flatten): break
            case (.head, _): section = .classifier
            default: break
            }
            let name: String
            switch naming {
            case .net:
                name = "net.\(i)"
            case .torchvision:
                let prefix: String
                switch (section, layer) {
                case (.features, _): prefix = "features"
                case (.classifier, _): prefix = "classifier"
                case (.head, .flatten): prefix = "flatten"
                case (.head, _): prefix = "avgpool"
                }
                let n = counters[prefix, default: 0]
                counters[prefix] = n + 1
                // Sequentials number every module; the head's modules are named alone.
                name = section == .head ? (n == 0 ? prefix : "\(prefix).\(n)") : "\(prefix).\(n)"
            }
            out.append(PlannedLayer(name: name, op: op, section: section, block: section == .features ? stage : nil))
            if section == .features, case .maxPool = layer { stage += 1 }
        }
        return out
    }

    /// Number of weight layers (convolutions + linear), the "depth" in VGG-16.
    public var depth: Int {
        if let list = layers { return list.count(where: \.isWeightLayer) }
        return blocks.reduce(0) { $0 + max($1.convs, 0) } + classifier.count + 1
    }
}
