/// Colours for a light or a dark page (GitHub's light and dark backgrounds and text colours).
/// Box faces are derived from one colour per kind: the top lighter, the side darker.
public struct DiagramTheme: Equatable, Sendable {
    public enum Name: String, CaseIterable, Sendable { case light, dark }

    public var name: Name
    public var background: String
    public var text: String
    public var muted: String
    public var line: String

    public static let light = DiagramTheme(name: .light, background: "#ffffff", text: "#1f2328", muted: "#59636e", line: "#8c959f")
    public static let dark = DiagramTheme(name: .dark, background: "#0d1117", text: "#e6edf3", muted: "#9198a1", line: "#656c76")

    public static func named(_ name: Name) -> DiagramTheme { name == .light ? .light : .dark }

    /// Tableau-like hues, distinct for the usual colour-vision deficiencies in hue and lightness.
    public func fill(_ kind: DiagramElement.Kind) -> String {
        let light: String = switch kind {
        case .input: "#a0a7b0"
        case .conv: "#4e79a7"
        case .convBN: "#2a9d8f"
        case .maxPool: "#e15759"
        case .avgPool: "#f28e2b"
        case .localResponseNorm: "#b07aa1"
        case .batchNorm: "#76b7b2"
        case .flatten: "#9c755f"
        case .linear: "#59a14f"
        }
        return name == .light ? light : Self.mix(light, "#ffffff", 0.12)
    }

    public func top(_ kind: DiagramElement.Kind) -> String { Self.mix(fill(kind), "#ffffff", 0.35) }
    public func side(_ kind: DiagramElement.Kind) -> String { Self.mix(fill(kind), "#000000", 0.25) }
    public func stroke(_ kind: DiagramElement.Kind) -> String {
        name == .light ? Self.mix(fill(kind), "#000000", 0.45) : Self.mix(fill(kind), "#ffffff", 0.45)
    }

    /// `a` moved `t` of the way towards `b`, both `#rrggbb`.
    static func mix(_ a: String, _ b: String, _ t: Double) -> String {
        func channels(_ hex: String) -> [Double] {
            let digits = Array(hex.dropFirst())
            return stride(from: 0, to: 6, by: 2).map { Double(Int(String(digits[$0..<$0 + 2]), radix: 16) ?? 0) }
        }
        let ca = channels(a), cb = channels(b)
        let hex = Array("0123456789abcdef")
        return "#" + zip(ca, cb).map { x, y in
            let v = Int((x + (y - x) * t).rounded())
            return String([hex[v / 16], hex[v % 16]])
        }.joined()
    }
}
