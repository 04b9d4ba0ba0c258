import VGGCore

/// The layers pane's rows: a heading per group (each block, the head, the classifier) followed
/// by its layers; folded, one row per block and then the layers after the blocks.
/// Built from the summary so the view and the reducer's scrolling agree.
public enum LayerRow: Equatable, Sendable {
    case group(title: String, block: Int?)
    case layer(index: Int, block: Int?)
    /// A whole block in one row (`BlockSummary`), when the table is folded.
    case folded(block: Int)

    public var block: Int? {
        switch self {
        case .group(_, let b), .layer(_, let b): b
        case .folded(let b): b
        }
    }

    /// The cursor stops on layers and folded blocks, not on headings.
    public var isSelectable: Bool {
        if case .group = self { false } else { true }
    }

    public static func rows(for summary: ModelSummary, folded: Bool = false) -> [LayerRow] {
        var rows: [LayerRow] = []
        var current: String?
        for (i, facts) in summary.layers.enumerated() {
            let title: String
            switch facts.layer.section {
            case .features:
                let b = facts.block ?? 0
                // A feature layer outside any block (a layer-list spec) keeps its own row.
                if folded, let block = facts.block {
                    if rows.last != .folded(block: block) { rows.append(.folded(block: block)) }
                    current = nil
                    continue
                }
                let block = summary.spec.blocks.indices.contains(b) ? summary.spec.blocks[b] : nil
                // A layer list's stages end at each max pool; they are not editable blocks.
                title = summary.spec.isLayerList ? "stage \(b + 1)"
                    : "block \(b + 1)" + (block.map { "  " + Notation.blockText($0) } ?? "")
            case .head: title = "head"
            case .classifier: title = "classifier"
            }
            if title != current {
                rows.append(.group(title: title, block: facts.layer.section == .features ? facts.block : nil))
                current = title
            }
            rows.append(.layer(index: i, block: facts.block))
        }
        return rows
    }
}
