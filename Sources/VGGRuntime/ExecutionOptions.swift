import VGGKernels

/// How a model is built and run.
public struct ExecutionOptions: Sendable {
    /// Where the memory guard gets its limit.
    public enum MemoryLimit: Equatable, Sendable {
        /// `MemAvailable` from /proc/meminfo; the check is skipped when it cannot be read.
        case system
        case bytes(Int)
        case unchecked
    }

    public var threads: Int
    public var convAlgorithm: ConvAlgorithm
    public var memoryLimit: MemoryLimit

    public init(threads: Int = ThreadPool.available, convAlgorithm: ConvAlgorithm = .auto, memoryLimit: MemoryLimit = .system) {
        self.threads = threads
        self.convAlgorithm = convAlgorithm
        self.memoryLimit = memoryLimit
    }

    var limitBytes: Int? {
        switch memoryLimit {
        case .system: return SystemMemory.availableBytes()
        case let .bytes(n): return n
        case .unchecked: return nil
        }
    }
}
