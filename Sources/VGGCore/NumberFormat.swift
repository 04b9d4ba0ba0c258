/// How numbers are shown: exact counts with thousands separators, human units beside them.
public enum NumberFormat {
    /// `132863336` -> `132,863,336`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// `132863336` -> `132.9 M`, `7616525288` -> `7.62 G` (decimal units, 3-4 significant digits).
    public static func human(_ value: Int, unit: String = "") -> String {
        let units = ["", "K", "M", "G", "T", "P", "E"]
        var v = Double(value)
        var u = 0
        while abs(v) >= 999.95, u < units.count - 1 {
            v /= 1000
            u += 1
        }
        let suffix = units[u] + unit
        if u == 0 { return suffix.isEmpty ? String(value) : "\(value) \(suffix)" }
        return "\(fixed(v, decimals: abs(v) >= 100 ? 1 : 2)) \(suffix)"
    }

    /// Bytes in decimal units as torchinfo prints them: `531453344` -> `531.5 MB`.
    public static func bytes(_ value: Int) -> String {
        value < 1000 ? "\(value) B" : human(value, unit: "B")
    }

    public static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "-" }
        return fixed(100 * Double(part) / Double(whole), decimals: 1) + "%"
    }

    /// Fixed decimals without Foundation's locale-dependent formatting.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        guard scaled < 9e18 else { return String(v) }
        let n = Int(scaled)
        let whole = n / Int(scale)
        let frac = n % Int(scale)
        var s = String(whole)
        if decimals > 0 {
            let f = String(frac)
            s += "." + String(repeating: "0", count: decimals - f.count) + f
        }
        return (v < 0 && n != 0 ? "-" : "") + s
    }
}
