/// d2l's `layer_summary` with numbers: one row per VGG block (its convolutions, output shape,
/// params, MACs, receptive field at its pool), then every layer after the blocks.
public struct BlockSummary: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        /// `block 1`, or a layer's name (`flatten`, `classifier.0`).
        public var name: String
        /// `Sequential` for a block (what d2l prints), the PyTorch class otherwise.
        public var kind: String
        /// Block index (0-based), nil for the layers after the blocks.
        public var block: Int?
        /// Convolutions in the block, 0 for other rows.
        public var convs: Int
        public var outputShape: TensorShape
        public var params: Int
        public var macs: Int
        public var flops: Int
        /// Outputs of every layer in the row (float32), as in the per-layer table.
        public var activationBytes: Int
        public var receptiveField: Int
        /// Names of the per-layer rows this row folds.
        public var layers: [String]
        /// Every counting tool's figure for the row (sums of its layers'; they are small and cannot overflow
        /// where the layers' own totals did not).
        public var counts: ToolCounts
    }

    public let rows: [Row]

    public init(_ s: ModelSummary) {
        var rows: [Row] = []
        for f in s.layers {
            if let b = f.block, f.layer.section == .features {
                let isConv: Int = if case .conv2d = f.layer.op { 1 } else { 0 }
                if let last = rows.last, last.block == b {
                    var r = last
                    r.convs += isConv
                    r.outputShape = f.outputShape
                    r.params += f.params
                    r.macs += f.macs
                    r.flops += f.flops
                    r.activationBytes += f.activationBytes
                    r.receptiveField = f.receptiveField
                    r.layers.append(f.name)
                    r.counts = (try? r.counts.adding(f.counts)) ?? r.counts
                    rows[rows.count - 1] = r
                } else {
                    rows.append(Row(name: "block \(b + 1)", kind: "Sequential", block: b, convs: isConv,
                                    outputShape: f.outputShape, params: f.params, macs: f.macs, flops: f.flops,
                                    activationBytes: f.activationBytes, receptiveField: f.receptiveField, layers: [f.name],
                                    counts: f.counts))
                }
            } else {
                rows.append(Row(name: f.name, kind: f.kindName, block: nil, convs: 0, outputShape: f.outputShape,
                                params: f.params, macs: f.macs, flops: f.flops, activationBytes: f.activationBytes,
                                receptiveField: f.receptiveField, layers: [f.name], counts: f.counts))
            }
        }
        self.rows = rows
    }

    /// Output shapes with the batch, as PyTorch prints them (`1x64x112x112`).
    /// The MACs column follows `counting` (torchinfo's rule by default), titled as the per-layer table titles it.
    public func table(_ s: ModelSummary, counting tool: CountingTool = .default) -> ReportTable {
        var table = ReportTable(columns: [
            .init("Layer", .left), .init("Kind", .left), .init("Convs"), .init("Output (NxCxHxW)", .left),
            .init("Params"), .init(tool.columnTitle), .init("RF"),
        ])
        for r in rows {
            table.rows.append(.init([r.name, r.kind, r.block == nil ? "" : String(r.convs), r.outputShape.fullDescription,
                                     NumberFormat.grouped(r.params), NumberFormat.grouped(r.counts[tool]), String(r.receptiveField)]))
        }
        table.rows.append(.init(["Total", "", String(s.convLayers), s.outputShape.fullDescription,
                                 NumberFormat.grouped(s.totals.params), NumberFormat.grouped(s.total(tool)), ""], isTotal: true))
        return table
    }

    public func json(_ s: ModelSummary) -> JSON {
        .object([
            ("name", .string(s.spec.name)),
            ("input", .array(s.spec.input.dims.map(JSON.int))),
            ("rows", .array(rows.map { r in
                .object([
                    ("name", .string(r.name)),
                    ("kind", .string(r.kind)),
                    ("block", r.block.map { .int($0 + 1) } ?? .null),
                    ("convs", .int(r.convs)),
                    ("output_shape", .array(r.outputShape.dims.map(JSON.int))),
                    ("params", .int(r.params)),
                    ("macs", .int(r.macs)),
                    ("flops", .int(r.flops)),
                    ("activation_bytes", .int(r.activationBytes)),
                    ("receptive_field", .int(r.receptiveField)),
                    ("layers", .array(r.layers.map(JSON.string))),
                    ("counters", SummaryReport.countersJSON(r.counts)),
                ])
            })),
            ("totals", .object([("params", .int(s.totals.params)), ("macs", .int(s.totals.macs))])),
        ])
    }

    public static let rule = "One row per block (its Conv2d, ReLU and MaxPool2d layers added up; RF at the block's pool), "
        + "then each layer after the blocks, as d2l's layer_summary prints them."
}
