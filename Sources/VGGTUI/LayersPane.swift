import VGGCore

/// Per-layer rows grouped by block, scrollable, the selected block's rows highlighted, measured
/// timings when there are any, and a pinned totals row.
enum LayersPane {
    struct Column {
        var title: String
        var width: Int
        var align: ScreenBuffer.Alignment
        /// Lower numbers stay when the pane is narrow (see `columns(timed:)` for the two rankings).
        var priority: Int
        var value: (LayerFacts, LayerTime?) -> String
        var total: (ModelSummary, RunResult?) -> String
        /// A column that only makes sense beside another one (by title): never shown without it.
        var needs: String? = nil
    }

    /// Untimed, the static facts rank first: layer, output, params, MACs, then kind. Once a run has timings
    /// the user asked for them, so ms, GFLOP/s and roof% outrank the facts (then kind, output, MACs, FLOP/B,
    /// params): an 80-column terminal shows layer, kind, ms, GFLOP/s and roof% instead of losing ms to params.
    static func columns(timed: Bool, counting tool: CountingTool = .default) -> [Column] {
        /// This column's priority without timings, and with them.
        func rank(_ untimed: Int, _ withTimings: Int) -> Int { timed ? withTimings : untimed }
        var cols = [
            Column(title: "layer", width: 12, align: .left, priority: 0, value: { f, _ in f.name }, total: { _, _ in "total" }),
            Column(title: "kind", width: 9, align: .left, priority: rank(8, 4), value: { f, _ in shortKind(f.layer.op) },
                   total: { _, _ in "" }),
            Column(title: "output", width: 11, align: .right, priority: rank(1, 5), value: { f, _ in f.outputShape.description },
                   total: { s, _ in s.outputShape.description }),
            Column(title: "params", width: 11, align: .right, priority: rank(2, 8), value: { f, _ in NumberFormat.grouped(f.params) },
                   total: { s, _ in NumberFormat.grouped(s.totals.params) }),
            // The counted column follows `C`: torchinfo's MACs by default, else titled by the tool.
            Column(title: tool == .default ? "MACs" : tool.rawValue, width: 7, align: .right, priority: rank(3, 6),
                   value: { f, _ in f.counts[tool] == 0 ? "0" : NumberFormat.human(f.counts[tool]) },
                   total: { s, _ in NumberFormat.human(s.total(tool)) }),
            // Wide terminals also get the exact mult-adds and FLOPs.
            Column(title: tool == .default ? "MACs exact" : "\(tool.rawValue) exact", width: 14, align: .right, priority: 11,
                   value: { f, _ in NumberFormat.grouped(f.counts[tool]) }, total: { s, _ in NumberFormat.grouped(s.total(tool)) }),
            Column(title: "FLOPs", width: 8, align: .right, priority: 12,
                   value: { f, _ in f.flops == 0 ? "0" : NumberFormat.human(f.flops) },
                   total: { s, _ in NumberFormat.human(s.totals.flops) }),
            Column(title: "act", width: 8, align: .right, priority: 9, value: { f, _ in NumberFormat.bytes(f.activationBytes) },
                   total: { s, _ in NumberFormat.bytes(s.totals.activationBytes) }),
            Column(title: "RF", width: 3, align: .right, priority: 10, value: { f, _ in String(f.receptiveField) },
                   total: { s, _ in String(s.receptiveFieldAtLastPool) }),
            Column(title: "jump", width: 4, align: .right, priority: 13, value: { f, _ in String(f.jump) },
                   total: { _, _ in "" }),
        ]
        if timed {
            cols.append(Column(title: "ms", width: 7, align: .right, priority: 1,
                               value: { _, t in t.map(msCell) ?? "" },
                               total: { _, r in r.map { NumberFormat.fixed($0.totalMilliseconds, decimals: 1) } ?? "" }))
            cols.append(Column(title: "GFLOP/s", width: 7, align: .right, priority: 2,
                               value: { _, t in t?.gflops.map { NumberFormat.fixed($0, decimals: 1) } ?? "" },
                               total: { s, r in
                                   guard let r, r.totalMilliseconds > 0 else { return "" }
                                   return NumberFormat.fixed(Double(s.totals.flops) / (r.totalMilliseconds * 1e6), decimals: 1)
                               }))
            // The roofline: at 120 columns these push out act and RF; narrower, FLOP/B is dropped before MACs,
            // roof% only after kind and output, and both before ms and GFLOP/s.
            cols.append(Column(title: "FLOP/B", width: 6, align: .right, priority: 7,
                               value: { _, t in t?.intensity.map(intensityText) ?? "" }, total: { _, _ in "" },
                               needs: "GFLOP/s"))
            cols.append(Column(title: "roof%", width: 5, align: .right, priority: 3,
                               value: { _, t in t?.roofPercent.map(percentText) ?? "" }, total: { _, _ in "" },
                               needs: "GFLOP/s"))
        }
        return cols
    }

