import VGGCore

/// Top row: program, architecture name and origin, modified marker, headline figures.
enum TitleBar {
    static func draw(_ state: AppState, view: String?, into buffer: inout ScreenBuffer, at rect: Rect) {
        buffer.fill(rect, style: .status)
        var x = rect.x
        x += buffer.put(" vggscope ", x: x, y: rect.y, style: .statusKey)
        if let view { x += buffer.put("│ \(view) ", x: x, y: rect.y, style: .status) }
        x += buffer.put("│ \(state.spec.name) ", x: x, y: rect.y, style: .status)
        let origin: String
        switch state.origin {
        // A network given by flags (`vggscope --blocks ...`) is named but not a built-in preset until saved.
        case .preset(let name): origin = Presets.named(name) != nil ? "preset" : "unsaved"
        case .file(let path): origin = path
        }
        let s = state.summary
        let right = "depth \(s.depth) · \(s.layers.count) layers · \(NumberFormat.human(s.totals.params)) params "
        // A long file path yields before the figures (the layer count matches the layers pane's title).
        let marker = state.isModified ? 11 : 0
        let room = rect.maxX - x - right.columns - marker - 3
        let originText = "(\(origin))"
        if room >= 12, originText.columns > room {
            x += buffer.put(ScreenBuffer.fit(originText, room) + " ", x: x, y: rect.y, style: .status)
        } else {
            x += buffer.put(originText + " ", x: x, y: rect.y, style: .status, maxWidth: max(0, rect.maxX - x - 30))
        }
        if state.isModified { x += buffer.put("● modified ", x: x, y: rect.y, style: .statusKey) }
        if rect.maxX - right.columns > x + 1 {
            buffer.put(right, x: rect.maxX - right.columns, y: rect.y, style: .status)
        }
    }
}
