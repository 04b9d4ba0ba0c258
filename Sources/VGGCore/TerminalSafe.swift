/// Text from files and flags (preset names, tensor keys, paths) shown on a terminal or in markdown: control
/// characters are written as visible escapes, so a name cannot move the cursor, recolour or retitle the terminal,
/// or break a line. JSON output does its own (JSON) escaping and must not go through this.
public enum TerminalSafe {
    /// `\e` for ESC, `\n` `\r` `\t` for those, `\u{…}` for every other C0/C1 control, DEL, and the
    /// invisible Unicode controls that reorder or split text (bidi overrides and isolates, line separators).
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            guard needsEscape(u) else { out.unicodeScalars.append(u); continue }
            switch u {
            case "\u{1B}": out += "\\e"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(u.value, radix: 16) + "}"
            }
        }
        return out
    }

    /// Escapes every line of a multi-line document, keeping its newlines (tables, markdown).
    public static func escapeLines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && needsEscape($0) }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
            .joined(separator: "\n")
    }

    /// A message at most `limit` characters long: one that quotes a huge flag or preset string (a 900 KB layer)
    /// keeps its start (what is wrong) and its end (how to fix it) and says how much was left out.
    public static func shortened(_ text: String, limit: Int = 1000) -> String {
        guard text.count > limit else { return text }
        let head = limit * 3 / 5, tail = limit / 4
        return "\(text.prefix(head)) ... (\(text.count - head - tail) characters left out) ... \(text.suffix(tail))"
    }

    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0..<0x20, 0x7F...0x9F: return true
        case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
