/// A spec, notation or preset the core cannot accept. `message` says what is wrong and how to fix it.
public struct SpecError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Location: Equatable, Sendable {
        case input, block(Int), head, classifier, classes, dropout, preset, file(String)
    }
    public var message: String
    public var location: Location?

    public init(_ message: String, at location: Location? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String { message }

    /// The 0-based block this error points at, if any (the TUI marks that row).
    public var blockIndex: Int? {
        if case .block(let i) = location { return i }
        return nil
    }
}
