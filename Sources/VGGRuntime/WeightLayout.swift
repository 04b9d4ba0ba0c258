/// What a tensor is for; seeded init and BatchNorm folding depend on it.
public enum WeightRole: Equatable, Sendable {
    case convWeight, convBias
    case batchNormGamma, batchNormBeta, batchNormMean, batchNormVariance
    case linearWeight, linearBias
}

/// One tensor the spec needs, under torchvision's `state_dict` key.
public struct WeightTensor: Equatable, Sendable {
    public var key: String
    public var shape: [Int]
    public var role: WeightRole

    public init(key: String, shape: [Int], role: WeightRole) {
        self.key = key
        self.shape = shape
        self.role = role
    }

    public var count: Int { shape.reduce(1, *) }
}

/// Every tensor a spec needs, in forward order; checks a file's tensors against it before anything is allocated.
public struct WeightLayout: Equatable, Sendable {
    public var tensors: [WeightTensor]

    public init(tensors: [WeightTensor]) {
        self.tensors = tensors
    }

    /// Keys PyTorch saves that carry no weights.
    static func isIgnored(_ key: String) -> Bool {
        key.hasSuffix(".num_batches_tracked")
    }

    /// Throws the first mismatch in forward order, with a hint comparing the two architectures.
    public func check(_ found: [String: SafeTensorsFile.Entry]) throws {
        let expected = Dictionary(uniqueKeysWithValues: tensors.map { ($0.key, $0.shape) })
        let foundShapes = found.filter { !Self.isIgnored($0.key) }.mapValues(\.shape)
        var problems: [WeightsError] = []
        for tensor in tensors {
            guard let entry = found[tensor.key] else {
                problems.append(.missingKey(key: tensor.key, expected: tensor.shape, hint: ""))
                continue
            }
            if entry.shape != tensor.shape {
                problems.append(.shapeMismatch(key: tensor.key, expected: tensor.shape, found: entry.shape, hint: ""))
            }
        }
        for key in foundShapes.keys.sorted(by: WeightLayout.forwardOrder) where expected[key] == nil {
            problems.append(.unexpectedKey(key: key, found: foundShapes[key]!, hint: ""))
        }
        if let first = problems.first {
            let hint = ArchitectureSketch(shapes: expected).differences(from: ArchitectureSketch(shapes: foundShapes))
            var message = hint.joined(separator: "; ")
            if problems.count > 1 {
                message += (message.isEmpty ? "" : "; ") + "\(problems.count - 1) more mismatched tensor(s) follow from it"
            }
            throw first.withHint(message)
        }
        for tensor in tensors {
            if case let .other(name) = found[tensor.key]!.dtype {
                throw WeightsError.unsupportedDType(key: tensor.key, dtype: name)
            }
        }
    }

    /// `features.2.weight` before `features.10.weight`, features before classifier.
    static func forwardOrder(_ a: String, _ b: String) -> Bool {
        func parts(_ key: String) -> (Int, Int, String) {
            let fields = key.split(separator: ".")
            let section = fields.first == "features" ? 0 : fields.first == "classifier" ? 1 : 2
            let index = fields.count > 1 ? Int(fields[1]) ?? Int.max : Int.max
            return (section, index, key)
        }
        let (pa, pb) = (parts(a), parts(b))
        return (pa.0, pa.1, pa.2) < (pb.0, pb.1, pb.2)
    }
}
