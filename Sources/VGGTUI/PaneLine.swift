/// A labelled line of the totals and layer-detail panes. `rank` says what goes first when the pane
/// is short: the lines with the lowest ranks stay, in their natural order.
struct PaneLine {
    var label: String
    var value: String
    var style: Style
    var rank: Int

    init(_ label: String, _ value: String, _ style: Style = .normal, rank: Int) {
        self.label = label
        self.value = value
        self.style = style
        self.rank = rank
    }

    /// The lines that fit `height`, keeping the lowest ranks (ties: the earlier line), in order.
    static func fitting(_ lines: [PaneLine], height: Int) -> [PaneLine] {
        guard lines.count > height else { return lines }
        let kept = Set(lines.indices.sorted { (lines[$0].rank, $0) < (lines[$1].rank, $1) }.prefix(max(0, height)))
        return lines.indices.filter(kept.contains).map { lines[$0] }
    }

    /// Columns a value may take in `inner`: after the gutter, one blank column kept before the border.
    static func room(_ inner: Rect) -> Int { inner.width - 9 }

    /// Label in a 7-column gutter, value after it; as many lines as `inner` holds. A value too long gives up
    /// whole words (`ScreenBuffer.wholeWords`), never part of a figure.
    static func draw(_ lines: [PaneLine], into buffer: inout ScreenBuffer, at inner: Rect) {
        for (i, line) in fitting(lines, height: inner.height).enumerated() {
            let y = inner.y + i
            buffer.put(line.label, x: inner.x + 1, y: y, style: .dim, maxWidth: 7)
            buffer.put(ScreenBuffer.wholeWords(line.value, room(inner)), x: inner.x + 8, y: y, style: line.style,
                       maxWidth: room(inner))
        }
    }
}
