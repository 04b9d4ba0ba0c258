import VGGCore

extension AppState {
    /// The markdown `e` writes: the core's summary report, the measured pass if there is one,
    /// and the comparison when the compare view is on screen.
    public func exportMarkdown() -> String {
        // An edited preset must not pass for the preset itself, in the title or its own column.
        var yours = summary
        if isModified, case .preset(let preset) = origin, preset == summary.spec.name {
            var renamed = summary.spec
            renamed.name += " (edited)"
            yours = (try? ModelSummary(spec: renamed)) ?? summary
        }
        var sections: [SummaryReport.Section] = []
        if let timing = currentTiming {
            sections.append(.init("Forward pass (measured)", timingTable(timing).markdown()))
        }
        if screen == .compare {
            let times = (comparison + [summary]).map { timings[$0.spec]?.totalMilliseconds }
            sections.append(.comparison(Comparison(comparison + [yours]), timesMs: times))
        }
        return SummaryReport.markdown(yours, sections: sections)
    }

    func timingTable(_ timing: RunResult) -> ReportTable {
        var table = ReportTable(columns: [.init("Layer", .left), .init("Kind", .left), .init("ms"), .init("GFLOP/s"),
                                          .init("Algorithm", .left)])
        for facts in summary.layers {
            guard let t = timing.timing(for: facts.name) else { continue }
            table.rows.append(.init([facts.name, facts.kindName, NumberFormat.fixed(t.milliseconds, decimals: 3),
                                     t.gflops.map { NumberFormat.fixed($0, decimals: 1) } ?? "", t.algorithm]))
        }
        let flops = summary.totals.flops
        let rate = timing.totalMilliseconds > 0 ? Double(flops) / (timing.totalMilliseconds * 1e6) : 0
        table.rows.append(.init(["Total", "", NumberFormat.fixed(timing.totalMilliseconds, decimals: 3),
                                 NumberFormat.fixed(rate, decimals: 1), ""], isTotal: true))
        return table
    }
}
