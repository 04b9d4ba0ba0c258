/// A fixed-size grid of cells that views draw into. The terminal backend blits it; tests turn it
/// into text and compare with snapshots, so no view ever needs a terminal.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    public mutating func set(x: Int, y: Int, _ char: Unicode.Scalar, _ style: Style = .normal) {
        guard contains(x: x, y: y) else { return }
        cells[y * width + x] = Cell(Self.printable(char), style)
    }

    /// Writes `text` from (x, y), clipped to `maxWidth` columns and to the buffer. Returns the
    /// columns written. Every scalar takes one column: views only use single-width characters.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = maxWidth.map { min($0, width - x) } ?? (width - x)
        var col = 0
        for scalar in text.unicodeScalars {
            guard col < limit else { break }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            set(x: x + col, y: y, scalar, style)
            col += 1
        }
        return max(0, col)
    }

    /// Writes `text` padded or truncated to exactly `width` columns, aligned as asked.
    public mutating func put(_ text: String, x: Int, y: Int, width: Int, align: Alignment, style: Style = .normal) {
        put(Self.fit(text, width, align), x: x, y: y, style: style, maxWidth: width)
    }

    public mutating func fill(_ rect: Rect, _ char: Unicode.Scalar = " ", style: Style = .normal) {
        guard !rect.isEmpty else { return }
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX { set(x: x, y: y, char, style) }
        }
    }

    /// Restyles a rectangle without changing its characters (row highlights).
    public mutating func restyle(_ rect: Rect, _ style: Style) {
        guard !rect.isEmpty else { return }
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX where contains(x: x, y: y) { cells[y * width + x].style = style }
        }
    }

    public mutating func hline(x: Int, y: Int, width: Int, _ char: Unicode.Scalar = "─", style: Style = .border) {
        for i in 0..<max(0, width) { set(x: x + i, y: y, char, style) }
    }

    /// A single-line box with an optional title in the top edge.
    public mutating func box(_ rect: Rect, title: String? = nil, style: Style = .border) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        hline(x: rect.x + 1, y: rect.y, width: rect.width - 2, style: style)
        hline(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            set(x: rect.x, y: y, "│", style)
            set(x: rect.maxX - 1, y: y, "│", style)
        }
        set(x: rect.x, y: rect.y, "┌", style)
        set(x: rect.maxX - 1, y: rect.y, "┐", style)
        set(x: rect.x, y: rect.maxY - 1, "└", style)
        set(x: rect.maxX - 1, y: rect.maxY - 1, "┘", style)
        if let title, rect.width > 4 {
            // Whole words only: a title gives up its tail rather than show half a figure.
            let shown = Self.wholeWords(title, rect.width - 6)
            if !shown.isEmpty {
                put(" \(shown) ", x: rect.x + 2, y: rect.y, style: style == .focusBorder ? .focusBorder : .title,
                    maxWidth: rect.width - 4)
            }
        }
    }

    /// Rows as text with trailing spaces removed: the snapshot format.
    public var text: String {
        (0..<height).map { row(at: $0) }.joined(separator: "\n")
    }

    public func row(at y: Int) -> String {
        var s = String.UnicodeScalarView()
        for x in 0..<width { s.append(self[x, y].char) }
        var line = String(s)
        while line.last == " " { line.removeLast() }
        return line
    }

    public enum Alignment: Sendable { case left, right, center }

    /// Pads or truncates (with an ellipsis) to exactly `width` columns.
    public static func fit(_ text: String, _ width: Int, _ align: Alignment = .left) -> String {
        guard width > 0 else { return "" }
        let scalars = Array(text.unicodeScalars)
        if scalars.count > width {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars.prefix(width - 1))
            view.append("…")
            return String(view)
        }
        let pad = width - scalars.count
        switch align {
        case .left: return text + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + text
        case .center:
            let left = pad / 2
            return String(repeating: " ", count: left) + text + String(repeating: " ", count: pad - left)
        }
    }

    /// Control characters would move the terminal cursor; show them as a replacement glyph.
    static func printable(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.value < 0x20 || c.value == 0x7f ? "?" : c
    }
}

extension String {
    /// Columns this string takes in a `ScreenBuffer` (one per scalar, combining marks excluded).
    var columns: Int { unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }.count }
}
