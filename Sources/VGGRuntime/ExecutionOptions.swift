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
    /// Run a MaxPool2d(2, 2) that follows a conv (and its BatchNorm/ReLU) in the conv's epilogue: the conv writes the
    /// pooled map, saving a write and a read of its full output. Off: the pool is its own step (A/B timing, tests).
    public var fuseMaxPool: Bool

    public init(threads: Int = Parallelism.available, convAlgorithm: ConvAlgorithm = .auto, memoryLimit: MemoryLimit = .system,
                fuseMaxPool: Bool = true) {
        self.threads = threads
        self.convAlgorithm = convAlgorithm
        self.memoryLimit = memoryLimit
        self.fuseMaxPool = fuseMaxPool
    }

    var limitBytes: Int? {
        switch memoryLimit {
        case .system: return SystemMemory.availableBytes()
        case let .bytes(n): return n
        case .unchecked: return nil
        }
    }
}
