import VGGCore

/// Params or MACs of each weight layer as unicode columns: convolutions in one color, linear
/// layers in another, so FC1's share of the parameters and the early convs' share of the
/// compute are seen at a glance.
enum ChartPane {
    static func draw(_ state: AppState, into buffer: inout ScreenBuffer, at rect: Rect) {
        let metric = state.chart, tool = state.counting
        let counted = tool == .default ? "MACs" : "\(tool.unit.rawValue) (\(tool.rawValue))"
        let title = metric == .params ? "Params per layer (m: \(counted))" : "\(counted) per layer (m: params)"
        buffer.box(rect, title: title, style: .border)
        let inner = rect.inner
        guard inner.width > 4, inner.height > 3 else { return }
        let weighted = state.summary.layers.filter { $0.layer.op.countsFLOPs }
        guard !weighted.isEmpty else { return }
        let values = weighted.map { Double(metric == .params ? $0.params : $0.counts[tool]) }
        let total = metric == .params ? state.summary.totals.params : state.summary.total(tool)

        // Caption: the heaviest layer and its share.
        if let top = weighted.indices.max(by: { values[$0] < values[$1] }) {
            let v = Int(values[top])
            let caption = "max \(weighted[top].name) \(NumberFormat.percent(v, of: total)) (\(NumberFormat.human(v)))"
            buffer.put(ScreenBuffer.wholeWords(caption, inner.width - 2), x: inner.x + 1, y: inner.y, style: .accent)
        }
        let chartRect = Rect(x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, height: inner.height - 2)
        let n = weighted.count
        let gap = chartRect.width >= n * 2 ? 1 : 0
        let columnWidth = max(1, min(3, (chartRect.width + gap) / n - gap))
        let shown = min(n, (chartRect.width + gap) / (columnWidth + gap))
        // The selected block's columns stand out, tying the chart to the block list.
        let selected = state.specError == nil ? state.selectedBlock : nil
        let styles: [Style] = weighted.prefix(shown).map { f in
            if let b = f.block, b == selected { return .highlight }
            if case .linear = f.layer.op { return .barAlt }
            return .bar
        }
        BarChart.columns(Array(values.prefix(shown)), in: chartRect, into: &buffer,
                         columnWidth: columnWidth, gap: gap, styles: styles)
        // Under the columns, a labelled rule per group: which columns are convs, which linear.
        let legendY = inner.maxY - 1
        let convs = weighted.prefix(shown).filter { if case .conv2d = $0.layer.op { true } else { false } }.count
        let step = columnWidth + gap
        func label(_ text: String, from: Int, count: Int, style: Style) {
            guard count > 0 else { return }
            let width = count * step - gap
            let x = chartRect.x + from * step
            buffer.hline(x: x, y: legendY, width: width, "▔", style: style)
            let text = text.columns + 2 <= width ? " \(text) " : (width >= 3 ? " \(text.prefix(1)) " : "")
            if !text.isEmpty { buffer.put(text, x: x + (width - text.columns) / 2, y: legendY, style: style) }
        }
        label("\(convs) conv", from: 0, count: convs, style: .bar)
        label("\(shown - convs) fc", from: convs, count: shown - convs, style: .barAlt)
        if shown < n {
            buffer.put(" +\(n - shown)", x: chartRect.x + shown * step, y: legendY, style: .dim)
        }
    }
}
