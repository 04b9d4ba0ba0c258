/// Shown below 80x24: says what size is needed, and still takes `q` (and its confirmation).
enum TooSmallView {
    static func draw(_ state: AppState, into buffer: inout ScreenBuffer) {
        var text = "terminal too small: need \(AppState.minWidth)x\(AppState.minHeight), have \(state.width)x\(state.height)"
        text += state.modal == .confirmQuit ? " Discard unsaved changes? (y/n)" : " (q quits)"
        let lines = wrap(text, width: buffer.width)
        let top = max(0, (buffer.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let style: Style = i == 0 ? .error : .normal
            buffer.put(line, x: max(0, (buffer.width - line.columns) / 2), y: top + i, style: style)
        }
    }

    /// Greedy word wrap; words longer than the width are cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            var w = String(word)
            while w.columns > width {
                if !line.isEmpty { lines.append(line); line = "" }
                lines.append(String(w.prefix(width)))
                w = String(w.dropFirst(width))
            }
            if line.isEmpty {
                line = w
            } else if line.columns + 1 + w.columns <= width {
                line += " " + w
            } else {
                lines.append(line)
                line = w
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
