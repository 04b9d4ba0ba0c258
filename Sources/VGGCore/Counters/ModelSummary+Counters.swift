/// Reading the network through one counting tool, and where two tools part ways.
extension ModelSummary {
    /// A tool's total for the network: exactly what the tool reports.
    public func total(_ tool: CountingTool) -> Int { totals.counts[tool] }

    /// Convolution-side and classifier-side shares of a tool's count (the VGG lesson, per tool).
    public func split(_ tool: CountingTool) -> (features: Int, classifier: Int) {
        var split = (features: 0, classifier: 0)
        for f in layers {
            switch f.layer.section {
            case .features: split.features &+= f.counts[tool]
            case .head, .classifier: split.classifier &+= f.counts[tool]
            }
        }
        return split
    }

    /// The layer with the largest count under `tool`.
    public func heaviest(_ tool: CountingTool) -> LayerFacts? { layers.max { $0.counts[tool] < $1.counts[tool] } }

    /// Why `tool`'s total differs from `base`'s: the difference grouped by layer kind, largest first.
    /// The deltas add up to `total(tool) - total(base)`.
    public func difference(_ tool: CountingTool, from base: CountingTool = .default) -> [CounterDifference] {
        var byKind: [String: CounterDifference] = [:]
        var order: [String] = []
        for f in layers {
            let delta = f.counts[tool] &- f.counts[base]
            guard delta != 0 else { continue }
            if byKind[f.kindName] == nil {
                order.append(f.kindName)
                byKind[f.kindName] = CounterDifference(kind: f.kindName, delta: 0, layers: [])
            }
            byKind[f.kindName]!.delta &+= delta
            byKind[f.kindName]!.layers.append(f.name)
        }
        return order.compactMap { byKind[$0] }.sorted { abs($0.delta) > abs($1.delta) }
    }
}

/// Part of the gap between two tools' totals: the layers of one kind that account for it.
public struct CounterDifference: Equatable, Sendable {
    public var kind: String
    public var delta: Int
    public var layers: [String]

    /// `ReLU +27,111,424 (15 layers)`.
    public var description: String {
        "\(kind) \(delta >= 0 ? "+" : "")\(NumberFormat.grouped(delta)) (\(layers.count) layer\(layers.count == 1 ? "" : "s"))"
    }
}
