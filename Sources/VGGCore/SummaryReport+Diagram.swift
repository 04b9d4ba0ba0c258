/// The export's link to the SVG diagram written beside it.
extension SummaryReport {
    /// `out/vgg11-summary.md` -> `out/vgg11-summary.svg` (a name without `.md` gets `.svg` added).
    public static func diagramPath(besideMarkdown path: String) -> String {
        let stem = path.lowercased().hasSuffix(".md") ? String(path.dropLast(3)) : path
        return stem + ".svg"
    }

    /// The diagram, one `<svg>` text, for a markdown export or the `diagram` command.
    public static func diagramSVG(_ s: ModelSummary, by grouping: DiagramGrouping = .layer,
                                  theme: DiagramTheme = .light) -> String {
        DiagramSVG.render(DiagramLayout(s, by: grouping), theme: theme)
    }
}

extension SummaryReport.Section {
    /// An image link relative to the markdown: the SVG sits in the same directory.
    public static func diagram(_ s: ModelSummary, svgPath: String) -> Self {
        let file = svgPath.split(separator: "/").last.map(String.init) ?? svgPath
        // Alt text is parsed as markdown: keep the name's plain characters only.
        let alt = String(s.spec.name.map { $0.isLetter || $0.isNumber || " -_.,()".contains($0) ? $0 : " " })
        return .init("Architecture diagram", "![\(alt) architecture](\(linkEncoded(file)))\n\n"
                     + "Drawn by `vggscope diagram`: box height ~ log2(map height), thickness ~ sqrt(channels).\n")
    }

    /// Percent-encodes what a markdown link target cannot hold as is (spaces, parentheses, non-ASCII).
    static func linkEncoded(_ file: String) -> String {
        var out = ""
        for byte in file.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-_.~".contains(c) {
                out.append(c)
            } else {
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }
}
