/// What an edit changed: totals before and after, and the layers that moved. Layers are matched by
/// their place: head and classifier layers by name, feature layers by block and their kind's count in it
/// (block 1's second Conv2d), because torchvision's `features.N` renumbers everything after an inserted
/// convolution. A layer only in one of the two counts as added or removed; changes carry the new name.
/// Pure: the TUI only renders it.
public struct SummaryDelta: Equatable, Sendable {
    public struct LayerChange: Equatable, Sendable {
        public enum Kind: Equatable, Sendable { case changed, added, removed }
        public var name: String
        public var kind: Kind
        public var paramsBefore: Int
        public var paramsAfter: Int
        public var macsBefore: Int
        public var macsAfter: Int
        public var paramsDelta: Int { paramsAfter - paramsBefore }
        public var macsDelta: Int { macsAfter - macsBefore }
    }

    public var paramsBefore: Int
    public var paramsAfter: Int
    public var macsBefore: Int
    public var macsAfter: Int
    /// Every layer whose op, output shape, params, MACs or receptive field differ, in the new order (removed ones last).
    public var changes: [LayerChange]

    public init(from before: ModelSummary, to after: ModelSummary) {
        paramsBefore = before.totals.params
        paramsAfter = after.totals.params
        macsBefore = before.totals.macs
        macsAfter = after.totals.macs
        var old: [String: LayerFacts] = [:]
        let beforeKeys = Self.keys(before)
        for (f, key) in zip(before.layers, beforeKeys) { old[key] = f }
        var changes: [LayerChange] = []
        for (f, key) in zip(after.layers, Self.keys(after)) {
            if let o = old.removeValue(forKey: key) {
                guard o.layer.op != f.layer.op || o.outputShape != f.outputShape || o.params != f.params || o.macs != f.macs
                        || o.receptiveField != f.receptiveField
                else { continue }
                changes.append(LayerChange(name: f.name, kind: .changed, paramsBefore: o.params, paramsAfter: f.params,
                                           macsBefore: o.macs, macsAfter: f.macs))
            } else {
                changes.append(LayerChange(name: f.name, kind: .added, paramsBefore: 0, paramsAfter: f.params,
                                           macsBefore: 0, macsAfter: f.macs))
            }
        }
        for (o, key) in zip(before.layers, beforeKeys) where old[key] != nil {
            changes.append(LayerChange(name: o.name, kind: .removed, paramsBefore: o.params, paramsAfter: 0,
                                       macsBefore: o.macs, macsAfter: 0))
        }
        self.changes = changes
    }

    /// `classifier.0`, or `block 0 Conv2d 1` for a block's second convolution.
    static func keys(_ s: ModelSummary) -> [String] {
        var seen: [String: Int] = [:]
        return s.layers.map { (f: LayerFacts) -> String in
            guard let b = f.block, f.layer.section == .features else { return f.name }
            let kind = "block \(b) \(f.kindName)"
            let n = seen[kind, default: 0]
            seen[kind] = n + 1
            return "\(kind) \(n)"
        }
    }

    public var paramsDelta: Int { paramsAfter - paramsBefore }
    public var macsDelta: Int { macsAfter - macsBefore }
    public var changedNames: Set<String> { Set(changes.map(\.name)) }
    public var isEmpty: Bool { changes.isEmpty && paramsDelta == 0 && macsDelta == 0 }

    /// The layer whose params (or MACs) moved most, and its share of all the movement
    /// (sum of absolute per-layer changes), so growth in one layer and shrinkage in another both count.
    public func largest(_ metric: Metric) -> (change: LayerChange, share: Double)? {
        func d(_ c: LayerChange) -> Int { abs(metric == .params ? c.paramsDelta : c.macsDelta) }
        let moved = changes.filter { d($0) > 0 }
        guard let top = moved.max(by: { d($0) < d($1) }) else { return nil }
        let sum = moved.reduce(0) { $0 + d($1) }
        return (top, Double(d(top)) / Double(sum))
    }

    public enum Metric: Sendable { case params, macs }

    /// `params 43.09 M → 22.12 M (−20.97 M, 100% in classifier.0)`; `params 132.9 M (unchanged)`.
    public func text(_ metric: Metric) -> String {
        let label = metric == .params ? "params" : "MACs"
        let (a, b) = metric == .params ? (paramsBefore, paramsAfter) : (macsBefore, macsAfter)
        guard a != b else { return "\(label) \(NumberFormat.human(b)) (unchanged)" }
        // Human units hide a small change (132.9 M → 132.9 M): then the exact counts.
        let exact = NumberFormat.human(a) == NumberFormat.human(b)
        func show(_ v: Int) -> String { exact ? NumberFormat.grouped(v) : NumberFormat.human(v) }
        var detail = exact ? (b < a ? "−" : "+") + NumberFormat.grouped(abs(b - a)) : Self.signed(b - a)
        if let (top, share) = largest(metric) {
            let where_ = top.kind == .changed ? top.name : "\(top.name), \(top.kind == .added ? "added" : "removed")"
            detail += ", \(NumberFormat.fixed(100 * share, decimals: 0))% in \(where_)"
        }
        return "\(label) \(show(a)) → \(show(b)) (\(detail))"
    }

    /// Both lines, for the status bar: `params … · MACs …`.
    public var summaryText: String { text(.params) + " · " + text(.macs) }

    /// `+1.23 M` / `−20.97 M` (a real minus sign, as in print).
    public static func signed(_ v: Int) -> String {
        (v < 0 ? "−" : "+") + NumberFormat.human(abs(v))
    }
}
