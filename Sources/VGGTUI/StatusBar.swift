import VGGCore

/// The two bottom rows: key hints (from the keymap) and the status line: run progress, the
/// current error or last message, and the file/preset name with the modified marker.
enum StatusBar {
    static func hints(_ keymap: Keymap, where include: (Command) -> Bool) -> [(keys: String, label: String)] {
        keymap.bindings.compactMap { binding in
            guard let hint = binding.hint, include(binding.command) else { return nil }
            return (binding.hintKeys, hint)
        }
    }

    /// Which hints survive on a narrow screen, most important first.
    static let priority: [String] = ["quit", "help", "conv", "ch", "details", "edit", "undo", "compare", "run", "cols",
                                     "export", "save", "back", "fold", "all ch", "run all four", "preset", "chart",
                                     "count", "tools"]

    static func drawHints(_ hints: [(keys: String, label: String)], into buffer: inout ScreenBuffer, at rect: Rect) {
        buffer.fill(rect, style: .status)
        func cost(_ h: (keys: String, label: String)) -> Int { h.keys.columns + h.label.columns + 3 }
        var budget = rect.width - 1
        var kept = Set<Int>()
        let order = hints.indices.sorted { a, b in
            (priority.firstIndex(of: hints[a].label) ?? 99, a) < (priority.firstIndex(of: hints[b].label) ?? 99, b)
        }
        for i in order where cost(hints[i]) <= budget {
            kept.insert(i)
            budget -= cost(hints[i])
        }
        var x = rect.x + 1
        for (i, (keys, label)) in hints.enumerated() where kept.contains(i) {
            x += buffer.put(keys, x: x, y: rect.y, style: .statusKey)
            x += buffer.put(" \(label)  ", x: x, y: rect.y, style: .status)
        }
    }

    /// Messages are never cut: one that does not fit the line beside the name takes the whole width and
    /// wraps upward over the key hints (and, if it must, the rows above).
    static func drawStatus(_ state: AppState, into buffer: inout ScreenBuffer, at rect: Rect) {
        buffer.fill(rect, style: .normal)
        var right = state.origin.label
        if state.counting != .default { right = "count: \(state.counting.rawValue) · " + right }
        if state.isModified { right += " ● modified" }
        if state.run == nil {
            let text: (String, Style)? = state.specError.map { ("✗ \($0.message)", .error) }
                ?? state.message.map { ($0.text, $0.isError ? .error : .ok) }
            let room = rect.width - right.columns - 4
            if let (line, style) = text, line.columns > room {
                let lines = TooSmallView.wrap(line, width: rect.width - 2)
                let shown = Array(lines.prefix(rect.y + 1))
                for (i, l) in shown.enumerated() {
                    let y = rect.y - (shown.count - 1) + i
                    guard y >= 0 else { continue }
                    buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: .normal)
                    buffer.put(l, x: rect.x + 1, y: y, style: style, maxWidth: rect.width - 2)
                }
                return
            }
        }
        // An error gets the room it needs; the name yields first.
        let busy = state.specError != nil || state.run != nil || (state.message?.text.columns ?? 0) > rect.width / 2
        let rightWidth = min(right.columns, max(0, rect.width / (busy ? 5 : 3)))
        let leftWidth = rect.width - rightWidth - 2
        if let run = state.run {
            drawProgress(run, into: &buffer, at: Rect(x: rect.x, y: rect.y, width: leftWidth, height: 1))
        } else if let error = state.specError {
            buffer.put("✗ \(error.message)", x: rect.x + 1, y: rect.y, style: .error, maxWidth: leftWidth - 1)
        } else if let message = state.message {
            buffer.put(message.text, x: rect.x + 1, y: rect.y, style: message.isError ? .error : .ok, maxWidth: leftWidth - 1)
        }
        buffer.put(ScreenBuffer.fit(right, rightWidth, .right), x: rect.maxX - rightWidth - 1, y: rect.y,
                   style: state.isModified ? .accent : .dim)
    }

    static func drawProgress(_ run: RunProgress, into buffer: inout ScreenBuffer, at rect: Rect) {
        var label = "▶ \(run.request.label)"
        if run.batchCount > 1 { label += " (\(run.batchIndex)/\(run.batchCount))" }
        let loading = run.currentLayer.hasPrefix(ProgressLabel.loadingPrefix)
        // The machine probe (first run of a session) has no steps to count.
        let probing = run.currentLayer == ProgressLabel.probing
        if probing {
            label += " " + run.currentLayer
        } else {
            label += loading ? " weights \(run.completed)/\(run.total)" : " layer \(run.completed)/\(run.total)"
        }
        let tail = (probing ? "· " : " \(Int((run.fraction * 100).rounded()))% · ") + (run.cancelling ? "cancelling…" : "Esc cancels")
        var x = rect.x + 1
        x += buffer.put(label + " ", x: x, y: rect.y, style: .accent)
        let barWidth = max(0, min(30, rect.maxX - x - tail.columns - 2))
        if barWidth > 3, !probing {
            let bar = BarChart.bar(run.fraction, of: 1, width: barWidth)
            buffer.put("[", x: x, y: rect.y, style: .dim)
            buffer.put(ScreenBuffer.fit(bar, barWidth), x: x + 1, y: rect.y, style: .bar)
            buffer.put("]", x: x + 1 + barWidth, y: rect.y, style: .dim)
            x += barWidth + 2
        }
        buffer.put(tail, x: x, y: rect.y, style: .dim, maxWidth: rect.maxX - x)
    }
}
