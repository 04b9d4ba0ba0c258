/// Table 1 and Table 2 of the VGG paper, drawn from specs: one column per configuration, the
/// layers of each block top-aligned (`conv3-64`, `LRN`, `conv1-256`), `maxpool` between blocks,
/// then the classifier and soft-max; Table 2 counts the parameters exactly.
public struct PaperTable: Equatable, Sendable {
    /// A row of Table 1: one cell per column, or one cell spanning all (`maxpool`, `FC-4096`).
    public enum Row: Equatable, Sendable {
        case cells([String])
        case span(String)
    }

    public let summaries: [ModelSummary]
    public let titles: [String]
    public let rows: [Row]

    /// Block-list specs only (a layer list has no blocks to line up): throws naming the first that is not.
    public init(_ summaries: [ModelSummary]) throws(SpecError) {
        if let list = summaries.first(where: \.spec.isLayerList) {
            throw SpecError("\(list.spec.name) is a layer list; the paper's tables line up VGG blocks, so compare it "
                            + "with the others without --paper (vggscope compare vgg-a \(list.spec.name))")
        }
        self.summaries = summaries
        titles = summaries.map { Self.title($0.spec.name) }
        var rows: [Row] = []
        func add(_ cells: [String]) {
            rows.append(Set(cells).count == 1 ? .span(cells[0]) : .cells(cells))
        }
        let specs = summaries.map(\.spec)
        rows.append(.cells(summaries.map { "\($0.depth) weight" }))
        rows.append(.cells(summaries.map { _ in "layers" }))
        add(specs.map { s in
            let i = s.input
            let kind = i.channels == 3 ? "RGB" : i.channels == 1 ? "grey" : "\(i.channels)-channel"
            return "input (\(i.height) x \(i.width) \(kind) image)"
        })
        let blockCount = specs.map(\.blocks.count).max() ?? 0
        for b in 0..<blockCount {
            let columns = specs.map { s -> [String] in
                guard s.blocks.indices.contains(b) else { return [] }
                return s.blocks[b].layers.map { layer in
                    switch layer {
                    case let .conv(k, c): "conv\(k)-\(c)" + (s.batchNorm ? " BN" : "")
                    case .lrn: "LRN"
                    }
                }
            }
            let height = columns.map(\.count).max() ?? 0
            for line in 0..<height {
                rows.append(.cells(columns.map { line < $0.count ? $0[line] : "" }))
            }
            add(specs.map { $0.blocks.indices.contains(b) ? "maxpool" : "" })
        }
        let fcCount = specs.map { $0.classifier.count + 1 }.max() ?? 0
        for j in 0..<fcCount {
            add(specs.map { s in
                let widths = s.classifier + [s.classes]
                return j < widths.count ? "FC-\(widths[j])" : ""
            })
        }
        rows.append(.span("soft-max"))
        self.rows = rows
    }

    /// `vgg-a-lrn` -> `A-LRN`, `vgg-c` -> `C`; other names stay.
    static func title(_ name: String) -> String {
        guard name.hasPrefix("vgg-") else { return name }
        return String(name.dropFirst(4)).uppercased()
    }

    /// Table 2's row, and the exact counts behind it.
    public var table2: ReportTable {
        var t = ReportTable(columns: [.init("Number of parameters", .left)] + titles.map { .init($0) })
        t.rows.append(.init(["in millions"] + summaries.map { String(($0.totals.params + 500_000) / 1_000_000) }))
        t.rows.append(.init(["exact"] + summaries.map { NumberFormat.grouped($0.totals.params) }))
        t.rows.append(.init(["MACs (not in the paper)"] + summaries.map { NumberFormat.grouped($0.totals.macs) }))
        return t
    }

    public var note: String {
        let avgpool = summaries.contains { $0.spec.head == .avgpool7 }
        return (avgpool ? "Not drawn: torchvision's AdaptiveAvgPool2d(7x7) before FC-4096, the identity at 224 x 224.\n" : "")
            + "convK-C: a KxK conv (stride 1, padding K/2) to C channels, then ReLU; LRN: LocalResponseNorm(5, 1e-4, 0.75, 2);\n"
            + "maxpool: 2x2, stride 2. Params: weights + biases; MACs by torchinfo's rule.\n"
    }

    /// Table 1 boxed in text, spanning rows centred as in the paper, then Table 2.
    public func text(style: TextStyle = .unicode) -> String {
        let cellWidth = max(titles.map(\.count).max() ?? 0, rows.map { row -> Int in
            if case .cells(let c) = row { return c.map(\.count).max() ?? 0 }
            return 0
        }.max() ?? 0)
        let gap = 2
        let width = max(titles.count * (cellWidth + gap) - gap,
                        rows.map { if case .span(let s) = $0 { s.count } else { 0 } }.max() ?? 0)
        func centre(_ s: String, _ w: Int) -> String {
            let left = (w - s.count) / 2
            return String(repeating: " ", count: max(0, left)) + s + String(repeating: " ", count: max(0, w - s.count - left))
        }
        func trimmed(_ s: String) -> String { String(s.reversed().drop { $0 == " " }.reversed()) }
        func line(_ cells: [String]) -> String {
            trimmed(cells.map { centre($0, cellWidth) }.joined(separator: String(repeating: " ", count: gap)))
        }
        let rule = String(repeating: style.rule, count: width)
        var out = "Table 1: ConvNet configurations (shown in columns)\n" + rule + "\n"
        out += trimmed(centre("ConvNet Configuration", width)) + "\n" + rule + "\n"
        out += line(titles) + "\n"
        var previousWasSpan = false
        for (i, row) in rows.enumerated() {
            switch row {
            case .cells(let cells):
                if i > 0, previousWasSpan { out += rule + "\n" }
                out += line(cells) + "\n"
                previousWasSpan = false
            case .span(let s):
                out += rule + "\n" + trimmed(centre(s, width)) + "\n"
                previousWasSpan = true
            }
        }
        out += rule + "\n\nTable 2: number of parameters\n" + table2.text(style: style) + "\n" + note
        return out
    }

    /// Markdown: spanning rows repeat in every column (markdown has no colspan).
    public func markdown() -> String {
        var t = ReportTable(columns: titles.map { .init($0, .left) })
        for row in rows {
            switch row {
            case .cells(let c): t.rows.append(.init(c))
            case .span(let s): t.rows.append(.init(titles.map { _ in "**\(s)**" }))
            }
        }
        return "## Table 1: ConvNet configurations\n\n" + t.markdown() + "\n## Table 2: number of parameters\n\n"
            + table2.markdown() + "\n" + note
    }

    public func json() -> JSON {
        .object([
            ("configurations", .array(summaries.indices.map { i in
                let s = summaries[i]
                return .object([
                    ("name", .string(s.spec.name)),
                    ("title", .string(titles[i])),
                    ("weight_layers", .int(s.depth)),
                    ("blocks", .array(s.spec.blocks.map { b in
                        .array(b.layers.map { l in
                            switch l {
                            case let .conv(k, c): .string("conv\(k)-\(c)")
                            case .lrn: .string("LRN")
                            }
                        })
                    })),
                    ("classifier", .array((s.spec.classifier + [s.spec.classes]).map { .string("FC-\($0)") })),
                    ("params", .int(s.totals.params)),
                    ("params_millions", .int((s.totals.params + 500_000) / 1_000_000)),
                    ("macs", .int(s.totals.macs)),
                ])
            })),
        ])
    }
}
