/// Unicode bar glyphs: horizontal bars use left-eighth blocks, columns use lower-eighth blocks,
/// so a bar's length resolves to 1/8 of a cell.
public enum BarChart {
    static let horizontal: [Unicode.Scalar] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    static let vertical: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A horizontal bar `value / maxValue` of `width` cells, e.g. `█████▍`.
    public static func bar(_ value: Double, of maxValue: Double, width: Int) -> String {
        guard width > 0, maxValue > 0, value > 0 else { return "" }
        let eighths = Int((min(value / maxValue, 1) * Double(width * 8)).rounded())
        var s = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { s.unicodeScalars.append(horizontal[eighths % 8 - 1]) }
        if s.isEmpty { s = "▏" }  // a non-zero value always shows
        return s
    }

    /// Draws one column per value, bottom-aligned in `rect`; each column is `columnWidth` cells
    /// wide with a gap of `gap`. Non-zero values get at least one eighth so they stay visible.
    public static func columns(_ values: [Double], in rect: Rect, into buffer: inout ScreenBuffer,
                               columnWidth: Int, gap: Int, styles: [Style]) {
        guard rect.height > 0, let maxValue = values.max(), maxValue > 0 else { return }
        let total = rect.height * 8
        for (i, value) in values.enumerated() {
            let x = rect.x + i * (columnWidth + gap)
            guard x + columnWidth <= rect.maxX else { break }
            var eighths = Int((value / maxValue * Double(total)).rounded())
            if value > 0 { eighths = max(1, eighths) }
            let style = styles.isEmpty ? .bar : styles[i % styles.count]
            for row in 0..<rect.height {
                let level = eighths - row * 8
                guard level > 0 else { break }
                let glyph = level >= 8 ? "█" : vertical[level - 1]
                for dx in 0..<columnWidth { buffer.set(x: x + dx, y: rect.maxY - 1 - row, glyph, style) }
            }
        }
    }
}
