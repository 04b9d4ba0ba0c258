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

    /// The same tensor's key in d2l's layouts (see WeightKeyLayout); `key` when not known.
    public var d2lBlocksKey: String
    public var d2lFlatKey: String

    public init(key: String, shape: [Int], role: WeightRole) {
        self.key = key
        self.shape = shape
        self.role = role
        d2lBlocksKey = key
        d2lFlatKey = key
    }

    public var count: Int { shape.reduce(1, *) }

    public func key(in layout: WeightKeyLayout) -> String {
        switch layout {
        case .torchvision: key
        case .d2lBlocks: d2lBlocksKey
        case .d2lFlat: d2lFlatKey
        }
    }
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

    /// Throws the first mismatch in forward order, with a hint comparing the two architectures. The file's key
    /// layout (torchvision's or d2l's) is detected from its keys; a mismatch names the key in that layout.
    public func check(_ found: [String: SafeTensorsFile.Entry]) throws {
        let layout = WeightKeyLayout.detect(found.keys)
        let expected = Dictionary(tensors.map { ($0.key(in: layout), $0.shape) }, uniquingKeysWith: { a, _ in a })
        let foundShapes = found.filter { !Self.isIgnored($0.key) }.mapValues(\.shape)
        var problems: [WeightsError] = []
        for tensor in tensors {
            let key = tensor.key(in: layout)
            guard let entry = found[key] else {
                problems.append(.missingKey(key: key, expected: tensor.shape, hint: ""))
                continue
            }
            if entry.shape != tensor.shape {
                problems.append(.shapeMismatch(key: key, expected: tensor.shape, found: entry.shape, hint: ""))
            }
        }
        for key in foundShapes.keys.sorted(by: WeightLayout.forwardOrder) where expected[key] == nil {
            problems.append(.unexpectedKey(key: key, found: foundShapes[key]!, hint: ""))
        }
        if let first = problems.first {
            // The architecture sketch reads torchvision's VGG keys; a d2l file is described by its layout alone.
            // A spec whose own layer names are d2l's (d2l-alexnet: net.{i}) has no torchvision keys to compare.
            let specIsD2l = tensors.contains { $0.key.hasPrefix("net.") }
            var notes = [layout == .torchvision && specIsD2l
                ? "this spec's layers are named net.{i} (d2l's flat layout), so its weights are keyed net.{i}.weight; "
                    + "the file's keys follow another layout (features.{i}, classifier.{j} or other names)"
                : "read as \(layout.description), detected from the file's keys"]
            if layout == .torchvision && !specIsD2l {
                notes += ArchitectureSketch(shapes: expected).differences(from: ArchitectureSketch(shapes: foundShapes))
            }
            var message = notes.joined(separator: "; ")
            if problems.count > 1 {
                message += "; \(problems.count - 1) more mismatched tensor(s) follow from it"
            }
            throw first.withHint(message)
        }
        for tensor in tensors {
            let key = tensor.key(in: layout)
            if case let .other(name) = found[key]!.dtype {
                throw WeightsError.unsupportedDType(key: key, dtype: name)
            }
        }
    }

    /// `features.2.weight` before `features.10.weight`, features before classifier, `net.2.0` before `net.10`:
    /// numeric fields compare as numbers.
    static func forwardOrder(_ a: String, _ b: String) -> Bool {
        func rank(_ first: Substring?) -> Int { first == "features" ? 0 : first == "classifier" ? 1 : 2 }
        let (pa, pb) = (a.split(separator: "."), b.split(separator: "."))
        if rank(pa.first) != rank(pb.first) { return rank(pa.first) < rank(pb.first) }
        for (x, y) in zip(pa, pb) where x != y {
            if let i = Int(x), let j = Int(y) { return i < j }
            if (Int(x) == nil) != (Int(y) == nil) { return Int(x) != nil }
            return x < y
        }
        return pa.count != pb.count ? pa.count < pb.count : a < b
    }
}
