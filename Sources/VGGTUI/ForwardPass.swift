import VGGCore

/// Runs a forward pass for the TUI: reports progress (layers done, layers in all, current layer)
/// and stops early when `isCancelled` turns true.
public protocol ForwardPass: Sendable {
    func run(_ spec: VGGSpec, progress: @escaping @Sendable (Int, Int, String) -> Void,
             isCancelled: @escaping @Sendable () -> Bool) throws -> RunResult
}

/// Thrown by a `ForwardPass` that saw the cancel flag.
public struct ForwardPassCancelled: Error {
    public init() {}
}
