extension ScreenBuffer {
    /// Units that belong to the figure before them: a cut never falls between the two.
    static let units: Set<Substring> = ["K", "M", "G", "T", "B", "KB", "MB", "GB", "TB", "px", "ms", "GFLOP/s", "GB/s",
                                        "FLOP/B", "%"]
    /// Words that mean nothing at the end of a shortened line.
    static let dangling: Set<Substring> = ["·", "=", "→", "+", "x", "-", "from", "by", "in", "of", "at", "and"]

    /// `text` if it fits `width` columns; otherwise its longest prefix that does, cut only at a space outside
    /// parentheses and never between a figure and its unit, without a dangling separator. Panes shorten a line
    /// this way (or drop it: the result may be empty) rather than cut a figure in two.
    public static func wholeWords(_ text: String, _ width: Int) -> String {
        guard text.columns > width else { return text }
        let scalars = Array(text.unicodeScalars)
        var depth = 0
        // The longest prefix ending at a word, and the longest ending a part (before "·", "=" or "("): a part
        // whole reads better than a label without its figure (`· fc`).
        var word = "", part = ""
        for (i, scalar) in scalars.enumerated() {
            if scalar == "(" { depth += 1 }
            if scalar == ")" { depth = max(0, depth - 1) }
            guard scalar == " ", depth == 0 else { continue }
            let prefix = String(String.UnicodeScalarView(scalars[..<i]))
            guard prefix.columns <= width else { break }
            let next = String(String.UnicodeScalarView(scalars[(i + 1)...])).split(separator: " ").first
            if let next, units.contains(next) { continue }
            word = prefix
            if let next, next == "·" || next == "=" || next.hasPrefix("(") { part = prefix }
        }
        let shown = withoutDangling(part)
        return shown.isEmpty ? withoutDangling(word) : shown
    }

    /// `text` without trailing blanks and separators ("·", "=", "from", …).
    static func withoutDangling(_ text: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false)
        while let last = words.last, last.isEmpty || dangling.contains(last) { words.removeLast() }
        return words.joined(separator: " ")
    }
}

extension ScreenBuffer {
    /// A wrapped line that more lines follow, shortened to `width` with " …": it ends before a parenthesis the
    /// next line would close, on a whole word.
    public static func continued(_ line: String, _ width: Int) -> String {
        var text = line
        if let open = text.lastIndex(of: "("), !text[open...].contains(")") { text = String(text[..<open]) }
        let shown = wholeWords(withoutDangling(text), max(0, width - 2))
        return shown.isEmpty ? "…" : shown + " …"
    }

    /// Blanks what a box drawn over the panes would leave half-hidden beside it: on each of its rows, the
    /// cells between the box and the nearest box-drawing character on either side (a pane's border).
    public mutating func clearBeside(_ box: Rect) {
        func isBorder(_ x: Int, _ y: Int) -> Bool { (0x2500...0x257F).contains(self[x, y].char.value) }
        for y in max(0, box.y)..<min(height, box.maxY) {
            var x = box.x - 1
            while x >= 0, x < width, !isBorder(x, y) { set(x: x, y: y, " ", .normal); x -= 1 }
            x = box.maxX
            while x >= 0, x < width, !isBorder(x, y) { set(x: x, y: y, " ", .normal); x += 1 }
        }
    }
}
