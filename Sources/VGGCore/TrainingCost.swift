/// What one training step (forward + backward + optimizer update) costs, as a learner asks it.
/// Every figure is a stated rule applied to the layer facts; nothing is measured.
public struct TrainingCost: Equatable, Sendable {
    public enum Optimizer: String, CaseIterable, Sendable {
        case sgd, momentum, adam

        /// Optimizer state in float32 values per parameter: SGD none, momentum one buffer, Adam two moments.
        public var statePerParam: Int {
            switch self {
            case .sgd: 0
            case .momentum: 1
            case .adam: 2
            }
        }

        public var label: String {
            switch self {
            case .sgd: "SGD"
            case .momentum: "SGD+momentum"
            case .adam: "Adam"
            }
        }
    }

    /// The default everywhere (CLI, export, TUI): Adam, the costliest of the three and what most people train with.
    public static let defaultOptimizer = Optimizer.adam

    public var optimizer: Optimizer
    public var forwardMACs: Int
    /// 2 x the Conv2d and Linear MACs: an input gradient and a weight gradient, each a product as big as the forward one.
    public var backwardMACs: Int
    public var weightBytes: Int
    public var gradientBytes: Int
    public var optimizerBytes: Int
    /// The input of every layer whose backward needs it (see `keepsInput`), float32.
    public var savedActivationBytes: Int

    public var stepMACs: Int { forwardMACs + backwardMACs }
    public var stepBytes: Int { weightBytes + gradientBytes + optimizerBytes + savedActivationBytes }

    public init(_ s: ModelSummary, optimizer: Optimizer = TrainingCost.defaultOptimizer) throws(SpecError) {
        self.optimizer = optimizer
        forwardMACs = s.totals.macs
        var conv = 0
        var saved = 0
        for f in s.layers {
            if f.layer.op.countsFLOPs { conv = try Checked.add(conv, f.macs, what: "training MACs") }
            if Self.keepsInput(f.layer.op) { saved = try Checked.add(saved, f.inputBytes, what: "saved activations") }
        }
        backwardMACs = try Checked.mul(2, conv, what: "backward MACs")
        weightBytes = s.totals.paramBytes
        gradientBytes = s.totals.paramBytes
        optimizerBytes = try Checked.mul(optimizer.statePerParam, s.totals.paramBytes, what: "optimizer state")
        savedActivationBytes = saved
        _ = try Checked.add(try Checked.add(weightBytes, gradientBytes, what: "training memory"),
                            try Checked.add(optimizerBytes, saved, what: "training memory"), what: "training memory")
        _ = try Checked.add(forwardMACs, backwardMACs, what: "training MACs")
    }

    /// Whether a layer's backward needs its input kept from the forward pass: Conv2d and Linear (for the
    /// weight gradient), BatchNorm2d (normalized input), ReLU (where it was positive), MaxPool2d (where the
    /// maximum was), LocalResponseNorm and Dropout (its mask, counted at the input's size). Flatten is a view
    /// and the adaptive average pool needs only the shape: they keep nothing.
    public static func keepsInput(_ op: LayerOp) -> Bool {
        switch op {
        case .conv2d, .linear, .batchNorm2d, .relu, .maxPool2d, .localResponseNorm, .dropout: true
        case .flatten, .adaptiveAvgPool2d: false
        }
    }

    public static let macsRule = "Training MACs per step = forward MACs + backward MACs; backward = 2 x the Conv2d and "
        + "Linear forward MACs (the input gradient and the weight gradient each cost one forward product); "
        + "other layers' backward is not counted."
    public static let memoryRule = "Training memory of one step = weights + gradients (1x params) + optimizer state "
        + "(SGD 0, SGD+momentum 1x params, Adam 2x params) + activations kept for backward (the input of every Conv2d, "
        + "Linear, BatchNorm2d, ReLU, MaxPool2d and Dropout: what their gradients need), float32; "
        + "no framework workspace or allocator slack."

    public func table() -> ReportTable {
        func row(_ name: String, _ v: Int, _ human: String) -> ReportTable.Row { .init([name, NumberFormat.grouped(v), human]) }
        return ReportTable(columns: [.init("Training step (\(optimizer.label))", .left), .init("Exact"), .init("Human")], rows: [
            row("Forward MACs", forwardMACs, NumberFormat.human(forwardMACs)),
            row("Backward MACs (2 x conv/linear)", backwardMACs, NumberFormat.human(backwardMACs)),
            row("Forward + backward MACs", stepMACs, NumberFormat.human(stepMACs)),
            row("Weights (bytes)", weightBytes, NumberFormat.bytes(weightBytes)),
            row("Gradients (bytes)", gradientBytes, NumberFormat.bytes(gradientBytes)),
            row("Optimizer state (bytes, \(optimizer.statePerParam)x params)", optimizerBytes, NumberFormat.bytes(optimizerBytes)),
            row("Activations kept for backward (bytes)", savedActivationBytes, NumberFormat.bytes(savedActivationBytes)),
            row("Training memory, one step (bytes)", stepBytes, NumberFormat.bytes(stepBytes)),
        ])
    }

    public func json() -> JSON {
        .object([
            ("optimizer", .string(optimizer.rawValue)),
            ("forward_macs", .int(forwardMACs)),
            ("backward_macs", .int(backwardMACs)),
            ("step_macs", .int(stepMACs)),
            ("weight_bytes", .int(weightBytes)),
            ("gradient_bytes", .int(gradientBytes)),
            ("optimizer_bytes", .int(optimizerBytes)),
            ("saved_activation_bytes", .int(savedActivationBytes)),
            ("step_bytes", .int(stepBytes)),
        ])
    }
}
