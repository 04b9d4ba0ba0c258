import Foundation

/// A cancel flag shared between the thread that runs a model and the one that stops it (the TUI's Esc).
/// The executor checks it between layers, so a cancel takes effect within one layer's time.
public final class CancellationToken: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
