/// A spec, notation or preset the core cannot accept. `message` says what is wrong and how to fix it.
public struct SpecError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Location: Equatable, Sendable {
        case input, block(Int), layer(Int), head, classifier, classes, dropout, preset, file(String)
    }
    public var message: String
    public var location: Location?

    public init(_ message: String, at location: Location? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String { message }

    /// The 0-based block this error points at, if any (the TUI marks that row).
    /// The 0-based index into a layer list this error points at, if any.
    public var layerIndex: Int? {
        if case .layer(let i) = location { return i }
        return nil
    }

    public var blockIndex: Int? {
        if case .block(let i) = location { return i }
        return nil
    }
}
