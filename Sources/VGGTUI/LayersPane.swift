import VGGCore

/// Per-layer rows grouped by block (or folded, one row per block), scrollable, the selected block's
/// rows highlighted, the rows the last edit changed marked `Δ`, a column set chosen with `v`, and a
/// pinned totals row.
enum LayersPane {
    /// One row's figures, already formatted: from a layer, a folded block or the totals.
    struct Cells: Sendable {
        var name = "", kind = "", output = "", params = "", macs = "", macsExact = "", flops = "", act = ""
        var rf = "", jump = "", ms = "", pred = "", gflops = "", intensity = "", roof = ""
    }

    struct Column: Sendable {
        var title: String
        var align: ScreenBuffer.Alignment
        var value: @Sendable (Cells) -> String
        /// A column that only makes sense beside another one (by title): never shown without it.
        var needs: String? = nil
    }

    static let catalog: [String: Column] = {
        let list = [
            Column(title: "layer", align: .left, value: \.name),
            Column(title: "kind", align: .left, value: \.kind),
            Column(title: "output", align: .right, value: \.output),
            Column(title: "params", align: .right, value: \.params),
            Column(title: "MACs", align: .right, value: \.macs),
            Column(title: "MACs exact", align: .right, value: \.macsExact),
            Column(title: "FLOPs", align: .right, value: \.flops),
            Column(title: "act", align: .right, value: \.act),
            Column(title: "RF", align: .right, value: \.rf),
            Column(title: "jump", align: .right, value: \.jump),
            Column(title: "ms", align: .right, value: \.ms),
            // The plan's cost-model ms for the same kernel call, beside the measured one.
            Column(title: "pred", align: .right, value: \.pred, needs: "ms"),
            Column(title: "GFLOP/s", align: .right, value: \.gflops, needs: "ms"),
            Column(title: "FLOP/B", align: .right, value: \.intensity, needs: "GFLOP/s"),
            Column(title: "roof%", align: .right, value: \.roof, needs: "GFLOP/s"),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.title, $0) })
    }()

    /// Display order of every column.
    static let order = ["layer", "kind", "output", "params", "MACs", "MACs exact", "FLOPs", "act", "RF", "jump",
                        "pred", "ms", "GFLOP/s", "FLOP/B", "roof%"]

    /// A set's columns, most important first: the narrower the pane, the shorter the prefix that is shown.
    /// The kind sits beside the name in every set, so even 80 columns tell a Conv from its ReLU; then output and
    /// params outrank the timings in `all`, so a run never pushes out the shapes being studied.
    static func ranking(_ set: ColumnSet, timed: Bool) -> [String] {
        switch set {
        case .structure: ["layer", "kind", "output", "params", "RF", "jump", "act"]
        case .cost: ["layer", "kind", "params", "MACs", "act", "FLOPs", "MACs exact", "output"]
        case .timing: ["layer", "kind", "ms", "GFLOP/s", "roof%", "FLOP/B", "pred", "output", "params"]
        case .all:
            timed ? ["layer", "kind", "output", "params", "ms", "GFLOP/s", "roof%", "MACs", "FLOP/B", "RF", "act", "FLOPs", "jump", "MACs exact"]
                : ["layer", "kind", "output", "params", "MACs", "act", "RF", "MACs exact", "FLOPs", "jump"]
        }
    }

    /// Titles that fit `width` at the widths the rows need (numbers are never cut: a column that would not
    /// fit whole is left out), in display order.
    static func fitting(_ ranked: [String], widths: [String: Int], width: Int) -> [String] {
        var chosen: [String] = []
        var used = 0
        for title in ranked {
            if let other = catalog[title]?.needs, !chosen.contains(other) { continue }
            let need = (widths[title] ?? title.count) + (chosen.isEmpty ? 0 : 1)
            if used + need <= width {
                chosen.append(title)
                used += need
            }
        }
        return order.filter(chosen.contains)
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

    static func predCell(_ ms: Double) -> String { NumberFormat.fixed(ms, decimals: 2) }

    /// The plan's ms for `layers` added up; nil when the run carried no predictions (or none of these are calls).
    static func predictedSum(_ layers: [String], _ timing: RunResult) -> Double? {
        let predicted = layers.compactMap { timing.timing(for: $0)?.predictedMilliseconds }
        return predicted.isEmpty ? nil : predicted.reduce(0, +)
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

    static func human(_ v: Int) -> String { v == 0 ? "0" : NumberFormat.human(v) }

    /// The MACs columns follow `C`: torchinfo's rule by default, else the chosen tool's (its name titles them).
    static func title(_ column: String, counting tool: CountingTool) -> String {
        guard tool != .default else { return column }
        switch column {
        case "MACs": return tool.rawValue
        case "MACs exact": return "\(tool.rawValue) exact"
        default: return column
        }
    }

    static func cells(_ f: LayerFacts, _ t: LayerTime?, counting tool: CountingTool) -> Cells {
        Cells(name: f.name, kind: shortKind(f.layer.op), output: f.outputShape.description,
              params: NumberFormat.grouped(f.params), macs: human(f.counts[tool]), macsExact: NumberFormat.grouped(f.counts[tool]),
              flops: human(f.flops), act: NumberFormat.bytes(f.activationBytes), rf: String(f.receptiveField),
              jump: String(f.jump), ms: t.map(msCell) ?? "", pred: t?.predictedMilliseconds.map(predCell) ?? "", gflops: t?.gflops.map { NumberFormat.fixed($0, decimals: 1) } ?? "",
              intensity: t?.intensity.map(intensityText) ?? "", roof: t?.roofPercent.map(percentText) ?? "")
    }

    /// A folded block: its layers added up; time is the sum of its layers' and GFLOP/s its FLOPs over that.
    static func cells(_ r: BlockSummary.Row, _ timing: RunResult?, counted: Int) -> Cells {
        var c = Cells(name: r.name, kind: "\(r.convs) conv", output: r.outputShape.description,
                      params: NumberFormat.grouped(r.params), macs: human(counted), macsExact: NumberFormat.grouped(counted),
                      flops: human(r.flops), act: NumberFormat.bytes(r.activationBytes), rf: String(r.receptiveField))
        if let timing {
            let ms = r.layers.compactMap { timing.timing(for: $0)?.milliseconds }.reduce(0, +)
            c.ms = NumberFormat.fixed(ms, decimals: 2)
            c.pred = predictedSum(r.layers, timing).map(predCell) ?? ""
            if ms > 0 { c.gflops = NumberFormat.fixed(Double(r.flops) / (ms * 1e6), decimals: 1) }
        }
        return c
    }

    static func totalCells(_ s: ModelSummary, _ r: RunResult?, counting tool: CountingTool) -> Cells {
        var c = Cells(name: "total", output: s.outputShape.description, params: NumberFormat.grouped(s.totals.params),
                      macs: NumberFormat.human(s.total(tool)), macsExact: NumberFormat.grouped(s.total(tool)),
                      flops: NumberFormat.human(s.totals.flops), act: NumberFormat.bytes(s.totals.activationBytes),
                      rf: String(s.receptiveFieldAtLastPool))
        if let r {
            c.ms = NumberFormat.fixed(r.totalMilliseconds, decimals: 1)
            let predicted = r.layers.compactMap(\.predictedMilliseconds)
            if !predicted.isEmpty { c.pred = NumberFormat.fixed(predicted.reduce(0, +), decimals: 1) }
            if r.totalMilliseconds > 0 { c.gflops = NumberFormat.fixed(Double(s.totals.flops) / (r.totalMilliseconds * 1e6), decimals: 1) }
        }
        return c
    }

    /// Every row's cells (nil for headings) and the totals row.
    static func table(_ state: AppState, rows: [LayerRow]) -> (rows: [Cells?], total: Cells) {
        let summary = state.summary
        let timing = state.currentTiming
        let tool = state.counting
        let blocks = state.foldBlocks ? BlockSummary(summary).rows : []
        let out: [Cells?] = rows.map { row -> Cells? in
            switch row {
            case .group: return nil
            case .layer(let index, _):
                return cells(summary.layers[index], timing?.timing(for: summary.layers[index].name), counting: tool)
            case .folded(let b):
                // A folded block counts its layers by the chosen tool's rule too.
                let counted = summary.layers.reduce(0) { $0 + ($1.block == b && $1.layer.section == .features ? $1.counts[tool] : 0) }
                return blocks.first { $0.block == b }.map { cells($0, timing, counted: counted) }
            }
        }
        return (out, totalCells(summary, timing, counting: tool))
    }

    /// `29 layers · rows 1-18 of 36 · v: all`: the header line counts leaf layers, as the title bar does;
    /// rows also count the group headings. As much as fits `room`.
    static func title(_ state: AppState, first: Int, last: Int, rows: Int, room: Int) -> String {
        let layers = state.summary.layers.count
        let what = state.foldBlocks ? "\(state.summary.spec.blocks.count) blocks + \(layers - state.summary.layers.count { $0.block != nil }) layers"
            : "\(layers) layers"
        let set = "v: \(state.columnSet.rawValue)"
        let invalid = state.specError != nil ? " · last valid" : ""
        let candidates = [
            "\(what) · rows \(first)-\(last) of \(rows) · \(set)\(invalid)",
            "\(what) · \(first)-\(last)/\(rows) · \(set)\(invalid)",
            "\(layers) layers · \(first)-\(last)/\(rows) · \(set)",
            "\(first)-\(last)/\(rows) · \(set)",
        ]
        return candidates.first { $0.columns <= room } ?? candidates[candidates.count - 1]
    }

    static func draw(_ state: AppState, into buffer: inout ScreenBuffer, at rect: Rect) {
        let summary = state.summary
        let rows = state.layerRows
        let visible = max(1, rect.height - 4)
        let first = min(max(0, state.layerScroll), rows.count)
        let last = min(rows.count, first + visible)
        buffer.box(rect, title: title(state, first: first + 1, last: last, rows: rows.count, room: rect.width - 6),
                   style: state.focus == .layers ? .focusBorder : .border)
        let inner = rect.inner
        guard inner.width > 3, inner.height > 2 else { return }
        let (cells, total) = table(state, rows: rows)
        var widths: [String: Int] = [:]
        for (key, column) in catalog {
            let values = cells.compactMap { $0.map(column.value) } + [column.value(total)]
            widths[key] = values.reduce(title(key, counting: state.counting).columns) { max($0, $1.columns) }
        }
        // One column on each side stays free: the cursor/selection marker left, the scroll arrows right.
        let titles = fitting(ranking(state.columnSet, timed: state.currentTiming != nil), widths: widths,
                             width: inner.width - 2)
        let cols = titles.compactMap { catalog[$0] }
        let x0 = inner.x + 1

        func putRow(_ c: Cells, y: Int, style: Style, nameStyle: Style? = nil) {
            var x = x0
            for col in cols {
                let w = widths[col.title] ?? col.title.count
                buffer.put(ScreenBuffer.fit(col.value(c), w, col.align), x: x, y: y,
                           style: col.title == "layer" ? (nameStyle ?? style) : style)
                x += w + 1
            }
        }
        var x = x0
        for col in cols {
            let w = widths[col.title] ?? col.title.count
            buffer.put(ScreenBuffer.fit(title(col.title, counting: state.counting), w, col.align), x: x, y: inner.y, style: .header)
            x += w + 1
        }

        // Highlight the block being edited; under an error, the figures are the last valid spec's.
        let highlighted = state.specError == nil || summary.spec.blocks.count == state.spec.blocks.count
            ? state.selectedBlock : nil
        let changed = state.lastDelta?.changedNames ?? []
        let blocks = state.foldBlocks ? BlockSummary(summary).rows : []
        for (offset, row) in rows[first..<last].enumerated() {
            let y = inner.y + 1 + offset
            let isSelected = highlighted != nil && row.block == highlighted
            switch row {
            case .group(let name, _):
                let style: Style = isSelected ? .highlight : .dim
                buffer.put("\(isSelected ? "▸" : "─") \(name) ", x: inner.x, y: y, style: style, maxWidth: inner.width - 1)
            case .layer, .folded:
                guard let c = cells[first + offset] else { continue }
                let names: [String]
                switch row {
                case .layer(let index, _): names = [summary.layers[index].name]
                case .folded(let b): names = blocks.first { $0.block == b }?.layers ?? []
                case .group: names = []
                }
                let isChanged = names.contains(where: changed.contains)
                let isCursor = state.focus == .layers && first + offset == state.layerCursor
                let style: Style = isCursor ? .selected : (isSelected ? .highlight : .normal)
                if style != .normal { buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style) }
                putRow(c, y: y, style: style, nameStyle: isChanged && !isCursor ? .accent : nil)
                // Left marker: cursor, then "changed by the last edit", then the selected block.
                if isCursor { buffer.set(x: inner.x, y: y, "▸", style) }
                else if isChanged { buffer.set(x: inner.x, y: y, "Δ", .accent) }
                else if isSelected { buffer.set(x: inner.x, y: y, "▌", style) }
            }
        }
        if first > 0 { buffer.set(x: inner.maxX - 1, y: inner.y + 1, "↑", .dim) }
        if last < rows.count { buffer.set(x: inner.maxX - 1, y: inner.y + visible, "↓", .dim) }

        putRow(total, y: inner.maxY - 1, style: .accent)
    }
}
