import VGGCore

/// Every key, generated from the keymap that drives input, in sections; two columns when they fit.
enum HelpView {
    static func lines(_ keymap: Keymap) -> [(String, String, Bool)] {
        var out: [(String, String, Bool)] = []
        for section in KeyBinding.Section.allCases {
            let bindings = keymap.bindings(in: section)
            guard !bindings.isEmpty else { continue }
            if !out.isEmpty { out.append(("", "", false)) }
            out.append((section.rawValue, "", true))
            for b in bindings { out.append((b.keyLabel, b.help, false)) }
        }
        return out
    }

    static func draw(keymap: Keymap, into buffer: inout ScreenBuffer) {
        let rect = buffer.bounds
        buffer.fill(Rect(x: 0, y: 0, width: rect.width, height: 1), style: .status)
        buffer.put(" vggscope │ keys (? again: why these numbers · Esc closes)", x: 0, y: 0, style: .statusKey)
        var footer = ["Blocks: NxC (N 3x3 convs), NxCkK (kernel K), lrn, joined by +: 2x256+1x256k1",
                      CountingRules.flops, "Params: weights + biases (+ BN gamma/beta). Memory: float32."]
        if rect.height >= 28 {
            footer.insert("In prompts: typing replaces the value, ←/→ Home/End Bksp edit it, Ctrl-U clears, Enter applies.", at: 0)
        }
        var all = lines(keymap)
        // Every key must show: footer notes go (the least needed first) until the keys fit two columns.
        let keyRows = (all.filter { !($0.0.isEmpty && !$0.2) }.count + 1) / 2
        for note in [footer[footer.count - 1], footer[footer.count - 3], footer[footer.count - 2]]
        where keyRows > rect.height - 3 - footer.count {
            footer.removeAll { $0 == note }
        }
        // The rows the body really has, so a split between sections is only chosen when it fits.
        let height = rect.height - 3 - footer.count
        // Two columns, split between sections; if no such split fits, drop the spacer rows.
        func sectionSplit(_ lines: [(String, String, Bool)]) -> Int? {
            let starts = lines.indices.filter { $0 > 0 && lines[$0].2 }
            return starts.filter { max($0, lines.count - $0) <= height }
                .min { max($0, lines.count - $0) < max($1, lines.count - $1) }
        }
        if all.count > height, sectionSplit(all) == nil {
            all.removeAll { $0.0.isEmpty && !$0.2 }
        }
        let body = Rect(x: 1, y: 2, width: rect.width - 2, height: rect.height - 3 - footer.count)
        let columnsNeeded = all.count > body.height ? 2 : 1
        let columnWidth = body.width / columnsNeeded
        var split = all.count
        if columnsNeeded == 2 {
            split = sectionSplit(all) ?? (all.count + 1) / 2
        }
        let keyWidth = 15
        for (i, line) in all.enumerated() {
            let column = i >= split ? 1 : 0
            let row = column == 0 ? i : i - split
            guard row < body.height else { continue }
            let x = body.x + column * columnWidth
            let y = body.y + row
            if line.2 {
                buffer.put(line.0, x: x, y: y, style: .header)
            } else {
                buffer.put(line.0, x: x + 1, y: y, style: .accent, maxWidth: keyWidth - 1)
                buffer.put(ScreenBuffer.wholeWords(line.1, columnWidth - keyWidth - 1), x: x + keyWidth, y: y)
            }
        }
        for (i, text) in footer.enumerated() {
            buffer.put(text, x: 1, y: rect.height - footer.count + i, style: .dim, maxWidth: rect.width - 2)
        }
    }
}
