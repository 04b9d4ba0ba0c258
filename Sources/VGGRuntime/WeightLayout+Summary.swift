import VGGCore

extension WeightLayout {
    /// The tensors torchvision's `state_dict` holds for this model, in forward order.
    public init(summary: ModelSummary) {
        var tensors: [WeightTensor] = []
        for facts in summary.layers {
            tensors += Self.tensors(of: facts.layer)
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
