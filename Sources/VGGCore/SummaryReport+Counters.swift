/// "How other tools count this network": every counter's total beside its rule, in the export
/// and the JSON; the figures come from `ToolCounts`, the sentences from `CountingTool`.
extension SummaryReport {
    /// `{"torchinfo": N, "ptflops": N, "fvcore": N, "thop": N, "torch": N}`.
    public static func countersJSON(_ counts: ToolCounts) -> JSON {
        .object(CountingTool.allCases.map { ($0.rawValue, .int(counts[$0])) })
    }

    /// One row per tool: what it calls its figure, the figure, the gap to torchinfo and the layers
    /// behind that gap, and its rule.
    public static func countersTable(_ s: ModelSummary) -> ReportTable {
        var table = ReportTable(columns: [
            .init("Tool", .left), .init("Reports"), .init("Count"), .init("vs torchinfo"), .init("Where it differs", .left),
            .init("Rule", .left),
        ])
        for tool in CountingTool.allCases {
            let gap = s.total(tool) - s.total(.torchinfo)
            let parts = s.difference(tool, from: .torchinfo).map(\.description).joined(separator: "; ")
            table.rows.append(.init([
                tool.measured, tool.reportsAs, NumberFormat.grouped(s.total(tool)),
                tool == .torchinfo ? "" : (gap >= 0 ? "+" : "") + NumberFormat.grouped(gap),
                tool == .torchinfo ? "(reference)" : parts.isEmpty ? "same count" : parts, tool.rule,
            ]))
        }
        return table
    }

    static func countersMarkdown(_ s: ModelSummary) -> String {
        "## How other tools count this network\n\n" + countersTable(s).markdown()
            + "\nptflops counts one image (it builds its own batch of 1); the others count the whole batch of "
            + "\(s.spec.input.batch). Each figure equals what that tool reports for the same PyTorch model, "
            + "to the unit (see docs/counting.md).\n\n"
    }
}
