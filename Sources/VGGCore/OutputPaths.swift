/// File names derived from a network's name (the CLI's `export` default, the TUI's save and export prompts).
/// A preset's `name` comes from a file anyone can write, so it must never steer the write elsewhere.
public enum OutputPaths {
    /// At most this many UTF-8 bytes, leaving room for suffixes like `-summary.md` under NAME_MAX (255).
    public static let maxStemBytes = 100

    /// A single, visible path component: path separators and whitespace become `-`, NUL and control characters
    /// are dropped, anything but letters, digits, `-`, `_`, `.` and `+` becomes `-`; runs of `-` collapse; leading
    /// dots and dashes (hidden files, things that look like flags) are trimmed; capped at `maxStemBytes`.
    /// Empty results fall back to `network`.
    public static func fileStem(_ name: String) -> String {
        var out = ""
        var lastDash = false
        for ch in name {
            let mapped: Character?
            if ch.unicodeScalars.contains(where: { TerminalSafe.needsEscape($0) || $0.value == 0 }) {
                mapped = nil
            } else if ch.isLetter || ch.isNumber || ch == "_" || ch == "." || ch == "+" {
                mapped = ch
            } else {
                mapped = "-"
            }
            guard let c = mapped else { continue }
            if c == "-" {
                if lastDash { continue }
                lastDash = true
            } else {
                lastDash = false
            }
            guard out.utf8.count + c.utf8.count <= maxStemBytes else { break }
            out.append(c)
        }
        var stem = Substring(out)
        stem = stem.drop { $0 == "." || $0 == "-" }
        while let last = stem.last, last == "-" || last == "." { stem = stem.dropLast() }
        return stem.isEmpty ? "network" : String(stem)
    }
}
