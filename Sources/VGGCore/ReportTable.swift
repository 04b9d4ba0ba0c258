import Foundation

/// A table of already formatted cells: one model feeds the CLI text, the markdown export and the TUI.
public struct ReportTable: Equatable, Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Equatable, Sendable {
        public var title: String
        public var alignment: Alignment
        public init(_ title: String, _ alignment: Alignment = .right) {
            self.title = title
            self.alignment = alignment
        }
    }

    public struct Row: Equatable, Sendable {
        public var cells: [String]
        /// Totals rows are set off by a rule in text and bold in markdown.
        public var isTotal: Bool
        public init(_ cells: [String], isTotal: Bool = false) {
            self.cells = cells
            self.isTotal = isTotal
        }
    }

    public var columns: [Column]
    public var rows: [Row]

    public init(columns: [Column], rows: [Row] = []) {
        self.columns = columns
        self.rows = rows
    }

    public func column(_ title: String) -> [String] {
        guard let i = columns.firstIndex(where: { $0.title == title }) else { return [] }
        return rows.map { $0.cells[i] }
    }
}

/// Box-drawing characters need a UTF-8 terminal; `ascii` is the fallback.
public enum TextStyle: Sendable {
    case unicode, ascii

    var rule: Character { self == .unicode ? "─" : "-" }

    /// UTF-8 unless the locale says otherwise (LC_ALL, LC_CTYPE, LANG, in POSIX precedence).
    public static func detect(environment: [String: String]) -> TextStyle {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let v = environment[key], !v.isEmpty {
                let u = v.uppercased()
                return u.contains("UTF-8") || u.contains("UTF8") ? .unicode : .ascii
            }
        }
        return .ascii
    }
}

extension ReportTable {
    /// Aligned columns separated by two spaces, a rule under the header and above totals.
    /// Cells may hold names from files, so control characters are shown escaped (TerminalSafe).
    public func text(style: TextStyle = .unicode) -> String {
        let titles = columns.map { TerminalSafe.escape($0.title) }
        let cellRows = rows.map { $0.cells.map(TerminalSafe.escape) }
        let widths = columns.indices.map { i in
            cellRows.reduce(titles[i].count) { max($0, $1[i].count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                parts.append(columns[i].alignment == .right ? pad + cell : cell + pad)
            }
            return String(parts.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        let rule = widths.map { String(repeating: style.rule, count: $0) }.joined(separator: "  ")
        var out = [line(titles), rule]
        for (row, cells) in zip(rows, cellRows) {
            if row.isTotal { out.append(rule) }
            out.append(line(cells))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// GitHub-flavoured markdown; pipes in cells are escaped, and the leading spaces that indent
    /// sub-rows in text become em spaces (markdown would drop them).
    public func markdown() -> String {
        func escape(_ raw: String) -> String {
            let s = TerminalSafe.escape(raw)
            let body = s.drop { $0 == " " }
            let indent = String(repeating: "&emsp;", count: (s.count - body.count) / 2)
            return indent + body.replacingOccurrences(of: "|", with: "\\|")
        }
        var out = "| " + columns.map { escape($0.title) }.joined(separator: " | ") + " |\n"
        out += "|" + columns.map { $0.alignment == .right ? "---:|" : ":---|" }.joined() + "\n"
        for row in rows {
            let cells = row.cells.map { c in row.isTotal && !c.isEmpty ? "**\(escape(c))**" : escape(c) }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
