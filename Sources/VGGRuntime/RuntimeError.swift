/// Why a model could not be built or run. `description` says what to change in neutral terms; each front end (the
/// CLI's flags, the explorer's keys) phrases the fix for its own user from the typed case.
public enum RuntimeError: Error, Equatable, CustomStringConvertible {
    case insufficientMemory(estimate: MemoryEstimate, availableBytes: Int)
    case invalidThreads(Int)
    case inputSizeMismatch(expected: [Int], foundCount: Int)
    case unsupportedLayer(name: String, reason: String)
    case sizeOverflow(String)
    /// Stopped between layers; `completedLayers` of `totalLayers` had run.
    case cancelled(completedLayers: Int, totalLayers: Int)

    /// The message with `memoryHint` (what to shrink, in the caller's own terms: a command's flags) for a memory
    /// refusal; other errors are unchanged.
    public func describing(memoryHint: String) -> String {
        guard case let .insufficientMemory(estimate, available) = self else { return description }
        return "this model needs about \(MemoryEstimate.format(estimate.totalBytes)) (\(estimate.breakdown)),"
            + " only \(MemoryEstimate.format(available)) is available to this process (the least of free memory, the cgroup"
            + " limit and ulimit -v/-d); use \(memoryHint), or free memory"
    }

    public var description: String {
        switch self {
        case .insufficientMemory:
            return describing(memoryHint: "a smaller input, batch or classifier")
        case let .invalidThreads(n):
            return "the thread count must be at least 1 (got \(n))"
        case let .inputSizeMismatch(expected, found):
            return "the input holds \(found) values, the model expects \(expected.map(String.init).joined(separator: "x"))"
                + " = \(expected.reduce(1, *)); build the model for the input's shape"
        case let .unsupportedLayer(name, reason):
            return "layer \(name) cannot run: \(reason)"
        case let .sizeOverflow(what):
            return "\(what) is too large to address; use a smaller input or batch"
        case let .cancelled(done, total):
            return "cancelled after \(done) of \(total) layers"
        }
    }
}
