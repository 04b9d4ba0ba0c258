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
        case .preset: origin = "preset"
        case .file(let path): origin = path
        }
        x += buffer.put("(\(origin)) ", x: x, y: rect.y, style: .status, maxWidth: max(0, rect.maxX - x - 30))
        if state.isModified { x += buffer.put("● modified ", x: x, y: rect.y, style: .statusKey) }
        let s = state.summary
        let right = "depth \(s.depth) · \(s.layers.count) layers · \(NumberFormat.human(s.totals.params)) params "
        if rect.maxX - right.columns > x + 1 {
            buffer.put(right, x: rect.maxX - right.columns, y: rect.y, style: .status)
        }
    }
}
