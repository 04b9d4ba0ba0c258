/// Several models side by side: one column per model, one row per metric.
public struct Comparison: Equatable, Sendable {
    public enum Unit: Sendable { case count, bytes, plain, share }

    public struct Metric: Equatable, Sendable {
        public var name: String
        public var key: String
        public var values: [Int]
        public var unit: Unit
        /// For `.share` metrics: the whole each value is a part of.
        public var wholes: [Int]

        public func cell(_ i: Int) -> String {
            switch unit {
            case .count: NumberFormat.grouped(values[i])
            case .bytes: NumberFormat.bytes(values[i])
            case .plain: String(values[i])
            case .share: NumberFormat.percent(values[i], of: wholes[i])
            }
        }
    }

    public let summaries: [ModelSummary]
    public let metrics: [Metric]
    /// The rule of the MACs rows (torchinfo's unless asked otherwise).
    public let tool: CountingTool

    public init(_ summaries: [ModelSummary], counting tool: CountingTool = .default) {
        self.summaries = summaries
        self.tool = tool
        let macs = tool.columnTitle
        func m(_ name: String, _ key: String, _ unit: Unit, _ v: (ModelSummary) -> Int,
               whole: (ModelSummary) -> Int = { _ in 0 }) -> Metric {
            Metric(name: name, key: key, values: summaries.map(v), unit: unit, wholes: summaries.map(whole))
        }
        metrics = [
            m("Depth (weight layers)", "depth", .plain, \.depth),
            m("Conv layers", "conv_layers", .plain, \.convLayers),
            m("Params", "params", .count, \.totals.params),
            m("  conv params", "conv_params", .count, \.split.convParams),
            m("  classifier params", "classifier_params", .count, \.split.classifierParams),
            m("  classifier share of params", "classifier_params_share", .share, \.split.classifierParams, whole: \.totals.params),
            m(macs, "macs", .count, { $0.total(tool) }),
            m("  conv \(macs)", "conv_macs", .count, { $0.split(tool).features }),
            m("  classifier \(macs)", "classifier_macs", .count, { $0.split(tool).classifier }),
            m("  conv share of \(macs)", "conv_macs_share", .share, { $0.split(tool).features }, whole: { $0.total(tool) }),
            m(tool == .torchinfo ? "FLOPs (2 x conv/linear MACs)" : "FLOPs (2 x torchinfo conv/linear MACs)", "flops",
              .count, \.totals.flops),
            m("Parameter memory", "param_bytes", .bytes, \.totals.paramBytes),
            m("Activations, all layers", "activation_bytes", .bytes, \.totals.activationBytes),
            m("Peak inference memory", "peak_bytes", .bytes, \.totals.peakBytes),
            m("Receptive field at last pool (px)", "receptive_field", .plain, \.receptiveFieldAtLastPool),
        ]
    }

    public var names: [String] { summaries.map(\.spec.name) }

    /// `times` adds a measured forward-pass row (ms, nil where not measured). Block lists are wide,
    /// so narrow renderings leave them out and print `legend` instead.
    public func table(timesMs: [Double?]? = nil, includeBlocks: Bool = true) -> ReportTable {
        var table = ReportTable(columns: [.init("Metric", .left)] + names.map { .init($0) })
        table.rows.append(.init(["Input"] + summaries.map { TensorShape($0.spec.input.dims).fullDescription }))
        if includeBlocks {
            // A layer list (AlexNet) has no blocks: its cell is its layer list, and the row says so.
            let label = summaries.contains { $0.spec.layers != nil } ? "Blocks / layers" : "Blocks"
            table.rows.append(.init([label] + summaries.map { $0.spec.structureText }))
        }
        for metric in metrics {
            table.rows.append(.init([metric.name] + summaries.indices.map(metric.cell)))
        }
        if let times = timesMs {
            table.rows.append(.init(["Forward time (ms)"] + times.map { $0.map { NumberFormat.fixed($0, decimals: 1) } ?? "-" }))
        }
        return table
    }

    /// `vgg11  blocks 1x64,1x128,...`: one line per model.
    public var legend: String {
        let names = self.names.map(TerminalSafe.escape)
        let width = names.map(\.count).max() ?? 0
        return zip(names, summaries).map { name, s in
            let pad = name + String(repeating: " ", count: width - name.count)
            if s.spec.isLayerList { return pad + "  layers " + s.spec.structureText }
            return pad + "  blocks " + Notation.blocksText(s.spec.blocks)
                + (s.spec.batchNorm ? " + batch norm" : "") + ", head " + s.spec.head.rawValue
        }.joined(separator: "\n") + "\n"
    }

    public func text(style: TextStyle = .unicode) -> String {
        legend + "\n" + table(includeBlocks: false).text(style: style) + "\n" + CountingRules.text(counting: tool)
    }

    public func markdown(timesMs: [Double?]? = nil) -> String {
        "# Comparison: \(names.map(TerminalSafe.escape).joined(separator: ", "))\n\n" + table(timesMs: timesMs).markdown() + "\n"
            + SummaryReport.comparisonCharts(self, timesMs: timesMs) + "\n" + SummaryReport.footer(counting: tool)
    }

    public func json() -> JSON {
        .object([
            ("models", .array(summaries.enumerated().map { i, s in
                var fields: [(String, JSON)] = [
                    ("name", .string(s.spec.name)),
                    ("input", .array(s.spec.input.dims.map(JSON.int))),
                ]
                if let list = s.spec.layers {
                    fields.append(("layers", .array(list.map { .string(Notation.layerText($0)) })))
                } else {
                    fields.append(("blocks", .array(s.spec.blocks.map(\.json))))
                }
                for metric in metrics where metric.unit != .share { fields.append((metric.key, .int(metric.values[i]))) }
                fields.append(("counted_by", .string(tool.rawValue)))
                fields.append(("counters", SummaryReport.countersJSON(s.totals.counts)))
                return .object(fields)
            })),
        ])
    }
}
