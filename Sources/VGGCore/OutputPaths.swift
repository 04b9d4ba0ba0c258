/// File names derived from user-typed names. (Minimal version; the `harden` branch owns the full one.)
public enum OutputPaths {
    /// A safe file stem for `name`: no path separators, control characters or leading dots;
    /// `vgg` when nothing is left.
    public static func fileStem(_ name: String) -> String {
        var out = ""
        for u in name.unicodeScalars {
            if u == "/" || u == "\\" || u.value < 0x20 || u.value == 0x7f { out += "-" } else { out.unicodeScalars.append(u) }
        }
        while out.hasPrefix(".") { out.removeFirst() }
        out = String(out.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        return out.isEmpty ? "vgg" : out
    }
}
