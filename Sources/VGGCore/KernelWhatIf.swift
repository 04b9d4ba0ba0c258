/// The paper's §2.3 argument, computed: a block's stack of small convs against one conv with the
/// same receptive field. Three 3x3 convs see 7x7 like one 7x7 conv, with 27C² instead of 49C²
/// weights and three ReLUs instead of one; a 1x1 adds a ReLU without widening the field.
public struct KernelWhatIf: Equatable, Sendable {
    /// One version of a block, as it sits in the network (same input, same width, same map size).
    public struct Version: Equatable, Sendable {
        public var block: Block
        /// Conv kernel sizes in order, and the field the stack covers (1 + the sum of k - 1).
        public var kernels: [Int]
        public var field: Int
        /// The block's params and MACs by torchinfo's rule (BatchNorm included when the spec has it);
        /// nil when this version does not fit the network (`problem` says why).
        public var params: Int?
        public var macs: Int?
        public var relus: Int
    }

    public struct Row: Equatable, Sendable {
        /// 0-based block index.
        public var block: Int
        public var stack: Version
        public var single: Version
        /// Why the single-kernel version cannot be built here (a kernel larger than the map).
        public var problem: String?

        /// Params the stack saves against the single conv (negative when the stack costs more).
        public var paramsSaved: Int? {
            guard let a = single.params, let b = stack.params else { return nil }
            return a - b
        }
        public var macsSaved: Int? {
            guard let a = single.macs, let b = stack.macs else { return nil }
            return a - b
        }
        /// A block of one conv has nothing to trade.
        public var isTrade: Bool { stack.kernels.count > 1 }
    }

    public let rows: [Row]
    /// Whole-network totals as specified, and with every block replaced by its single conv
    /// (nil when some block's single conv does not fit).
    public let asIs: Totals
    public let allSingle: Totals?

    /// Every block of a block-list spec; none for a layer list.
    public init(_ summary: ModelSummary) {
        let spec = summary.spec
        var rows: [Row] = []
        var everySingle = spec
        for (b, block) in spec.blocks.enumerated() where !spec.isLayerList {
            let single = block.singleKernel
            everySingle.blocks[b] = single
            var variant = spec
            variant.blocks[b] = single
            let other: Result<ModelSummary, SpecError> = Result { () throws(SpecError) in try ModelSummary(spec: variant) }
            let problem: String? = if case .failure(let e) = other { e.message } else { nil }
            rows.append(Row(block: b, stack: Self.version(block, b, summary),
                            single: Self.version(single, b, try? other.get()), problem: problem))
        }
        self.rows = rows
        asIs = summary.totals
        allSingle = spec.isLayerList ? nil : (try? ModelSummary(spec: everySingle))?.totals
    }

    private static func version(_ block: Block, _ b: Int, _ summary: ModelSummary?) -> Version {
        let facts = summary?.layers.filter { $0.block == b }
        return Version(block: block, kernels: block.kernels, field: block.stackField,
                       params: facts?.reduce(0) { $0 + $1.params }, macs: facts?.reduce(0) { $0 + $1.macs },
                       relus: block.convs)
    }

    /// The table `summary --what-if` prints.
    public func table() -> ReportTable {
        func n(_ v: Int?) -> String { v.map(NumberFormat.grouped) ?? "-" }
        /// `-24.0% (0.76x)`: the stack's cost against the single conv's.
        func ratio(_ stack: Int?, _ single: Int?) -> String {
            guard let stack, let single, single > 0 else { return "-" }
            let r = Double(stack) / Double(single)
            return (stack <= single ? "-" : "+") + NumberFormat.percent(abs(stack - single), of: single)
                + " (" + NumberFormat.fixed(r, decimals: 2) + "x)"
        }
        var t = ReportTable(columns: [
            .init("Block"), .init("Stack", .left), .init("Field"), .init("Params"), .init("MACs"), .init("ReLUs"),
            .init("Single", .left), .init("Params"), .init("MACs"), .init("ReLUs"),
            .init("Stack vs single: params", .left), .init("MACs", .left),
        ])
        for r in rows {
            t.rows.append(.init([
                String(r.block + 1), Notation.blockText(r.stack.block), "\(r.stack.field)x\(r.stack.field)",
                n(r.stack.params), n(r.stack.macs), String(r.stack.relus),
                Notation.blockText(r.single.block), n(r.single.params), n(r.single.macs), String(r.single.relus),
                r.isTrade ? ratio(r.stack.params, r.single.params) : "one conv: nothing to trade",
                r.isTrade ? ratio(r.stack.macs, r.single.macs) : "",
            ]))
        }
        return t
    }