    /// The columns that fit `width`, keeping the most important, in their natural order.
    static func fitting(_ all: [Column], width: Int) -> [Column] {
        var chosen = Set<Int>()
        var used = 0
        for i in all.indices.sorted(by: { all[$0].priority < all[$1].priority }) {
            if let other = all[i].needs, !chosen.contains(where: { all[$0].title == other }) { continue }
            let need = all[i].width + (chosen.isEmpty ? 0 : 1)
            if used + need <= width {
                chosen.insert(i)
                used += need
            }
        }
        return all.indices.filter(chosen.contains).map { all[$0] }
    }

    /// FLOPs per byte: one decimal, whole numbers from 1000 up so the column keeps its width.
    static func intensityText(_ v: Double) -> String {
        NumberFormat.fixed(v, decimals: v >= 1000 ? 0 : 1)
    }

    /// Percent of the roofline bound, whole percents (Winograd layers can pass 100).
    static func percentText(_ v: Double) -> String {
        NumberFormat.fixed(v, decimals: 0) + "%"
    }

    /// Fused and view layers have no time of their own: say so rather than print 0.00.
    static func msCell(_ t: LayerTime) -> String {
        if t.algorithm.hasPrefix("fused") { return "fused" }
        if t.algorithm == "view" { return "view" }
        return NumberFormat.fixed(t.milliseconds, decimals: 2)
    }

    static func shortKind(_ op: LayerOp) -> String {
        switch op {
        case .conv2d(_, _, let k, _, _): "Conv\(k)x\(k)"
        case .batchNorm2d: "BatchNorm"
        case .relu: "ReLU"
        case .maxPool2d: "MaxPool"
        case .adaptiveAvgPool2d(let h, let w): "AvgPool\(h == w ? "\(h)" : "\(h)x\(w)")"
        case .flatten: "Flatten"
        case .linear: "Linear"
        case .dropout: "Dropout"
        case .localResponseNorm: "LRN"
        }
    }

    static func draw(_ state: AppState, into buffer: inout ScreenBuffer, at rect: Rect) {
        let summary = state.summary
        let rows = LayerRow.rows(for: summary)
        let visible = max(1, rect.height - 4)
        let first = min(max(0, state.layerScroll), rows.count)
        let last = min(rows.count, first + visible)
        var title = "Layers \(first + 1)-\(last) of \(rows.count)"
        if state.specError != nil { title += " · last valid figures" }
        buffer.box(rect, title: title, style: state.focus == .layers ? .focusBorder : .border)
        let inner = rect.inner
        guard inner.width > 2, inner.height > 2 else { return }
        let timing = state.currentTiming
        let cols = fitting(columns(timed: timing != nil, counting: state.counting), width: inner.width - 1)
        let x0 = inner.x + 1

        func putRow(_ cells: [String], y: Int, style: Style) {
            var x = x0
            for (c, text) in zip(cols, cells) {
                buffer.put(ScreenBuffer.fit(text, c.width, c.align), x: x, y: y, style: style)
                x += c.width + 1
            }
        }
        putRow(cols.map(\.title), y: inner.y, style: .header)

        // Highlight the block being edited; under an error, the figures are the last valid spec's.
        let highlighted = state.specError == nil || summary.spec.blocks.count == state.spec.blocks.count
            ? state.selectedBlock : nil
        for (offset, row) in rows[first..<last].enumerated() {
            let y = inner.y + 1 + offset
            let isSelected = highlighted != nil && row.block == highlighted
            switch row {
            case .group(let name, _):
                let style: Style = isSelected ? .highlight : .dim
                buffer.put("\(isSelected ? "▸" : "─") \(name) ", x: inner.x, y: y, style: style, maxWidth: inner.width)
            case .layer(let index, _):
                let f = summary.layers[index]
                let cells = cols.map { $0.value(f, timing?.timing(for: f.name)) }
                let isCursor = state.focus == .layers && first + offset == state.layerCursor
                let style: Style = isCursor ? .selected : (isSelected ? .highlight : .normal)
                if style != .normal { buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style) }
                putRow(cells, y: y, style: style)
                if isSelected { buffer.set(x: inner.x, y: y, isCursor ? "▸" : "▌", style) }
                else if isCursor { buffer.set(x: inner.x, y: y, "▸", style) }
            }
        }
        if first > 0 { buffer.set(x: inner.maxX - 1, y: inner.y + 1, "↑", .dim) }
        if last < rows.count { buffer.set(x: inner.maxX - 1, y: inner.y + visible, "↓", .dim) }

        let totalY = inner.maxY - 1
        putRow(cols.map { $0.total(summary, timing) }, y: totalY, style: .accent)
    }
}
