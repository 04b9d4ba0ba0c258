import CNcurses
import VGGTUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct TerminalError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// What the terminal reports between frames.
public enum TerminalEvent: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
}

/// The only code that talks to ncurses: setup and teardown, colors, key decoding, blitting.
public final class Terminal {
    public let colorMode: ColorMode
    /// False in a non-UTF-8 locale: glyphs are drawn with ASCII stand-ins.
    public let unicode: Bool
    private var active = false

    /// Takes over the terminal. `keyTimeoutMs` bounds how long `nextEvent` waits, so background
    /// progress can redraw while no key is pressed.
    public init(environment: [String: String], keyTimeoutMs: Int32 = 60) throws(TerminalError) {
        setlocale(LC_ALL, "")
        unicode = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        // A dumb terminal cannot place the cursor: the screen would come out as a stream of spaces.
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" {
            throw TerminalError(message: "the explorer needs a terminal that can position the cursor (TERM is "
                + "'\(term)'); set TERM (e.g. xterm-256color), or use `vggscope summary`")
        }
        // newterm, unlike initscr, reports an unusable TERM instead of exiting.
        guard vgg_newterm_stdio() != nil else {
            throw TerminalError(message: "cannot use terminal type '\(environment["TERM"] ?? "")'; "
                + "set TERM to one your system knows (e.g. xterm-256color), or use `vggscope summary`")
        }
        SignalGuard.install()
        if environment["ESCDELAY"] == nil { set_escdelay(25) }
        active = true
        SignalGuard.markActive(true)
        raw()  // Ctrl-C and Ctrl-R arrive as keys; SIGINT from outside is still handled
        noecho()
        nonl()
        keypad(vgg_stdscr(), true)
        timeout(keyTimeoutMs)
        curs_set(0)
        mousemask(vgg_wheel_up_mask() | vgg_wheel_down_mask(), nil)
        mouseinterval(0)

        if ColorMode.noColorRequested(environment) || !has_colors() {
            colorMode = .monochrome
        } else {
            start_color()
            use_default_colors()
            colorMode = vgg_colors() >= 256 ? .ansi256 : .ansi8
        }
        looks = Style.allCases.map { style in
            colorMode == .monochrome ? Palette.monochrome(style) : Palette.colored(style, wide: colorMode == .ansi256)
        }
        if colorMode != .monochrome {
            for (i, look) in looks.enumerated() {
                init_pair(Int16(i + 1), look.fg, look.bg)
            }
        }
        attrs = looks.map { look in
            var a = vgg_a_normal()
            if look.bold { a |= vgg_a_bold() }
            if look.reverse { a |= vgg_a_reverse() }
            if look.underline { a |= vgg_a_underline() }
            if look.dim { a |= vgg_a_dim() }
            return a
        }
    }

    private var looks: [Palette.Look] = []
    private var attrs: [UInt32] = []

    deinit { shutdown() }

    /// Gives the terminal back (idempotent): cursor, echo, line mode, main screen.
    public func shutdown() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        SignalGuard.markActive(false)
    }

    /// A signal (SIGINT, SIGTERM, SIGHUP) that asked the app to stop, if any.
    public var pendingSignal: Int32? {
        let s = SignalGuard.pending
        return s == 0 ? nil : s
    }

    public var size: (width: Int, height: Int) {
        (Int(vgg_getmaxx(vgg_stdscr())), Int(vgg_getmaxy(vgg_stdscr())))
    }

    /// Waits up to the key timeout; nil when nothing arrived.
    public func nextEvent() -> TerminalEvent? {
        var ch: wint_t = 0
        let status = vgg_get_wch(&ch)
        if status == ERR { return nil }
        if status == KEY_CODE_YES {
            let code = Int32(ch)
            if code == KEY_RESIZE {
                let s = size
                return .resize(width: s.width, height: s.height)
            }
            if code == KEY_MOUSE {
                switch vgg_mouse_wheel() {
                case 1: return .key(.wheelUp)
                case -1: return .key(.wheelDown)
                default: return nil
                }
            }
            return Self.decodeFunctionKey(code).map { .key($0) }
        }
        return Self.decodeCharacter(UInt32(ch)).map { .key($0) }
    }

    static func decodeFunctionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        default: return nil
        }
    }

    static func decodeCharacter(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(value + 96)!))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// Copies the buffer to the screen, one run of same-styled cells at a time.
    public func draw(_ buffer: ScreenBuffer, cursor: (x: Int, y: Int)? = nil) {
        erase()
        let (cols, rows) = size
        let width = min(cols, buffer.width), height = min(rows, buffer.height)
        var run: [wchar_t] = []
        run.reserveCapacity(width + 1)
        for y in 0..<height {
            var x = 0
            while x < width {
                let style = buffer[x, y].style
                let start = x
                run.removeAll(keepingCapacity: true)
                while x < width, buffer[x, y].style == style {
                    let c = buffer[x, y].char
                    run.append(wchar_t(bitPattern: (unicode ? c : AsciiFallback.map(c)).value))
                    x += 1
                }
                let index = Int(style.rawValue)
                let pair: Int16 = colorMode == .monochrome ? 0 : Int16(index + 1)
                run.append(0)
                _ = vgg_put_wstr(Int32(y), Int32(start), run, Int32(run.count - 1), attrs[index], pair)
            }
        }
        if let cursor, cursor.x < cols, cursor.y < rows {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
    }
}
