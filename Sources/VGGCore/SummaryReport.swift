/// Text, markdown and JSON renderings of a `ModelSummary`. Formatting only: every number comes from the facts.
public enum SummaryReport {
    public static func layerTable(_ s: ModelSummary) -> ReportTable {
        var table = ReportTable(columns: [
            .init("Layer", .left), .init("Kind", .left), .init("Block"), .init("Output", .left),
            .init("Params"), .init("MACs"), .init("Activation"), .init("RF"),
        ])
        for f in s.layers {
            table.rows.append(.init([
                f.name, f.kindName, f.block.map { String($0 + 1) } ?? "", f.outputShape.description,
                NumberFormat.grouped(f.params), NumberFormat.grouped(f.macs),
                NumberFormat.bytes(f.activationBytes), String(f.receptiveField),
            ]))
        }
        table.rows.append(.init(["Total", "", "", s.outputShape.description,
                                 NumberFormat.grouped(s.totals.params), NumberFormat.grouped(s.totals.macs),
                                 NumberFormat.bytes(s.totals.activationBytes), ""], isTotal: true))
        return table
    }

    public static func totalsTable(_ s: ModelSummary) -> ReportTable {
        let t = s.totals, split = s.split
        func row(_ name: String, _ v: Int, _ human: String, _ share: String = "") -> ReportTable.Row {
            .init([name, NumberFormat.grouped(v), human, share])
        }
        return ReportTable(columns: [.init("Quantity", .left), .init("Exact"), .init("Human"), .init("Share")], rows: [
            row("Params", t.params, NumberFormat.human(t.params)),
            row("  convolutions", split.convParams, NumberFormat.human(split.convParams), NumberFormat.percent(split.convParams, of: t.params)),
            row("  classifier", split.classifierParams, NumberFormat.human(split.classifierParams),
                NumberFormat.percent(split.classifierParams, of: t.params)),
            row("MACs", t.macs, NumberFormat.human(t.macs)),
            row("  convolutions", split.convMACs, NumberFormat.human(split.convMACs), NumberFormat.percent(split.convMACs, of: t.macs)),
            row("  classifier", split.classifierMACs, NumberFormat.human(split.classifierMACs),
                NumberFormat.percent(split.classifierMACs, of: t.macs)),
            row("FLOPs (2 x conv/linear MACs)", t.flops, NumberFormat.human(t.flops)),
            row("Parameter memory (bytes)", t.paramBytes, NumberFormat.bytes(t.paramBytes)),
            row("Input (bytes)", t.inputBytes, NumberFormat.bytes(t.inputBytes)),
            row("Activations, all layers (bytes)", t.activationBytes, NumberFormat.bytes(t.activationBytes)),
            row("Peak inference memory (bytes)", t.peakBytes, NumberFormat.bytes(t.peakBytes)),
            row("torchinfo forward/backward pass (bytes)", t.forwardBackwardBytes, NumberFormat.bytes(t.forwardBackwardBytes)),
            row("Receptive field at last pool (px)", s.receptiveFieldAtLastPool, ""),
        ])
    }

    public static func text(_ s: ModelSummary, style: TextStyle = .unicode,
                            optimizer: TrainingCost.Optimizer = TrainingCost.defaultOptimizer) -> String {
        var out = "\(s.spec.name): \(s.configurationLine)\n"
        out += "depth \(s.depth) (\(s.convLayers) conv + \(s.spec.classifier.count + 1) linear), \(s.layers.count) layers\n\n"
        out += layerTable(s).text(style: style) + "\n" + totalsTable(s).text(style: style) + "\n"
        out += trainingText(s, style: style, optimizer: optimizer)
        out += CountingRules.text()
        return out
    }

    /// A `## title` section of the export document.
    public struct Section: Equatable, Sendable {
        public var title: String
        public var body: String
        public init(_ title: String, _ body: String) {
            self.title = title
            self.body = body
        }

        public static func comparison(_ c: Comparison, timesMs: [Double?]? = nil) -> Section {
            Section("Comparison", c.table(timesMs: timesMs).markdown())
        }
    }

    /// The export document: configuration, layers, totals, any extra sections (a measured pass,
    /// a comparison), then the counting rules once.
    public static func markdown(_ s: ModelSummary, sections: [Section] = [],
                                optimizer: TrainingCost.Optimizer = TrainingCost.defaultOptimizer) -> String {
        var out = "# \(s.spec.name) summary\n\n"
        out += configurationMarkdown(s.spec) + "\n"
        out += blockSection(s)
        out += "## Layers\n\n" + layerTable(s).markdown() + "\n"
        out += "## Totals\n\n" + totalsTable(s).markdown() + "\n"
        out += trainingSection(s, optimizer: optimizer)
        for section in sections {
            out += "## \(section.title)\n\n" + section.body + "\n"
        }
        out += footer()
        return out
    }

    static func configurationMarkdown(_ spec: VGGSpec) -> String {
        let i = spec.input
        return """
        | Setting | Value |
        |:---|:---|
        | Input (N x C x H x W) | \(i.batch) x \(i.channels) x \(i.height) x \(i.width) |
        | Blocks (convs x channels) | \(Notation.blocksText(spec.blocks)) |
        | Batch norm | \(spec.batchNorm ? "on" : "off") |
        | Head | \(spec.head == .avgpool7 ? "avgpool7 (AdaptiveAvgPool2d 7x7)" : "flatten") |
        | Classifier | \(Notation.widthsText(spec.classifier)) -> \(spec.classes) classes, dropout \(NumberFormat.fixed(spec.dropout, decimals: 2)) |

        """
    }

    static func footer() -> String {
        "---\n\nCounting rules:\n\n" + CountingRules.all.map { "- \($0)\n" }.joined()
            + "\nGenerated by vggscope.\n"
    }

    public static func json(_ s: ModelSummary, optimizer: TrainingCost.Optimizer = TrainingCost.defaultOptimizer) -> JSON {
        let t = s.totals
        let training = (try? TrainingCost(s, optimizer: optimizer))?.json() ?? .null
        return .object([
            ("name", .string(s.spec.name)),
            ("input", .array(s.spec.input.dims.map(JSON.int))),
            ("layers", .array(s.layers.map { f in
                .object([
                    ("name", .string(f.name)),
                    ("kind", .string(f.kindName)),
                    ("block", f.block.map { .int($0 + 1) } ?? .null),
                    ("output_shape", .array(f.outputShape.dims.map(JSON.int))),
                    ("params", .int(f.params)),
                    ("macs", .int(f.macs)),
                    ("flops", .int(f.flops)),
                    ("activation_bytes", .int(f.activationBytes)),
                    ("receptive_field", .int(f.receptiveField)),
                    ("jump", .int(f.jump)),
                ])
            })),
            ("totals", .object([
                ("params", .int(t.params)),
                ("macs", .int(t.macs)),
                ("flops", .int(t.flops)),
                ("param_bytes", .int(t.paramBytes)),
                ("activation_bytes", .int(t.activationBytes)),
                ("peak_bytes", .int(t.peakBytes)),
                ("input_bytes", .int(t.inputBytes)),
                ("forward_backward_bytes", .int(t.forwardBackwardBytes)),
                ("conv_params", .int(s.split.convParams)),
                ("conv_macs", .int(s.split.convMACs)),
                ("classifier_params", .int(s.split.classifierParams)),
                ("classifier_macs", .int(s.split.classifierMACs)),
                ("receptive_field", .int(s.receptiveFieldAtLastPool)),
            ])),
            ("training", training),
        ])
    }
}
