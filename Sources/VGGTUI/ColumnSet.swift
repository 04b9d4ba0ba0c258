/// The layer table's column sets (`v` cycles them): what a learner looks at in turn.
public enum ColumnSet: String, CaseIterable, Equatable, Sendable {
    /// Every column, the most telling first, as many as fit.
    case all
    /// Layer, kind, output shape, params, receptive field.
    case structure
    /// Params, MACs, FLOPs, activation memory.
    case cost
    /// Measured ms, GFLOP/s, roof%, FLOP/B (after `r`), with output and params when there is room.
    case timing

    public var next: ColumnSet {
        switch self {
        case .all: .structure
        case .structure: .cost
        case .cost: .timing
        case .timing: .all
        }
    }
}
