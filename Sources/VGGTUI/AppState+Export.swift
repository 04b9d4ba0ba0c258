import VGGCore
import VGGRuntime

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
            sections.append(.init("Forward pass (measured)", timingTable(timing).markdown() + "\n" + timingNotes(timing)))
        }
        if screen == .compare {
            let presets = comparedSummaries.compactMap { $0 }
            let times = (presets + [summary]).map { timings[$0.spec]?.totalMilliseconds }
            sections.append(.comparison(Comparison(presets + [yours]), timesMs: times))
        }
        return SummaryReport.markdown(yours, sections: sections)
    }

    func timingTable(_ timing: RunResult) -> ReportTable {
        func opt(_ v: Double?, _ decimals: Int) -> String { v.map { NumberFormat.fixed($0, decimals: decimals) } ?? "" }
        var table = ReportTable(columns: [.init("Layer", .left), .init("Kind", .left), .init("ms"), .init("GFLOP/s"),
                                          .init("FLOP/B"), .init("roof GFLOP/s"), .init("% roof"), .init("Algorithm", .left)])
        for facts in summary.layers {
            guard let t = timing.timing(for: facts.name) else { continue }
            table.rows.append(.init([facts.name, facts.kindName, NumberFormat.fixed(t.milliseconds, decimals: 3),
                                     opt(t.gflops, 1), opt(t.intensity, 1), opt(t.roofGFLOPs, 1),
                                     t.roofPercent.map(LayersPane.percentText) ?? "", t.algorithm]))
        }
        let flops = summary.totals.flops
        let rate = timing.totalMilliseconds > 0 ? Double(flops) / (timing.totalMilliseconds * 1e6) : 0
        table.rows.append(.init(["Total", "", NumberFormat.fixed(timing.totalMilliseconds, decimals: 3),
                                 NumberFormat.fixed(rate, decimals: 1), "", "", "", ""], isTotal: true))
        return table
    }

    /// Under the timing table: the machine's peaks and how the roofline columns are counted.
    func timingNotes(_ timing: RunResult) -> String {
        let machine = timing.machine.map {
            "Machine: GEMM peak \(NumberFormat.fixed($0.gemmGFLOPs, decimals: 1)) GFLOP/s, memory bandwidth "
                + "\(NumberFormat.fixed($0.bandwidthGBs, decimals: 1)) GB/s (short probe at the session's first run)."
        } ?? "Machine peaks not measured, so no roof."
        return machine + "\n\n" + LayerPerformance.rule + "\n"
    }
}
