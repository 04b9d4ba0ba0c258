/// The training-cost table under the totals (text) and its own export section (markdown).
extension SummaryReport {
    static func trainingText(_ s: ModelSummary, style: TextStyle, optimizer: TrainingCost.Optimizer) -> String {
        guard let cost = try? TrainingCost(s, optimizer: optimizer) else { return "" }
        return cost.table().text(style: style) + CountingRules.wrap(TrainingCost.macsRule, width: 100) + "\n"
            + CountingRules.wrap(TrainingCost.memoryRule, width: 100) + "\n\n"
    }

    public static func trainingSection(_ s: ModelSummary, optimizer: TrainingCost.Optimizer) -> String {
        guard let cost = try? TrainingCost(s, optimizer: optimizer) else { return "" }
        return "## Training cost (one step, \(optimizer.label))\n\n" + cost.table().markdown() + "\n- "
            + TrainingCost.macsRule + "\n- " + TrainingCost.memoryRule + "\n\n"
    }
}
