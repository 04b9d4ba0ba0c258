import VGGCore

/// VGG-11/13/16/19 and the architecture being edited, side by side, with bars for params,
/// MACs and measured forward time.
enum CompareView {
    struct Model {
        var name: String
        var summary: ModelSummary
        var timing: RunResult?
        var isYours: Bool
    }

    /// The presets at their own input, or at yours (`i`); a preset your input does not fit is left out
    /// and named in the title.
    static func models(_ state: AppState) -> [Model] {
        var models = state.comparedSummaries.compactMap { $0 }.map {
            Model(name: $0.spec.name, summary: $0, timing: state.timings[$0.spec], isYours: false)
        }
        if state.compareAlexNet, let alex = state.alexNet {
            models.append(Model(name: alex.spec.name, summary: alex, timing: state.timings[alex.spec], isYours: false))
        }
        let yours = state.isModified || state.specError != nil ? "yours*" : "yours"
        models.append(Model(name: yours, summary: state.summary, timing: state.timings[state.summary.spec],
                            isYours: true))
        return models
    }

    static func draw(_ state: AppState, keymap: Keymap, into buffer: inout ScreenBuffer) {
        let (title, body, hints, status) = buffer.bounds.screenRows()
        TitleBar.draw(state, view: "compare", into: &buffer, at: title)
        let models = models(state)
        // The bars need a row per model (AlexNet makes six); the table gives up its least important rows.
        let tableHeight = min(body.height - max(7, models.count + 2), rows(models).count + 3)
        let (tableRect, barsRect) = body.splitTop(tableHeight)
        drawTable(models, title: Self.title(state, width: tableRect.width - 6), into: &buffer, at: tableRect)
        drawBars(models, into: &buffer, at: barsRect)
        // Spare rows below the bars state the counting rules behind the figures.
        let barsHeight = models.count + 2
        var y = barsRect.y + barsHeight + 1
        for rule in CountingRules.all {
            let lines = TooSmallView.wrap(rule, width: barsRect.width - 2)
            guard y + lines.count <= barsRect.maxY else { break }  // whole rules only
            for line in lines {
                buffer.put(line, x: barsRect.x + 1, y: y, style: .dim)
                y += 1
            }
        }
        let shown: Set<Command> = [.back, .run, .runAll, .compareAlexNet, .export, .save, .help, .quit, .undo, .editInput]
        StatusBar.drawHints(StatusBar.hints(keymap) { shown.contains($0) }, into: &buffer, at: hints)
        StatusBar.drawStatus(state, into: &buffer, at: status)
    }

    /// Metric rows in display order; `priority` decides which stay on a short screen (lower stays).
    static func rows(_ models: [Model]) -> [(label: String, values: [String], priority: Int)] {
        func each(_ f: (Model) -> String) -> [String] { models.map(f) }
        return [
            ("input NxCxHxW", each { TensorShape($0.summary.spec.input.dims).fullDescription }, 0),
            ("depth", each { String($0.summary.depth) }, 0),
            ("params", each { NumberFormat.grouped($0.summary.totals.params) }, 0),
            ("  conv params", each { NumberFormat.grouped($0.summary.split.convParams) }, 10),
            ("  fc params", each { NumberFormat.grouped($0.summary.split.classifierParams) }, 11),
            ("fc share (params)", each { NumberFormat.percent($0.summary.split.classifierParams, of: $0.summary.totals.params) }, 1),
            ("MACs", each { NumberFormat.human($0.summary.totals.macs) }, 0),
            ("FLOPs (2×MACs)", each { NumberFormat.human($0.summary.totals.flops) }, 0),
            ("conv share (MACs)", each { NumberFormat.percent($0.summary.split.convMACs, of: $0.summary.totals.macs) }, 1),
            ("weights", each { NumberFormat.bytes($0.summary.totals.paramBytes) }, 12),
            ("activations", each { NumberFormat.bytes($0.summary.totals.activationBytes) }, 2),
            ("peak memory", each { NumberFormat.bytes($0.summary.totals.peakBytes) }, 2),
            ("RF last pool (px)", each { String($0.summary.receptiveFieldAtLastPool) }, 2),
            ("forward (ms)", each { $0.timing.map { NumberFormat.fixed($0.totalMilliseconds, decimals: 1) } ?? "—" }, 0),
            ("GFLOP/s", each { m in
                m.timing.map { t in t.totalMilliseconds > 0
                    ? NumberFormat.fixed(Double(m.summary.totals.flops) / (t.totalMilliseconds * 1e6), decimals: 1) : "—" } ?? "—"
            }, 13),
        ]
    }

    /// The rows that fit `available` lines, most important first, kept in display order.
    static func fittingRows(_ models: [Model], available: Int) -> [(label: String, values: [String], priority: Int)] {
        let all = rows(models)
        let kept = Set(all.indices.sorted { (all[$0].priority, $0) < (all[$1].priority, $1) }.prefix(max(0, available)))
        return all.indices.filter(kept.contains).map { all[$0] }
    }

