import VGGRuntime
import VGGTUI

extension RunFailure {
    /// The runtime's error as plain values, for the explorer to phrase with its keys.
    public init(_ error: RuntimeError) {
        switch error {
        case .cancelled:
            self = .cancelled
        case let .insufficientMemory(estimate, available):
            self = .insufficientMemory(neededBytes: estimate.totalBytes, availableBytes: available, breakdown: estimate.breakdown)
        case let .sizeOverflow(what):
            self = .tooLarge(what: what)
        case let .unsupportedLayer(name, reason):
            self = .unsupportedLayer(name: name, reason: reason)
        case let .invalidThreads(n):
            // The explorer picks the thread count itself; reaching this is a bug worth naming plainly.
            self = .other("the engine was given \(n) threads")
        case let .inputSizeMismatch(expected, found):
            // The explorer builds the input from the spec, so this too can only be a bug.
            self = .other("the input holds \(found) values, the model expects "
                + expected.map(String.init).joined(separator: "x"))
        }
    }
}
