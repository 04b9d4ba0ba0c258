import VGGRuntime

extension RuntimeError {
    /// The runtime's message with the fix in this CLI's flags (the explorer phrases its own, with its keys).
    func cliMessage(memoryHint: String) -> String {
        switch self {
        case .insufficientMemory: describing(memoryHint: memoryHint)
        case let .invalidThreads(n): "--threads must be at least 1 (got \(n))"
        case .inputSizeMismatch: description + " (--input NxCxHxW)"
        case .unsupportedLayer, .sizeOverflow, .cancelled: description
        }
    }
}
