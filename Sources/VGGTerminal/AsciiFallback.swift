/// Stand-ins for the screen's box, bar and arrow glyphs when the locale is not UTF-8 (LANG=C):
/// without them those cells would come out blank or as mojibake.
enum AsciiFallback {
    static func map(_ c: Unicode.Scalar) -> Unicode.Scalar {
        if c.isASCII { return c }
        switch c {
        case "─", "▔": return "-"
        case "│": return "|"
        case "┌", "┐", "└", "┘": return "+"
        case "█", "▉", "▊", "▋", "▇": return "#"
        case "▌", "▍", "▎", "▏", "▆", "▅", "▄": return "="
        case "▃", "▂", "▁": return "_"
        case "→", "▸", "▶": return ">"
        case "←": return "<"
        case "↑": return "^"
        case "↓": return "v"
        case "●": return "*"
        case "✗", "×": return "x"
        case "…": return "~"
        case "·": return "."
        case "—": return "-"
        default: return "?"
        }
    }
}