    public func text(style: TextStyle = .unicode) -> String {
        var out = "What-if (paper §2.3): each block's stack of convs against one conv covering the same field\n"
        out += "(kernel 1 + sum of (k - 1), stride 1, padding k/2, the block's width; LRN kept after it).\n"
        out += "Field: the square of input pixels, at the block's own resolution, one output sees through the block.\n\n"
        out += table().text(style: style)
        for r in rows {
            if let p = r.problem { out += "\(Notation.blockText(r.single.block)) does not fit: \(p)\n" }
        }
        out += "\nThe paper counts C channels in and out (27C² against 49C² weights for a 7x7 field). A block that widens\n"
            + "pays for its later convs at the new width: most of all the first (3 -> 64), where one big kernel is cheaper.\n"
        if let all = allSingle {
            out += "\nWhole network: as specified \(NumberFormat.grouped(asIs.params)) params, "
                + "\(NumberFormat.grouped(asIs.macs)) MACs; every block as one conv \(NumberFormat.grouped(all.params)) params, "
                + "\(NumberFormat.grouped(all.macs)) MACs.\n"
        } else {
            out += "\nWhole network: not every block's single conv fits at this input (see above).\n"
        }
        return out
    }

    public func json() -> JSON {
        func version(_ v: Version) -> JSON {
            .object([
                ("block", .string(Notation.blockText(v.block))),
                ("kernels", .array(v.kernels.map(JSON.int))),
                ("field", .int(v.field)),
                ("params", v.params.map(JSON.int) ?? .null),
                ("macs", v.macs.map(JSON.int) ?? .null),
                ("relus", .int(v.relus)),
            ])
        }
        return .object([
            ("blocks", .array(rows.map { r in
                .object([
                    ("block", .int(r.block + 1)),
                    ("stack", version(r.stack)),
                    ("single", version(r.single)),
                    ("params_saved", r.paramsSaved.map(JSON.int) ?? .null),
                    ("macs_saved", r.macsSaved.map(JSON.int) ?? .null),
                    ("problem", r.problem.map(JSON.string) ?? .null),
                ])
            })),
            ("as_is", .object([("params", .int(asIs.params)), ("macs", .int(asIs.macs))])),
            ("all_single", allSingle.map { .object([("params", .int($0.params)), ("macs", .int($0.macs))]) } ?? .null),
        ])
    }
}

extension Block {
    /// One conv covering the stack's field, at the block's width; LRN layers follow it.
    public var singleKernel: Block {
        guard convs >= 1, invalidConvCount == nil else { return self }
        let lrns = layers.filter { if case .lrn = $0 { true } else { false } }
        return Block(layers: [.conv(kernel: stackField, channels: channels)] + lrns)
    }

    /// A single k x k conv (k odd, > 3) as the (k - 1) / 2 stacked 3x3 convs that see as far; LRN
    /// layers follow the first. Nil for anything else.
    public var threeByThreeStack: Block? {
        guard invalidConvCount == nil, kernels.count == 1, let k = kernels.first, k > 3, k % 2 == 1 else { return nil }
        let convs = Array(repeating: BlockLayer.conv(kernel: 3, channels: channels), count: (k - 1) / 2)
        let lrns = layers.filter { if case .lrn = $0 { true } else { false } }
        return Block(layers: [convs[0]] + lrns + convs.dropFirst())
    }
}
