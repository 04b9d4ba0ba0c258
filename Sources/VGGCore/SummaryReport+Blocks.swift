/// The export's compact block view (its own section so other sections can be added beside it).
extension SummaryReport {
    public static func blockSection(_ s: ModelSummary) -> String {
        "## Blocks\n\n" + BlockSummary(s).table(s).markdown() + "\n" + BlockSummary.rule + "\n\n"
    }

    public static func blockText(_ s: ModelSummary, style: TextStyle = .unicode, counting tool: CountingTool = .default) -> String {
        var out = "\(TerminalSafe.escape(s.spec.name)): \(s.configurationLine)\n"
        out += "by block: \(s.spec.blocks.count) blocks, then \(s.layers.count - s.layers.count { $0.block != nil }) layers after them\n\n"
        out += BlockSummary(s).table(s, counting: tool).text(style: style) + "\n"
        out += CountingRules.wrap(BlockSummary.rule, width: 100) + "\n"
        out += CountingRules.text(counting: tool)
        return out
    }

    public static func blockMarkdown(_ s: ModelSummary, counting tool: CountingTool = .default) -> String {
        "# \(TerminalSafe.escape(s.spec.name)) by block\n\n" + configurationMarkdown(s.spec) + "\n"
            + "## Blocks\n\n" + BlockSummary(s).table(s, counting: tool).markdown() + "\n" + BlockSummary.rule + "\n\n"
            + footer(counting: tool)
    }
}
