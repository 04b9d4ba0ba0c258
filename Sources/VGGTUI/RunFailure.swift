import VGGCore

/// Why a forward pass did not finish, as plain values: the runner says what went wrong, the explorer says
/// how to fix it with its own keys (the CLI phrases the same runtime errors for its flags).
public enum RunFailure: Error, Equatable, Sendable {
    /// Esc was pressed; not a failure to report as one.
    case cancelled
    /// The model would not fit in the memory this process may use.
    case insufficientMemory(neededBytes: Int, availableBytes: Int, breakdown: String)
    /// A size (`what`) too large to address.
    case tooLarge(what: String)
    case unsupportedLayer(name: String, reason: String)
    /// Anything else, in the runner's words (which name no command-line flags).
    case other(String)

    /// The status line's text: what failed and which key changes it.
    public var message: String {
        switch self {
        case .cancelled:
            return "cancelled"
        case let .insufficientMemory(needed, available, breakdown):
            return "this model needs about \(NumberFormat.bytes(needed)) (\(breakdown)), only \(NumberFormat.bytes(available))"
                + " is available; shrink the input (i), the channels (< or /) or the classifier (f), or free memory"
        case let .tooLarge(what):
            return "\(what) is too large to address; shrink the input (i) or the channels (< or /)"
        case let .unsupportedLayer(name, reason):
            return "layer \(name) cannot run: \(reason); change the block (Enter) or choose another preset (p)"
        case let .other(text):
            return text
        }
    }
}
