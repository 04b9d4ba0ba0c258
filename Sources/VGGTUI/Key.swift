/// A decoded key press. The terminal backend turns curses codes into these; tests write them directly.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case wheelUp, wheelDown

    /// How the help screen and status bar spell the key.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-\(c.uppercased())"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .wheelUp: return "Wheel↑"
        case .wheelDown: return "Wheel↓"
        }
    }

    /// Keys typed as a string, for tests: each character becomes `.char`, `\n` becomes Enter.
    public static func typed(_ s: String) -> [Key] {
        s.map { $0 == "\n" ? .enter : .char($0) }
    }
}
