/// Text, markdown and JSON renderings of a `ModelSummary`. Formatting only: every number comes from the facts.
public enum SummaryReport {
    /// `tool` chooses the rule of the counted column (torchinfo's MACs unless asked otherwise).
    public static func layerTable(_ s: ModelSummary, counting tool: CountingTool = .default) -> ReportTable {
        var table = ReportTable(columns: [
            .init("Layer", .left), .init("Kind", .left), .init("Block"), .init("Output", .left),
            .init("Params"), .init(tool.columnTitle), .init("Activation"), .init("RF"),
        ])
        for f in s.layers {
            table.rows.append(.init([
                f.name, f.kindName, f.block.map { String($0 + 1) } ?? "", f.outputShape.description,
                NumberFormat.grouped(f.params), NumberFormat.grouped(f.counts[tool]),
                NumberFormat.bytes(f.activationBytes), String(f.receptiveField),
            ]))
        }
        table.rows.append(.init(["Total", "", "", s.outputShape.description,
                                 NumberFormat.grouped(s.totals.params), NumberFormat.grouped(s.total(tool)),
                                 NumberFormat.bytes(s.totals.activationBytes), ""], isTotal: true))
        return table
    }

    public static func totalsTable(_ s: ModelSummary, counting tool: CountingTool = .default) -> ReportTable {
        let t = s.totals, split = s.split, counted = s.total(tool), countedSplit = s.split(tool)
        func row(_ name: String, _ v: Int, _ human: String, _ share: String = "") -> ReportTable.Row {
            .init([name, NumberFormat.grouped(v), human, share])
        }
        return ReportTable(columns: [.init("Quantity", .left), .init("Exact"), .init("Human"), .init("Share")], rows: [
            row("Params", t.params, NumberFormat.human(t.params)),
            row("  convolutions", split.convParams, NumberFormat.human(split.convParams), NumberFormat.percent(split.convParams, of: t.params)),
            row("  classifier", split.classifierParams, NumberFormat.human(split.classifierParams),
                NumberFormat.percent(split.classifierParams, of: t.params)),
            row(tool.columnTitle, counted, NumberFormat.human(counted)),
            row("  convolutions", countedSplit.features, NumberFormat.human(countedSplit.features),
                NumberFormat.percent(countedSplit.features, of: counted)),
            row("  classifier", countedSplit.classifier, NumberFormat.human(countedSplit.classifier),
                NumberFormat.percent(countedSplit.classifier, of: counted)),
            row(tool == .torchinfo ? "FLOPs (2 x conv/linear MACs)" : "FLOPs (2 x torchinfo conv/linear MACs)", t.flops,
                NumberFormat.human(t.flops)),
            row("Parameter memory (bytes)", t.paramBytes, NumberFormat.bytes(t.paramBytes)),
            row("Input (bytes)", t.inputBytes, NumberFormat.bytes(t.inputBytes)),
            row("Activations, all layers (bytes)", t.activationBytes, NumberFormat.bytes(t.activationBytes)),
            row("Peak inference memory (bytes)", t.peakBytes, NumberFormat.bytes(t.peakBytes)),
            row("torchinfo forward/backward pass (bytes)", t.forwardBackwardBytes, NumberFormat.bytes(t.forwardBackwardBytes)),
            row("Receptive field at last pool (px)", s.receptiveFieldAtLastPool, ""),
        ])
    }

    public static func text(_ s: ModelSummary, style: TextStyle = .unicode, counting tool: CountingTool = .default,
                            optimizer: TrainingCost.Optimizer = TrainingCost.defaultOptimizer) -> String {
        var out = "\(TerminalSafe.escape(s.spec.name)): \(s.configurationLine)\n"
        out += "depth \(s.depth) (\(s.convLayers) conv + \(s.linearLayers) linear), \(s.layers.count) layers\n\n"
        out += layerTable(s, counting: tool).text(style: style) + "\n" + totalsTable(s, counting: tool).text(style: style) + "\n"
        out += trainingText(s, style: style, optimizer: optimizer)
        out += CountingRules.text(counting: tool)
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
            Section("Comparison", c.table(timesMs: timesMs).markdown() + "\n" + comparisonCharts(c, timesMs: timesMs))
        }
    }

    /// The export document: configuration, layers, totals, any extra sections (a measured pass,
    /// a comparison), then the counting rules once.
    public static func markdown(_ s: ModelSummary, sections: [Section] = [], counting tool: CountingTool = .default,
                                optimizer: TrainingCost.Optimizer = TrainingCost.defaultOptimizer) -> String {
        var out = "# \(TerminalSafe.escape(s.spec.name)) summary\n\n"
        out += configurationMarkdown(s.spec) + "\n"
        out += blockSection(s)
        out += "## Layers\n\n" + layerTable(s, counting: tool).markdown() + "\n"
        out += "## Totals\n\n" + totalsTable(s, counting: tool).markdown() + "\n"
        out += trainingSection(s, optimizer: optimizer)
        out += countersMarkdown(s)
        out += mermaidMarkdown(s)
        for section in sections {
            out += "## \(section.title)\n\n" + section.body + "\n"
        }
        out += footer(counting: tool)
        return out
    }

    static func configurationMarkdown(_ spec: VGGSpec) -> String {
        let i = spec.input
        if let list = spec.layers {
            return """
            | Setting | Value |
            |:---|:---|
            | Input (N x C x H x W) | \(i.batch) x \(i.channels) x \(i.height) x \(i.width) |
            | Layers (\(spec.naming.rawValue) names) | \(Notation.layersText(list)) |
            | Classes | \(spec.classes) |

            """
        }
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

    static func footer(counting tool: CountingTool = .default) -> String {
        "---\n\nCounting rules:\n\n" + CountingRules.all(counting: tool).map { "- \($0)\n" }.joined()
            + "\nGenerated by vggscope \(Version.current).\n"
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
                    ("counters", countersJSON(f.counts)),
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
                ("counters", countersJSON(t.counts)),
            ])),
            ("training", training),
        ])
    }
}
