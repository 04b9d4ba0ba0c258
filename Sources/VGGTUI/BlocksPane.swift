import VGGCore

/// The editable block list and the rest of the configuration; the selected block is
/// highlighted and the block an error points at is marked.
enum BlocksPane {
    static func draw(_ state: AppState, into buffer: inout ScreenBuffer, at rect: Rect) {
        let focused = state.focus == .blocks
        buffer.box(rect, title: "Blocks", style: focused ? .focusBorder : .border)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 0 else { return }
        let spec = state.spec
        let outputs = blockOutputs(state)

        // The configuration keeps the bottom rows; blocks scroll above it.
        let configRows = configLines(state, compact: inner.height < spec.blocks.count + 8)
        let listHeight = max(1, inner.height - configRows.count - 1)
        buffer.put("  #  block    → output", x: inner.x, y: inner.y, style: .header, maxWidth: inner.width)
        let visible = max(1, listHeight - 1)
        let first = min(max(0, state.selectedBlock - visible + 1), max(0, spec.blocks.count - visible))
        for (row, b) in spec.blocks.indices.dropFirst(first).prefix(visible).enumerated() {
            let y = inner.y + 1 + row
            let block = spec.blocks[b]
            let isError = state.errorBlock == b
            let marker = isError ? "✗" : (b == state.selectedBlock ? "▸" : " ")
            let line = marker + ScreenBuffer.fit(String(b + 1), 2, .right) + "  "
                + ScreenBuffer.fit("\(block.convs)x\(block.channels)", 8) + " → " + outputs[b]
            let style: Style = b == state.selectedBlock ? .selected : (isError ? .error : .normal)
            buffer.put(ScreenBuffer.fit(line, inner.width), x: inner.x, y: y, style: style)
            if isError, b == state.selectedBlock { buffer.set(x: inner.x, y: y, "✗", .error) }
        }
        if first > 0 { buffer.put("↑", x: inner.maxX - 1, y: inner.y + 1, style: .dim) }
        if first + visible < spec.blocks.count { buffer.put("↓", x: inner.maxX - 1, y: inner.y + visible, style: .dim) }

        let configTop = inner.maxY - configRows.count
        let detailTop = inner.y + 1 + min(visible, spec.blocks.count) + 1
        if configTop - detailTop >= 5, state.specError == nil {
            drawDetail(state, into: &buffer, x: inner.x + 1, y: detailTop, width: inner.width - 1)
        }
        for (i, (label, value, style)) in configRows.enumerated() where configTop + i > inner.y {
            buffer.put(ScreenBuffer.fit(label, 8), x: inner.x + 1, y: configTop + i, style: .dim)
            buffer.put(value, x: inner.x + 9, y: configTop + i, style: style, maxWidth: inner.width - 9)
        }
    }

    /// Figures of the selected block: its params and MACs, their share, and where it leaves the image.
    static func drawDetail(_ state: AppState, into buffer: inout ScreenBuffer, x: Int, y: Int, width: Int) {
        let b = state.selectedBlock
        let layers = state.summary.layers.filter { $0.block == b }
        guard let last = layers.last, state.spec.blocks.indices.contains(b) else { return }
        let t = state.summary.totals
        let params = layers.reduce(0) { $0 + $1.params }
        let tool = state.counting, macs = layers.reduce(0) { $0 + $1.counts[tool] }
        let block = state.spec.blocks[b]
        buffer.put("block \(b + 1): \(block.convs) conv x \(block.channels) ch", x: x, y: y, style: .header, maxWidth: width)
        // A small block's share rounds to 0.0%, which reads as "none"; say "<0.1%".
        func share(_ part: Int, _ whole: Int) -> String {
            part > 0 && part * 1000 < whole ? "<0.1%" : NumberFormat.percent(part, of: whole)
        }
        let lines = [
            ("params", "\(NumberFormat.grouped(params)) \(share(params, t.params))"),
            (tool.unit.rawValue, "\(NumberFormat.human(macs)) \(share(macs, state.summary.total(tool)))"),
            ("out", "\(last.outputShape) · RF \(last.receptiveField)"),
        ]
        for (i, (label, value)) in lines.enumerated() {
            buffer.put(label, x: x, y: y + 1 + i, style: .dim)
            buffer.put(value, x: x + 7, y: y + 1 + i, maxWidth: width - 7)
        }
    }

    /// The rest of the configuration, each with the key that edits it; three rows on short screens.
    static func configLines(_ state: AppState, compact: Bool = false) -> [(String, String, Style)] {
        let spec = state.spec
        func style(_ locations: SpecError.Location...) -> Style {
            state.specError?.location.map(locations.contains) == true ? .error : .normal
        }
        let input = Notation.inputText(spec.input), fc = Notation.widthsText(spec.classifier)
        if compact {
            return [
                ("input", "\(input) · bn \(spec.batchNorm ? "on" : "off")", style(.input)),
                ("head", spec.head.rawValue, style(.head)),
                ("fc", "\(fc) → \(spec.classes)", style(.classifier, .classes)),
            ]
        }
        return [
            ("input", "\(input)  (i)", style(.input)),
            ("head", "\(spec.head.rawValue)  (t)", style(.head)),
            ("bn", "\(spec.batchNorm ? "on" : "off")  (b)", .normal),
            ("fc", "\(fc)  (f)", style(.classifier)),
            ("classes", "\(spec.classes)  (n)", style(.classes)),
        ]
    }

    /// Each block's output shape: from the summary when the spec is valid; otherwise worked out
    /// up to the failing block (pooling halves, floored) and `?` after it.
    static func blockOutputs(_ state: AppState) -> [String] {
        let spec = state.spec
        if state.specError == nil {
            return spec.blocks.indices.map { state.summary.blockOutput($0)?.description ?? "?" }
        }
        var h = spec.input.height, w = spec.input.width
        let failing = state.errorBlock ?? Int.max
        return spec.blocks.enumerated().map { b, block in
            guard b < failing, block.convs >= 1, block.channels >= 1 else { return "?" }
            h /= 2
            w /= 2
            return h >= 1 && w >= 1 ? "\(block.channels)x\(h)x\(w)" : "?"
        }
    }
}
