/// Mermaid blocks for the markdown export (GitHub and GitLab draw them): a flowchart of the
/// blocks with their output shapes, bar charts of params and MACs per weight layer, and the
/// comparison's charts. Labels are quoted and escaped with mermaid's `#code;` entities.
extension SummaryReport {
    /// The export's architecture sections (a flowchart, then the two bar charts).
    public static func mermaidMarkdown(_ s: ModelSummary) -> String {
        "## Architecture\n\n" + fenced(flowchart(s)) + "\n" + barChartsMarkdown(s)
    }

    static func fenced(_ body: String) -> String { "```mermaid\n" + body + "```\n" }

    /// `flowchart LR`: input, one node per block, the head, the classifier; colours as in `diagram`.
    public static func flowchart(_ s: ModelSummary) -> String {
        let elements = DiagramElement.elements(of: s, by: .block)
        var nodes: [(lines: [String], kind: DiagramElement.Kind)] = []
        var i = 0
        while i < elements.count {
            let e = elements[i]
            switch e.group {
            case .input, .block, .features:
                nodes.append((e.lines, e.kind))
                i += 1
            case .head, .classifier:
                // The head's and the classifier's layers share a node each: `FC-4096, FC-4096, FC-1000`.
                var j = i
                while j < elements.count, elements[j].group == e.group { j += 1 }
                let run = elements[i..<j]
                let kind: DiagramElement.Kind = e.group == .classifier ? .linear : run.first!.kind
                nodes.append(([e.group.title + ": " + run.map { $0.lines[0] }.joined(separator: ", "),
                               run.last!.shape.description], kind))
                i = j
            }
        }
        var out = "flowchart LR\n"
        for (n, node) in nodes.enumerated() {
            let label = node.lines.map(mermaidEscape).joined(separator: "<br/>")
            out += "    n\(n)[\"\(label)\"]:::\(node.kind.rawValue)\n"
        }
        if nodes.count > 1 {
            out += "    " + nodes.indices.map { "n\($0)" }.joined(separator: " --> ") + "\n"
        }
        let theme = DiagramTheme.light
        var seen: [DiagramElement.Kind] = []
        for node in nodes where !seen.contains(node.kind) { seen.append(node.kind) }
        for kind in seen {
            out += "    classDef \(kind.rawValue) fill:\(theme.fill(kind)),stroke:\(theme.stroke(kind)),color:#ffffff\n"
        }
        return out
    }

    /// Weight layers (Conv2d, Linear) with their BatchNorm's params added to the conv before it;
    /// `conv{block}_{i}` and `fc{j}` name them as the VGG paper does. Past `maxBars`, one bar per block.
    public static func weightBars(_ s: ModelSummary, maxBars: Int = 24) -> [(name: String, params: Int, macs: Int)] {
        var bars: [(name: String, params: Int, macs: Int)] = []
        var convInBlock: [Int: Int] = [:]
        var convs = 0, linears = 0
        for f in s.layers {
            switch f.layer.op {
            case .conv2d:
                convs += 1
                let name: String
                if let b = f.block {
                    convInBlock[b, default: 0] += 1
                    name = "conv\(b + 1)_\(convInBlock[b]!)"
                } else {
                    name = "conv\(convs)"
                }
                bars.append((name, f.params, f.macs))
            case .linear:
                linears += 1
                bars.append(("fc\(linears)", f.params, f.macs))
            case .batchNorm2d, .relu, .maxPool2d, .adaptiveAvgPool2d, .flatten, .dropout, .localResponseNorm:
                guard f.params > 0 || f.macs > 0 else { continue }
                if bars.isEmpty { bars.append((f.name, 0, 0)) }
                bars[bars.count - 1].params += f.params
                bars[bars.count - 1].macs += f.macs
            }
        }
        guard bars.count > maxBars else { return bars }
        var blocks: [(name: String, params: Int, macs: Int)] = []
        var fcs = 0
        for f in s.layers where f.params > 0 || f.macs > 0 {
            var name: String?
            if case .linear = f.layer.op {
                fcs += 1
                name = "fc\(fcs)"
            } else if f.layer.section == .features, let b = f.block {
                name = "block\(b + 1)"
            }
            // A layer outside the blocks (a BatchNorm in the head) joins the bar before it.
            if let n = name, blocks.last?.name != n || n.hasPrefix("fc") {
                blocks.append((n, f.params, f.macs))
            } else if blocks.isEmpty {
                blocks.append((f.name, f.params, f.macs))
            } else {
                blocks[blocks.count - 1].params += f.params
                blocks[blocks.count - 1].macs += f.macs
            }
        }
        return blocks
    }

