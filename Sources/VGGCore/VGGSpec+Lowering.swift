extension VGGSpec {
    /// The leaf layers in forward order, named as torchvision names them: `features.{i}` and
    /// `classifier.{j}` count every module of their Sequential (ReLU, pooling, Dropout included).
    /// Structure only: `ModelSummary` checks sizes and fills each Linear's input width, which
    /// depends on the spatial size; use its `layers` rather than this plan.
    var layerPlan: [PlannedLayer] {
        var layers: [PlannedLayer] = []
        var channels = input.channels
        var index = 0
        func feature(_ op: LayerOp, _ block: Int) {
            layers.append(PlannedLayer(name: "features.\(index)", op: op, section: .features, block: block))
            index += 1
        }
        for (b, block) in blocks.enumerated() {
            for _ in 0..<max(block.convs, 0) {
                feature(.conv2d(inChannels: channels, outChannels: block.channels, kernel: 3, stride: 1, padding: 1), b)
                if batchNorm { feature(.batchNorm2d(channels: block.channels), b) }
                feature(.relu, b)
                channels = block.channels
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

    /// Number of weight layers (convolutions + linear), the "depth" in VGG-16.
    public var depth: Int {
        blocks.reduce(0) { $0 + max($1.convs, 0) } + classifier.count + 1
    }
}
