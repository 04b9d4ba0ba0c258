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
    /// The convolution algorithm chosen, for Conv2d rows.
    public var algorithm: ConvAlgorithm?

    public init(name: String, kind: String, mode: Mode, algorithm: ConvAlgorithm? = nil) {
        self.name = name
        self.kind = kind
        self.mode = mode
        self.algorithm = algorithm
    }
}

extension LayerExecution {
    /// The algorithm column for a layer run this way, the one wording for bench, its export and the TUI: the conv
    /// algorithm, "fused into <layer>" or "view"; `plainKernel` for a kernel call without a conv algorithm (pool, Linear).
    public static func label(mode: Mode, algorithm: ConvAlgorithm?, plainKernel: String = "") -> String {
        switch mode {
        case .kernel: return algorithm?.rawValue ?? plainKernel
        case let .fused(into): return "fused into \(into)"
        case .view: return "view"
        }
    }

    public var label: String { Self.label(mode: mode, algorithm: algorithm) }
}
