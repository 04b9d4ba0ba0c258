/// Writes a `DiagramLayout` as a self-contained SVG 1.1 document: inline attributes only, no
/// external fonts, styles or scripts. Each box is one `<g class="box">` naming its layers; each
/// text carries `data-fit`, the region the layout reserved for it (the structural test checks it).
public enum DiagramSVG {
    public static func render(_ layout: DiagramLayout, theme: DiagramTheme = .light) -> String {
        let t = theme
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(layout.width))\" height=\"\(n(layout.height))\" "
            + "viewBox=\"0 0 \(n(layout.width)) \(n(layout.height))\" role=\"img\" aria-labelledby=\"title desc\" "
            + "font-family=\"\(FontMetrics.family)\">\n"
        out += "<title id=\"title\">\(escape(layout.name)) architecture, one box per \(layout.grouping.rawValue)</title>\n"
        out += "<desc id=\"desc\">\(escape(layout.caption.joined(separator: " ")))</desc>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(n(layout.width))\" height=\"\(n(layout.height))\" fill=\"\(t.background)\"/>\n"
        if let axis = layout.axis {
            out += "<line x1=\"\(n(axis.x1))\" y1=\"\(n(axis.y))\" x2=\"\(n(axis.x2))\" y2=\"\(n(axis.y))\" "
                + "stroke=\"\(t.line)\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>\n"
        }
        for b in layout.brackets {
            out += "<path d=\"M\(n(b.x1)) \(n(b.y + 4))V\(n(b.y))H\(n(b.x2))V\(n(b.y + 4))\" fill=\"none\" "
                + "stroke=\"\(t.line)\" stroke-width=\"1\"/>\n"
        }
        for box in layout.boxes {
            out += self.box(box, theme: t)
        }
        for s in layout.swatches {
            out += "<rect class=\"swatch\" x=\"\(n(s.rect.x))\" y=\"\(n(s.rect.y))\" width=\"\(n(s.rect.width))\" "
                + "height=\"\(n(s.rect.height))\" fill=\"\(t.fill(s.kind))\" stroke=\"\(t.stroke(s.kind))\" stroke-width=\"0.8\"/>\n"
        }
        for text in layout.texts {
            out += self.text(text, theme: t)
        }
        out += "</svg>\n"
        return out
    }

    static func box(_ b: DiagramLayout.Box, theme t: DiagramTheme) -> String {
        let f = b.front, d = b.depth, k = b.element.kind
        let stroke = "stroke=\"\(t.stroke(k))\" stroke-width=\"0.8\" stroke-linejoin=\"round\""
        var out = "<g class=\"box\" data-kind=\"\(k.rawValue)\" data-layers=\"\(escape(b.element.layers.joined(separator: " ")))\">\n"
        out += "<title>\(escape(b.element.lines.joined(separator: " · ")))</title>\n"
        // Top face, side face, then the front face over them.
        out += "<polygon points=\"\(n(f.x)),\(n(f.y)) \(n(f.x + d)),\(n(f.y - d)) \(n(f.maxX + d)),\(n(f.y - d)) "
            + "\(n(f.maxX)),\(n(f.y))\" fill=\"\(t.top(k))\" \(stroke)/>\n"
        out += "<polygon points=\"\(n(f.maxX)),\(n(f.y)) \(n(f.maxX + d)),\(n(f.y - d)) \(n(f.maxX + d)),\(n(f.maxY - d)) "
            + "\(n(f.maxX)),\(n(f.maxY))\" fill=\"\(t.side(k))\" \(stroke)/>\n"
        out += "<rect x=\"\(n(f.x))\" y=\"\(n(f.y))\" width=\"\(n(f.width))\" height=\"\(n(f.height))\" fill=\"\(t.fill(k))\" \(stroke)/>\n"
        out += "</g>\n"
        return out
    }

    static func text(_ x: DiagramText, theme t: DiagramTheme) -> String {
        let r = x.region
        var attributes = "x=\"\(n(x.x))\" y=\"\(n(x.y))\" font-size=\"\(n(x.size))\""
        if x.anchor != .start { attributes += " text-anchor=\"\(x.anchor.rawValue)\"" }
        if x.rotated { attributes += " transform=\"rotate(-90 \(n(x.x)) \(n(x.y)))\"" }
        if x.bold { attributes += " font-weight=\"bold\"" }
        attributes += " fill=\"\(x.muted ? t.muted : t.text)\" data-role=\"\(x.role.rawValue)\""
        attributes += " data-fit=\"\(n(r.x)) \(n(r.y)) \(n(r.width)) \(n(r.height))\""
        return "<text \(attributes)>\(escape(x.text))</text>\n"
    }

    /// Two decimals, trailing zeros dropped: stable text for snapshots.
    static func n(_ v: Double) -> String {
        var s = NumberFormat.fixed(v, decimals: 2)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// XML text and attribute escaping; characters XML 1.0 forbids become U+FFFD.
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out += " "
            default:
                let v = scalar.value
                let allowed = v >= 0x20 && !(0x7F...0x9F).contains(v) && v != 0xFFFE && v != 0xFFFF
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
