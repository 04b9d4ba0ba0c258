import VGGCore

extension WeightLayout {
    /// The tensors torchvision's `state_dict` holds for this model, in forward order.
    /// Each tensor also carries its key in d2l's layouts (`net.{block}.{layer}`, `net.{i}`), from the layer's position.
    public init(summary: ModelSummary) {
        let names = summary.layers.map { PlannedLayerName(name: $0.name, block: $0.layer.block) }
        let blocks = WeightKeyLayout.d2lBlocks.moduleNames(of: names), flat = WeightKeyLayout.d2lFlat.moduleNames(of: names)
        var tensors: [WeightTensor] = []
        for (i, facts) in summary.layers.enumerated() {
            for var tensor in Self.tensors(of: facts.layer) {
                // The parameter's own name (`.weight`, `.running_mean`) after the module's.
                let suffix = tensor.key.dropFirst(facts.name.count)
                tensor.d2lBlocksKey = blocks[i] + suffix
                tensor.d2lFlatKey = flat[i] + suffix
                tensors.append(tensor)
            }
        }
        self.init(tensors: tensors)
    }

    /// The tensors of one layer (none for parameter-free layers).
    public static func tensors(of layer: PlannedLayer) -> [WeightTensor] {
        let name = layer.name
        switch layer.op {
        case let .conv2d(cin, cout, k, _, _):
            return [WeightTensor(key: "\(name).weight", shape: [cout, cin, k, k], role: .convWeight),
                    WeightTensor(key: "\(name).bias", shape: [cout], role: .convBias)]
        case let .batchNorm2d(c):
            return [WeightTensor(key: "\(name).weight", shape: [c], role: .batchNormGamma),
                    WeightTensor(key: "\(name).bias", shape: [c], role: .batchNormBeta),
                    WeightTensor(key: "\(name).running_mean", shape: [c], role: .batchNormMean),
                    WeightTensor(key: "\(name).running_var", shape: [c], role: .batchNormVariance)]
        case let .linear(inFeatures, outFeatures):
            return [WeightTensor(key: "\(name).weight", shape: [outFeatures, inFeatures], role: .linearWeight),
                    WeightTensor(key: "\(name).bias", shape: [outFeatures], role: .linearBias)]
        case .relu, .maxPool2d, .adaptiveAvgPool2d, .flatten, .dropout, .localResponseNorm:
            return []
        }
    }
}
