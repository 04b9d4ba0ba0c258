extension ModelSummary {
    /// Receptive field at the last MaxPool2d: the figure published for VGG (150 for VGG-11).
    public var receptiveFieldAtLastPool: Int {
        layers.last { if case .maxPool2d = $0.layer.op { true } else { false } }?.receptiveField ?? 1
    }

    /// Number of convolution layers.
    public var convLayers: Int {
        layers.count { if case .conv2d = $0.layer.op { true } else { false } }
    }

    /// Number of Linear layers.
    public var linearLayers: Int {
        layers.count { if case .linear = $0.layer.op { true } else { false } }
    }

    /// Weight layers (convolutions + linear): the 16 of VGG-16.
    public var depth: Int { spec.depth }

    /// The layer with the most parameters and the one with the most MACs (the chart's lesson).
    public var heaviestByParams: LayerFacts? { layers.max { $0.params < $1.params } }
    public var heaviestByMACs: LayerFacts? { layers.max { $0.macs < $1.macs } }

    /// One-line configuration: `input 1x3x224x224, blocks 1x64,..., avgpool7, classifier 4096,4096 -> 1000`.
    public var configurationLine: String {
        let s = spec
        if let list = s.layers {
            return "input \(TensorShape(s.input.dims).fullDescription), layers \(Notation.layersText(list)) "
                + "(\(s.naming.rawValue) names), \(s.classes) classes"
        }
        return "input \(TensorShape(s.input.dims).fullDescription), blocks \(Notation.blocksText(s.blocks)), "
            + "batch norm \(s.batchNorm ? "on" : "off"), head \(s.head.rawValue), "
            + "classifier \(Notation.widthsText(s.classifier)) -> \(s.classes), dropout \(NumberFormat.fixed(s.dropout, decimals: 2))"
    }
}
