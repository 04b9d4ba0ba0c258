/// Which framework's module names a weights file's keys follow; detected from the keys themselves.
/// - torchvision: the layer names the lowering gives (`features.{i}`, `classifier.{j}` for VGG).
/// - d2lBlocks: d2l's VGG, `self.net = nn.Sequential(*blocks, nn.Flatten(), Linear, ...)` with one nn.Sequential per
///   block: `net.{block}.{layer in block}`, then `net.{blocks + i}` for the i-th layer after the blocks.
/// - d2lFlat: d2l's AlexNet, one flat nn.Sequential: `net.{i}` for the i-th layer of the network.
public enum WeightKeyLayout: String, Equatable, Sendable, CaseIterable {
    case torchvision, d2lBlocks, d2lFlat

    public var description: String {
        switch self {
        case .torchvision: "torchvision's key layout (the layer names: features.{i}, classifier.{j})"
        case .d2lBlocks: "d2l's block key layout (net.{block}.{layer}, then net.{i} after the blocks)"
        case .d2lFlat: "d2l's flat key layout (net.{i})"
        }
    }

    /// A few words for a headline: `torchvision keys`, `d2l block keys`, `d2l flat keys`.
    public var shortName: String {
        switch self {
        case .torchvision: "torchvision keys"
        case .d2lBlocks: "d2l block keys"
        case .d2lFlat: "d2l flat keys"
        }
    }

    /// d2l when any key starts with `net.`: nested if some parameter key has two indices (`net.0.0.weight`), else flat.
    public static func detect<Keys: Sequence>(_ keys: Keys) -> WeightKeyLayout where Keys.Element == String {
        var d2l = false
        for key in keys where key.hasPrefix("net.") {
            d2l = true
            let parts = key.split(separator: ".")
            if parts.count >= 4, Int(parts[1]) != nil, Int(parts[2]) != nil { return .d2lBlocks }
        }
        return d2l ? .d2lFlat : .torchvision
    }

    /// Each layer's module name in this layout, in summary order.
    func moduleNames(of layers: [PlannedLayerName]) -> [String] {
        switch self {
        case .torchvision: return layers.map(\.name)
        case .d2lFlat: return layers.indices.map { "net.\($0)" }
        case .d2lBlocks:
            var ordinal: [Int: Int] = [:], inBlock: [Int: Int] = [:]
            for layer in layers { if let b = layer.block, ordinal[b] == nil { ordinal[b] = ordinal.count } }
            var after = ordinal.count
            return layers.map { layer in
                guard let b = layer.block, let o = ordinal[b] else {
                    defer { after += 1 }
                    return "net.\(after)"
                }
                let i = inBlock[b, default: 0]
                inBlock[b] = i + 1
                return "net.\(o).\(i)"
            }
        }
    }
}

/// The two facts of a layer the key layouts need.
struct PlannedLayerName {
    var name: String
    var block: Int?
}