    static func barChartsMarkdown(_ s: ModelSummary) -> String {
        let bars = weightBars(s)
        guard !bars.isEmpty else { return "" }
        let perBlock = bars.contains { $0.name.hasPrefix("block") }
        let unit = perBlock ? "block" : "layer"
        let names = bars.map(\.name)
        var out = "## Params and MACs per \(unit)\n\n"
        let p = ChartScale(bars.map(\.params), top: .millions), m = ChartScale(bars.map(\.macs), top: .millions)
        out += fenced(barChart(title: "Params per \(unit) (\(p.word))", axis: "params\(p.axisSuffix)", names: names,
                               values: bars.map { p.value($0.params) }, decimals: p.decimals))
        out += "\n"
        out += fenced(barChart(title: "MACs per \(unit) (\(m.word), torchinfo mult-adds)", axis: "MACs\(m.axisSuffix)", names: names,
                               values: bars.map { m.value($0.macs) }, decimals: m.decimals))
        out += "\n"
        let hasBN = s.spec.batchNorm || s.layers.contains { if case .batchNorm2d = $0.layer.op { true } else { false } }
        out += perBlock
            ? "One bar per block (too many layers for one each), then one per Linear (`fcJ`); "
            : "`convB_I` is the I-th convolution of block B\(hasBN ? " (with its BatchNorm's params and MACs)" : ""), "
              + "`fcJ` the J-th Linear; "
        out += "exact counts are in the tables above.\n\n"
        return out
    }

    static func barChart(title: String, axis: String, names: [String], values: [Double], decimals: Int = 3) -> String {
        "xychart-beta\n"
            + "    title \"\(chartText(title))\"\n"
            + "    x-axis [" + names.map { "\"\(chartText($0))\"" }.joined(separator: ", ") + "]\n"
            + "    y-axis \"\(chartText(axis))\"\n"
            + "    bar [" + values.map { NumberFormat.fixed($0, decimals: decimals) }.joined(separator: ", ") + "]\n"
    }

    /// The comparison's charts: params, MACs and, for the models measured, forward time.
    public static func comparisonCharts(_ c: Comparison, timesMs: [Double?]? = nil) -> String {
        let names = c.names
        let p = ChartScale(c.summaries.map(\.totals.params), top: .millions)
        let m = ChartScale(c.summaries.map(\.totals.macs), top: .billions)
        var out = fenced(barChart(title: "Params (\(p.word))", axis: "params\(p.axisSuffix)", names: names,
                                  values: c.summaries.map { p.value($0.totals.params) }, decimals: p.decimals))
        out += "\n" + fenced(barChart(title: "MACs (\(m.word), torchinfo mult-adds)", axis: "MACs\(m.axisSuffix)", names: names,
                                      values: c.summaries.map { m.value($0.totals.macs) }, decimals: m.decimals))
        if let times = timesMs {
            let measured = zip(names, times).compactMap { name, t in t.map { (name, $0) } }
            if !measured.isEmpty {
                out += "\n" + fenced(barChart(title: "Forward pass, batch as configured (ms, measured)", axis: "ms",
                                              names: measured.map(\.0), values: measured.map(\.1)))
            }
        }
        return out
    }

    /// Inside a quoted flowchart label: mermaid's entity codes for the characters it would parse.
    static func mermaidEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "`": out += "#96;"
            default: out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
            }
        }
        return out
    }

    /// xychart strings have no escapes: quotes become apostrophes, control characters spaces.
    static func chartText(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\"" ? "'" : ($0.value < 0x20 || $0.value == 0x7F ? " " : $0) }))
    }
}

/// The unit of a chart's bars: the largest, up to `top`, that the biggest bar reaches, so VGG's charts read in
/// millions (or billions) and a tiny network's bars are not all 0.000.
struct ChartScale {
    enum Unit: Int { case ones = 1, thousands = 1_000, millions = 1_000_000, billions = 1_000_000_000 }
    let unit: Unit

    init(_ values: [Int], top: Unit) {
        let largest = values.max() ?? 0
        let units: [Unit] = [.billions, .millions, .thousands, .ones].filter { $0.rawValue <= top.rawValue }
        unit = units.first { largest >= $0.rawValue } ?? .ones
    }

    var word: String {
        switch unit {
        case .ones: "count"
        case .thousands: "thousands"
        case .millions: "millions"
        case .billions: "billions"
        }
    }

    var axisSuffix: String {
        switch unit {
        case .ones: ""
        case .thousands: " (K)"
        case .millions: " (M)"
        case .billions: " (G)"
        }
    }

    func value(_ n: Int) -> Double { Double(n) / Double(unit.rawValue) }

    /// Whole counts need no decimals.
    var decimals: Int { unit == .ones ? 0 : 3 }
}

