import VGGCore

/// Exact totals with human units, the conv vs classifier split, memory, and the counting rule.
enum TotalsPane {
    /// The FLOPs figure with its rule, as much of the rule as fits.
    static func flopsLine(_ flops: Int, room: Int) -> String {
        let base = "\(NumberFormat.grouped(flops)) (\(NumberFormat.human(flops))) = 2 x MACs"
        let full = base + " (Conv2d, Linear)"
        return full.columns <= room ? full : base
    }

    static func draw(_ state: AppState, into buffer: inout ScreenBuffer, at rect: Rect) {
        buffer.box(rect, title: state.specError == nil ? "Totals" : "Totals · last valid", style: .border)
        let inner = rect.inner
        guard inner.width > 4 else { return }
        let s = state.summary, t = s.totals, split = s.split
        func h(_ v: Int) -> String { NumberFormat.human(v) }
        func pct(_ part: Int, _ whole: Int) -> String { NumberFormat.percent(part, of: whole) }

        var lines: [(String, String, Style)] = [
            ("params", "\(NumberFormat.grouped(t.params))  (\(h(t.params)))", .accent),
            ("", "conv \(h(split.convParams)) \(pct(split.convParams, t.params)) · fc \(h(split.classifierParams)) \(pct(split.classifierParams, t.params))", .normal),
            ("MACs", "\(NumberFormat.grouped(t.macs))  (\(h(t.macs)))", .accent),
            ("", "conv \(h(split.convMACs)) \(pct(split.convMACs, t.macs)) · fc \(h(split.classifierMACs)) \(pct(split.classifierMACs, t.macs))", .normal),
            ("FLOPs", flopsLine(t.flops, room: inner.width - 8), .accent),
            ("memory", "weights \(NumberFormat.bytes(t.paramBytes)) · act \(NumberFormat.bytes(t.activationBytes))", .normal),
            ("", "peak \(NumberFormat.bytes(t.peakBytes)) · RF \(s.receptiveFieldAtLastPool) px · float32", .normal),
        ]
        if let timing = state.currentTiming {
            let rate = timing.totalMilliseconds > 0 ? Double(t.flops) / (timing.totalMilliseconds * 1e6) : 0
            lines.append(("time", "\(NumberFormat.fixed(timing.totalMilliseconds, decimals: 1)) ms · \(NumberFormat.fixed(rate, decimals: 1)) GFLOP/s", .ok))
        } else if inner.height > lines.count {
            lines.append(("time", "not measured: r times a forward pass", .dim))
        }
        for (i, (label, value, style)) in lines.prefix(inner.height).enumerated() {
            let y = inner.y + i
            buffer.put(label, x: inner.x + 1, y: y, style: .dim, maxWidth: 7)
            buffer.put(value, x: inner.x + 8, y: y, style: style, maxWidth: inner.width - 8)
        }
    }
}
