import VGGCore

/// `T`: the network as five tools count it. Per tool: its total and the gap to torchinfo, the
/// layer kinds that make the gap, and its rule in one sentence. The rule `C` picked is marked
/// and keeps its full text when the screen is short; the others shrink first.
enum CountersView {
    struct Entry {
        var tool: CountingTool
        var header: String
        var gap: String
        var differs: [String]
        var rule: [String]
    }

    static func entries(_ state: AppState, width: Int) -> [Entry] {
        let s = state.summary
        return CountingTool.allCases.map { tool in
            let gap = s.total(tool) - s.total(.torchinfo)
            let parts = s.difference(tool, from: .torchinfo).map(\.description)
            let differs: String
            if tool == .torchinfo {
                differs = ""
            } else if parts.isEmpty {
                differs = "same count as torchinfo, layer by layer"
            } else {
                differs = "differs in: " + parts.joined(separator: " · ")
            }
            return Entry(
                tool: tool,
                header: "\(tool.measured) · \(tool.reportsAs)",
                gap: tool == .torchinfo ? "the reference" : "\(gap >= 0 ? "+" : "")\(NumberFormat.grouped(gap)) vs torchinfo",
                differs: differs.isEmpty ? [] : TooSmallView.wrap(differs, width: width),
                rule: TooSmallView.wrap("rule: " + tool.rule, width: width))
        }
    }

    /// How many lines of `differs` and `rule` each entry keeps in `height` rows, and whether blank
    /// rows separate the entries. Shrinks the other tools' rules and differences to a line, then
    /// drops the other rules (`C` brings each back), and only then shrinks the selected tool's.
    static func plan(_ entries: [Entry], selected: CountingTool, height: Int) -> (differs: [Int], rule: [Int], spaced: Bool) {
        var differs = entries.map(\.differs.count), rule = entries.map(\.rule.count)
        func rows(_ spaced: Bool) -> Int {
            entries.indices.reduce(0) { $0 + 1 + differs[$1] + rule[$1] } + (spaced ? entries.count - 1 : 0)
        }
        if rows(true) <= height { return (differs, rule, true) }
        let others = entries.indices.filter { entries[$0].tool != selected }
        let mine = entries.indices.filter { entries[$0].tool == selected }
        // (entry, shrink differs rather than rule, lines kept)
        let steps = [others.map { ($0, false, 1) }, others.map { ($0, true, 1) }, others.map { ($0, false, 0) },
                     mine.map { ($0, true, 1) }, mine.map { ($0, false, 1) }]
        for step in steps where rows(false) > height {
            for (i, isDiffers, keep) in step {
                if isDiffers { differs[i] = min(differs[i], keep) } else { rule[i] = min(rule[i], keep) }
            }
        }
        return (differs, rule, false)
    }

    static func draw(_ state: AppState, keymap: Keymap, into buffer: inout ScreenBuffer) {
        let (title, body, hints, status) = buffer.bounds.screenRows()
        TitleBar.draw(state, view: "counters", into: &buffer, at: title)
        let s = state.summary
        let inner = Rect(x: body.x + 1, y: body.y, width: body.width - 2, height: body.height)
        var y = inner.y
        let intro = "How five tools count \(s.spec.name) at \(TensorShape(s.spec.input.dims).fullDescription)"
            + (s.spec.input.batch > 1 ? " (ptflops: one image)" : "")
        buffer.put(intro, x: inner.x, y: y, style: .header, maxWidth: inner.width)
        y += 1

        // Totals side by side: tool, what it calls its figure, the figure, the gap to torchinfo.
        let countWidth = CountingTool.allCases.map { NumberFormat.grouped(s.total($0)).count }.max() ?? 0
        for tool in CountingTool.allCases {
            let marker = tool == state.counting ? "▸" : " "
            let gap = tool == .torchinfo ? "" : NumberFormat.grouped(s.total(tool) - s.total(.torchinfo))
            let line = "\(marker) " + ScreenBuffer.fit(tool.rawValue, 10) + ScreenBuffer.fit(tool.unit.rawValue, 6)
                + ScreenBuffer.fit(NumberFormat.grouped(s.total(tool)), countWidth, .right)
                + (gap.isEmpty ? "  (default)" : "  " + (gap.hasPrefix("-") ? gap : "+" + gap))
            buffer.put(line, x: inner.x, y: y, style: tool == state.counting ? .accent : .normal, maxWidth: inner.width)
            y += 1
        }
        y += 1

        // Each tool in detail, as much as fits below.
        let all = entries(state, width: inner.width - 4)
        let room = inner.maxY - y
        let (differs, rule, spaced) = plan(all, selected: state.counting, height: room)
        for (i, e) in all.enumerated() {
            guard y < inner.maxY else { break }
            let isSelected = e.tool == state.counting
            var x = inner.x
            x += buffer.put(isSelected ? "▸ " : "  ", x: x, y: y, style: .accent)
            x += buffer.put(e.header, x: x, y: y, style: isSelected ? .accent : .header, maxWidth: inner.maxX - x)
            if !e.gap.isEmpty, x + 2 + e.gap.columns <= inner.maxX {
                buffer.put(e.gap, x: inner.maxX - e.gap.columns, y: y, style: .dim)
            }
            y += 1
            for (lines, count, style) in [(e.differs, differs[i], Style.normal), (e.rule, rule[i], Style.dim)] {
                for (j, line) in lines.prefix(count).enumerated() where y < inner.maxY {
                    let cut = j == count - 1 && count < lines.count
                    let text = cut ? ScreenBuffer.continued(line, inner.width - 4) : line
                    buffer.put(text, x: inner.x + 4, y: y, style: style, maxWidth: inner.width - 4)
                    y += 1
                }
            }
            if spaced { y += 1 }
        }

        let shown: Set<Command> = [.cycleCounter, .counters, .back, .export, .help, .quit]
        StatusBar.drawHints(StatusBar.hints(keymap) { shown.contains($0) }, into: &buffer, at: hints)
        StatusBar.drawStatus(state, into: &buffer, at: status)
    }
}
