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
    /// The machine the plan is made for: its ISA is the one every kernel is built with, its peaks feed the cost model.
    public var machine: MachineProfile

    /// `threads`: the most any step uses (the cost model may run a small step on fewer); every kernel means the same
    /// by it. `convAlgorithm`: auto lets the cost model choose per conv; anything else forces that method wherever the
    /// layer supports it.
    public init(threads: Int = Parallelism.available, convAlgorithm: ConvAlgorithm = .auto, memoryLimit: MemoryLimit = .system,
                fuseMaxPool: Bool = true, machine: MachineProfile = .defaults()) {
        self.threads = threads
        self.convAlgorithm = convAlgorithm
        self.memoryLimit = memoryLimit
        self.fuseMaxPool = fuseMaxPool
        self.machine = machine
    }

    var limitBytes: Int? {
        switch memoryLimit {
        case .system: return SystemMemory.availableBytes()
        case let .bytes(n): return n
        case .unchecked: return nil
        }
    }
}
