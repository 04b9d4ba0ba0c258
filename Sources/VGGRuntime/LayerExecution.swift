import VGGKernels

/// How one layer of the summary runs: as its own kernel call, fused into an earlier layer's kernel, or as a view.
public struct LayerExecution: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        /// Runs as a kernel call; its time is measured on this row.
        case kernel
        /// Folded (BatchNorm) or fused (ReLU epilogue) into the named layer's kernel; reports 0 time.
        case fused(into: String)
        /// No work at inference: Flatten (a reshape) and Dropout (identity).
        case view
    }

    public var name: String
    /// PyTorch class name (`Conv2d`, `ReLU`, ...).
    public var kind: String
    public var mode: Mode
    /// The convolution algorithm the plan chose, for Conv2d rows.
    public var algorithm: ConvMethod?
    /// How the plan runs a Linear row.
    public var linearMethod: LinearMethod?
    /// The cost model's time for the kernel call on this row (0 for fused and view rows).
    public var predictedSeconds: Double
    /// Threads the kernel call runs on (kernel rows only).
    public var threads: Int?

    public init(name: String, kind: String, mode: Mode, algorithm: ConvMethod? = nil, linearMethod: LinearMethod? = nil,
                predictedSeconds: Double = 0, threads: Int? = nil) {
        self.name = name
        self.kind = kind
        self.mode = mode
        self.algorithm = algorithm
        self.linearMethod = linearMethod
        self.predictedSeconds = predictedSeconds
        self.threads = threads
    }
}

extension LayerExecution {
    /// The algorithm column for a layer run this way, the one wording for bench, its export and the TUI: the conv
    /// algorithm (or a Linear's method), "fused into <layer>" or "view"; `plainKernel` for a kernel call without one
    /// (pools, norms).
    public static func label(mode: Mode, algorithm: ConvMethod?, linearMethod: LinearMethod? = nil,
                             plainKernel: String = "") -> String {
        switch mode {
        case .kernel: return algorithm?.rawValue ?? linearMethod?.rawValue ?? plainKernel
        case let .fused(into): return "fused into \(into)"
        case .view: return "view"
        }
    }

    public var label: String { Self.label(mode: mode, algorithm: algorithm, linearMethod: linearMethod) }
}
