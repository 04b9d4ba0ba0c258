import VGGCore

/// The editable block list and the rest of the configuration; the selected block is
/// highlighted and the block an error points at is marked.
enum BlocksPane {
    static func draw(_ state: AppState, into buffer: inout ScreenBuffer, at rect: Rect) {
        let focused = state.focus == .blocks
        if let list = state.spec.layers {
            buffer.box(rect, title: "Layer list", style: focused ? .focusBorder : .border)
            drawLayerList(state, list, into: &buffer, at: rect.inner)
            return
        }
        buffer.box(rect, title: "Blocks", style: focused ? .focusBorder : .border)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 0 else { return }
        let spec = state.spec
        let outputs = blockOutputs(state)

        // The configuration keeps the bottom rows; blocks scroll above it.
        let configRows = configLines(state, compact: inner.height < spec.blocks.count + 8)
        let listHeight = max(1, inner.height - configRows.count - 1)
        // Mixed blocks (2x256+1x256k1) widen the column; plain ones keep 8.
        // The output column keeps its room first.
        let outputWidth = outputs.map(\.count).max() ?? 0
        let textWidth = max(8, min(spec.blocks.map { Notation.blockText($0).count }.max() ?? 0, inner.width - 8 - outputWidth))
        buffer.put("  #  " + ScreenBuffer.fit("block", textWidth) + " → output", x: inner.x, y: inner.y, style: .header,
                   maxWidth: inner.width)
        let visible = max(1, listHeight - 1)
        let first = min(max(0, state.selectedBlock - visible + 1), max(0, spec.blocks.count - visible))
        for (row, b) in spec.blocks.indices.dropFirst(first).prefix(visible).enumerated() {
            let y = inner.y + 1 + row
            let block = spec.blocks[b]
            let isError = state.errorBlock == b
            let marker = isError ? "✗" : (b == state.selectedBlock ? "▸" : " ")
            let line = marker + ScreenBuffer.fit(String(b + 1), 2, .right) + "  "
                + ScreenBuffer.fit(Notation.blockText(block), textWidth) + " → " + outputs[b]
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
        // Blocks other than 3x3 stacks say the field their convs cover (what `w` keeps).
        let title = block.isPlain ? "block \(b + 1): \(block.convs) conv x \(block.channels) ch"
            : "block \(b + 1): field \(block.stackField)x\(block.stackField), \(block.convs) ReLU\(block.convs == 1 ? "" : "s")"
        buffer.put(title, x: x, y: y, style: .header, maxWidth: width)
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

    /// A layer-list network (AlexNet): its layers with their outputs (ReLU and Dropout left to the
    /// Layers pane), then what can be edited here: the input and the classes.
    static func drawLayerList(_ state: AppState, _ list: [SpecLayer], into buffer: inout ScreenBuffer, at inner: Rect) {
        guard inner.height > 0, inner.width > 0 else { return }
        let config: [(String, String, Style)] = [
            ("input", "\(Notation.inputText(state.spec.input))  (i)",
             state.specError?.location == .input ? .error : .normal),
            ("classes", "\(state.spec.classes)  (n)", state.specError?.location == .classes ? .error : .normal),
            ("names", state.spec.naming == .net ? "net.i (d2l)" : "torchvision", .dim),
        ]
        let valid = state.specError == nil
        let shown = list.indices.filter { i in
            switch list[i] {
            case .relu, .dropout: false
            default: true
            }
        }
        let room = max(1, inner.height - config.count - 2)
        let fits = shown.count <= room ? shown.count : room - 1
        let outputs = shown.map { i in
            valid && state.summary.layers.indices.contains(i) ? state.summary.layers[i].outputShape.description : "?"
        }
        // Outputs right-aligned, a blank column before the border; the layer text gets the rest.
        let outputWidth = min(outputs.map(\.count).max() ?? 1, max(1, inner.width / 2))
        let labelWidth = max(4, inner.width - 3 - outputWidth)
        buffer.put(ScreenBuffer.fit("layer", labelWidth + 1) + ScreenBuffer.fit("output", outputWidth, .right),
                   x: inner.x + 1, y: inner.y, style: .header, maxWidth: inner.width - 1)
        for (row, i) in shown.prefix(fits).enumerated() {
            let isError = state.specError?.layerIndex == i
            // A shorter output lends the layer text its padding.
            let output = String(outputs[row].prefix(outputWidth))
            let line = (isError ? "✗" : " ") + ScreenBuffer.fit(Notation.layerText(list[i]), labelWidth + outputWidth - output.count)
                + " " + output
            buffer.put(ScreenBuffer.fit(line, inner.width), x: inner.x, y: inner.y + 1 + row, style: isError ? .error : .normal)
        }
        if fits < shown.count {
            buffer.put("↓ \(shown.count - fits) more in the Layers pane", x: inner.x + 1, y: inner.y + 1 + fits, style: .dim,
                       maxWidth: inner.width - 1)
        }
        let top = inner.maxY - config.count
        for (i, (label, value, style)) in config.enumerated() where top + i > inner.y {
            buffer.put(ScreenBuffer.fit(label, 8), x: inner.x + 1, y: top + i, style: .dim)
            buffer.put(value, x: inner.x + 9, y: top + i, style: style, maxWidth: inner.width - 9)
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
