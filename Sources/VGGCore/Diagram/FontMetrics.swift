/// The text model the layout trusts: a monospace font (DejaVu Sans Mono, Menlo, Consolas,
/// Liberation Mono) whose ASCII glyphs advance at most 0.602 em; 0.625 em leaves a margin for
/// hinting. Other characters are counted a full em (CJK and emoji are about that wide).
/// Line boxes: ascent 0.93 em, descent 0.24 em (DejaVu's), lines 1.25 em apart.
public struct FontMetrics: Equatable, Sendable {
    public var advance = 0.625
    public var wideAdvance = 1.0
    public var ascent = 0.93
    public var descent = 0.24
    public var lineSpacing = 1.25
    public static let standard = FontMetrics()
    public static let family = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"

    public func width(_ text: String, size: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars { ems += scalar.isASCII ? advance : wideAdvance }
        return ems * size
    }

    public func lineHeight(_ size: Double) -> Double { lineSpacing * size }
}

/// An axis-aligned rectangle in SVG user units (y grows downward).
public struct DiagramRect: Equatable, Sendable {
    public var x, y, width, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    /// Contains `r`, allowing `slack` units for rounding in the written coordinates.
    public func contains(_ r: DiagramRect, slack: Double = 0.06) -> Bool {
        r.x >= x - slack && r.y >= y - slack && r.maxX <= maxX + slack && r.maxY <= maxY + slack
    }

    public func intersects(_ r: DiagramRect) -> Bool {
        x < r.maxX && r.x < maxX && y < r.maxY && r.y < maxY
    }
}

/// A run of text placed by the layout, with the region it was given (it must stay inside).
public struct DiagramText: Equatable, Sendable {
    public enum Anchor: String, Sendable { case start, middle, end }
    public enum Role: String, Sendable { case title, subtitle, group, label, legend, caption }
    public var text: String
    public var x: Double
    public var y: Double
    public var size: Double
    public var anchor: Anchor
    /// Rotated -90 degrees about (x, y): reads bottom to top.
    public var rotated: Bool
    public var bold: Bool
    public var muted: Bool
    public var role: Role
    public var region: DiagramRect

    /// The glyph box by the font model: baseline at y, `anchor` at x, before and after rotation.
    public func extent(_ m: FontMetrics = .standard) -> DiagramRect {
        let length = m.width(text, size: size)
        let start: Double = switch anchor {
        case .start: 0
        case .middle: -length / 2
        case .end: -length
        }
        if rotated {
            // rotate(-90) maps (x + dx, y + dy) to (x + dy, y - dx).
            return DiagramRect(x: x - m.ascent * size, y: y - (start + length), width: (m.ascent + m.descent) * size,
                               height: length)
        }
        return DiagramRect(x: x + start, y: y - m.ascent * size, width: length, height: (m.ascent + m.descent) * size)
    }
}