    /// Says at which input the columns are computed, and how to switch.
    static func title(_ state: AppState, width: Int) -> String {
        let yours = TensorShape(state.spec.input.dims).fullDescription
        let missing = zip(state.comparison, state.comparedSummaries).filter { $0.1 == nil }.map { $0.0.spec.name }
        var candidates: [String]
        if state.compareAtYourInput {
            let gone = missing.isEmpty ? "" : " · \(missing.joined(separator: ",")) cannot take it"
            candidates = ["Compare at your input \(yours) (i: each at its own)\(gone) · FLOPs = 2 x MACs",
                          "Compare at your input \(yours) (i: own)\(gone)", "at your input \(yours) (i)\(gone)"]
        } else {
            candidates = ["Compare, each at its own input (i: all at yours, \(yours)) · FLOPs = 2 x MACs",
                          "Compare, each at its own input (i: at yours, \(yours))", "each at its own input (i: yours)"]
        }
        return candidates.first { $0.columns <= width } ?? candidates[candidates.count - 1]
    }

    static func drawTable(_ models: [Model], title: String, into buffer: inout ScreenBuffer, at rect: Rect) {
        buffer.box(rect, title: title, style: .border)
        let inner = rect.inner
        guard inner.width > 20, inner.height > 1 else { return }
        let labelWidth = 18
        let columnWidth = max(8, min(16, (inner.width - labelWidth) / models.count))
        func columnX(_ i: Int) -> Int { inner.x + labelWidth + i * columnWidth }
        for (i, model) in models.enumerated() {
            buffer.put(ScreenBuffer.fit(model.name, columnWidth - 1, .right), x: columnX(i), y: inner.y,
                       style: model.isYours ? .highlight : .header)
        }
        buffer.put("metric", x: inner.x + 1, y: inner.y, style: .header)
        for (r, (label, values, _)) in fittingRows(models, available: inner.height - 1).enumerated() {
            let y = inner.y + 1 + r
            buffer.put(label, x: inner.x + 1, y: y, style: .dim, maxWidth: labelWidth - 1)
            for (i, value) in values.enumerated() {
                buffer.put(ScreenBuffer.fit(value, columnWidth - 1, .right), x: columnX(i), y: y,
                           style: models[i].isYours ? .highlight : .normal)
            }
        }
    }

    static func drawBars(_ models: [Model], into buffer: inout ScreenBuffer, at rect: Rect) {
        guard rect.height >= 3 else { return }
        let third = rect.width / 3
        let groups: [(String, [Double], (Double) -> String)] = [
            ("Params", models.map { Double($0.summary.totals.params) }, { NumberFormat.human(Int($0)) }),
            ("MACs", models.map { Double($0.summary.totals.macs) }, { NumberFormat.human(Int($0)) }),
            ("Forward time", models.map { $0.timing?.totalMilliseconds ?? 0 }, { $0 > 0 ? NumberFormat.fixed($0, decimals: 1) + " ms" : "—" }),
        ]
        for (g, (title, values, format)) in groups.enumerated() {
            let box = Rect(x: rect.x + g * third, y: rect.y, width: g == 2 ? rect.width - 2 * third : third,
                           height: min(rect.height, models.count + 2))
            let measured = values.contains { $0 > 0 }
            buffer.box(box, title: title, style: .border)
            let inner = box.inner
            guard inner.width > 12 else { continue }
            if !measured {
                let first = ["not measured: R times the four", "not measured: R times all", "R times the four"]
                    .first { $0.columns <= inner.width - 2 } ?? "R: all four"
                buffer.put(first, x: inner.x + 1, y: inner.y, style: .dim, maxWidth: inner.width - 2)
                buffer.put("r times yours", x: inner.x + 1, y: inner.y + 1, style: .dim, maxWidth: inner.width - 2)
                continue
            }
            let maxValue = values.max() ?? 0
            // A blank column inside each border; names and figures whole, the bar takes what is left.
            let names = models.map { $0.isYours ? "yours" : $0.name }
            let figures = values.map(format)
            let valueWidth = figures.map(\.columns).max() ?? 0
            let nameWidth = min(names.map(\.columns).max() ?? 0, max(0, inner.width - valueWidth - 4))
            let barWidth = inner.width - nameWidth - valueWidth - 4
            for (i, model) in models.enumerated() where i < inner.height {
                let y = inner.y + i
                let style: Style = model.isYours ? .barAlt : .bar
                buffer.put(ScreenBuffer.fit(names[i], nameWidth), x: inner.x + 1, y: y, style: model.isYours ? .highlight : .dim)
                if barWidth > 0 {
                    buffer.put(BarChart.bar(values[i], of: maxValue, width: barWidth), x: inner.x + nameWidth + 2, y: y, style: style)
                }
                if valueWidth <= inner.width - 2 {
                    buffer.put(ScreenBuffer.fit(figures[i], valueWidth, .right), x: inner.maxX - 1 - valueWidth, y: y)
                }
            }
        }
    }
}
