import VGGTUI

/// How many colors the terminal gets: none (NO_COLOR, monochrome terminfo), the 8 ANSI ones, or 256.
public enum ColorMode: Equatable, Sendable {
    case monochrome
    case ansi8
    case ansi256

    /// NO_COLOR counts when set to a non-empty value (https://no-color.org).
    public static func noColorRequested(_ environment: [String: String]) -> Bool {
        guard let value = environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }
}

/// Look of each style role: colors when there are any, attributes always (so monochrome keeps
/// selection, errors and headers apart).
struct Palette {
    struct Look {
        var fg: Int16
        var bg: Int16
        var bold = false
        var reverse = false
        var underline = false
        var dim = false
    }

    static let defaultColor: Int16 = -1

    /// Attribute-only looks, for monochrome terminals and NO_COLOR.
    static func monochrome(_ style: Style) -> Look {
        let d = defaultColor
        switch style {
        case .normal, .border, .bar, .ok: return Look(fg: d, bg: d)
        case .dim: return Look(fg: d, bg: d, dim: true)
        case .title, .accent, .focusBorder, .statusKey: return Look(fg: d, bg: d, bold: true)
        case .header: return Look(fg: d, bg: d, underline: true)
        case .selected, .status, .prompt: return Look(fg: d, bg: d, reverse: true)
        case .highlight: return Look(fg: d, bg: d, bold: true)
        case .error: return Look(fg: d, bg: d, bold: true, underline: true)
        case .barAlt: return Look(fg: d, bg: d, dim: true)
        }
    }

    static func colored(_ style: Style, wide: Bool) -> Look {
        let d = defaultColor
        // 256-color indices where available, the nearest ANSI color otherwise.
        let cyan: Int16 = wide ? 80 : 6, blue: Int16 = wide ? 33 : 4, yellow: Int16 = wide ? 221 : 3
        let red: Int16 = wide ? 203 : 1, green: Int16 = wide ? 114 : 2, grey: Int16 = wide ? 245 : 7
        let magenta: Int16 = wide ? 176 : 5, selBg: Int16 = wide ? 24 : 4, statusBg: Int16 = wide ? 236 : 0
        switch style {
        case .normal: return Look(fg: d, bg: d)
        case .dim: return Look(fg: grey, bg: d, dim: !wide)
        case .title: return Look(fg: cyan, bg: d, bold: true)
        case .header: return Look(fg: yellow, bg: d, bold: true)
        case .border: return Look(fg: grey, bg: d)
        case .focusBorder: return Look(fg: cyan, bg: d, bold: true)
        case .selected: return Look(fg: wide ? 231 : 7, bg: selBg, bold: true)
        case .highlight: return Look(fg: cyan, bg: d, bold: true)
        case .error: return Look(fg: red, bg: d, bold: true)
        case .ok: return Look(fg: green, bg: d)
        case .accent: return Look(fg: yellow, bg: d)
        case .bar: return Look(fg: blue, bg: d)
        case .barAlt: return Look(fg: magenta, bg: d)
        case .status: return Look(fg: wide ? 252 : 7, bg: statusBg, reverse: !wide)
        case .statusKey: return Look(fg: yellow, bg: statusBg, bold: true, reverse: !wide)
        case .prompt: return Look(fg: wide ? 231 : 7, bg: wide ? 238 : 4, bold: true)
        }
    }
}
