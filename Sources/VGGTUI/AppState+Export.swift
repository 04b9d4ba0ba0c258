import VGGCore

extension AppState {
    /// The markdown `e` writes: the core's summary report, the measured pass if there is one,
    /// and the comparison when the compare view is on screen.
    /// `diagramPath`: the SVG written beside it, linked from a section.
    public func exportMarkdown(diagramPath: String? = nil) -> String {
        let yours = exportedSummary
        var sections: [SummaryReport.Section] = []
        if let diagramPath { sections.append(.diagram(yours, svgPath: diagramPath)) }
        if let timing = currentTiming {
            sections.append(.init("Forward pass (measured)", timingTable(timing).markdown() + "\n" + timingNotes(timing)))
        }
        if screen == .compare {
            let presets = comparedSummaries.compactMap { $0 }
            let times = (presets + [summary]).map { timings[$0.spec]?.totalMilliseconds }
            sections.append(.comparison(Comparison(presets + [yours], counting: counting), timesMs: times))
        }
        return SummaryReport.markdown(yours, sections: sections, counting: counting)
    }

    /// An edited preset must not pass for the preset itself, in the title or its own column.
    var exportedSummary: ModelSummary {
        guard isModified, case .preset(let preset) = origin, preset == summary.spec.name else { return summary }
        var renamed = summary.spec
        renamed.name += " (edited)"
        return (try? ModelSummary(spec: renamed)) ?? summary
    }

    /// The writes of an export, the picture before the markdown that links to it.
    mutating func exportEffects(_ path: String, format: ExportFormat) -> [Effect] {
        let files = format.files(for: path)
        exportBatch = ExportBatch(files: files)
        message = Message("exporting \(files.joined(separator: " and "))…")
        let yours = exportedSummary
        let svg = { SummaryReport.diagramSVG(yours) }
        switch format {
        case .markdown:
            return [.write(FileWrite(kind: .export, path: path, contents: exportMarkdown()))]
        case .markdownAndSVG:
            return [.write(FileWrite(kind: .export, path: files[0], contents: svg())),
                    .write(FileWrite(kind: .export, path: path, contents: exportMarkdown(diagramPath: files[0])))]
        case .svg:
            return [.write(FileWrite(kind: .export, path: path, contents: svg()))]
        }
    }

    /// The status line once an export's file is written or fails: every file written so far,
    /// and a failure stays on screen until the batch ends.
    mutating func exportFinished(_ path: String, failure: String? = nil) -> Message {
        guard var batch = exportBatch, batch.files.contains(path) else {
            return failure.map { Message($0, isError: true) } ?? Message("exported \(path)")
        }
        if let failure { batch.failure = batch.failure ?? failure } else { batch.written.append(path) }
        let done = batch.files.allSatisfy { batch.written.contains($0) } || batch.failure != nil && path == batch.files.last
        exportBatch = done ? nil : batch
        let written = batch.written.isEmpty ? "" : "exported " + batch.written.joined(separator: " and ")
        guard let error = batch.failure else { return Message(written) }
        return Message(written.isEmpty ? error : written + "; " + error, isError: true)
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
        return machine + "\n\n" + CountingRules.roofline + "\n"
    }
}
