import ArgumentParser
import VGGCore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a markdown document: configuration, per-layer table, totals and the counting rules.")

    @Argument(help: "A built-in preset or a preset JSON file. Default: vgg11.")
    var preset: String?

    @OptionGroup var model: ModelOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, or - for stdout. Default: ./NAME-summary.md", valueName: "FILE.md"))
    var output: String?

    @OptionGroup var count: CountOptions

    @Flag(help: "Append a comparison with VGG-11/13/16/19.")
    var compare = false

    @OptionGroup var training: TrainingOptions

    @Flag(help: "Also write the architecture diagram as FILE.svg beside the markdown and embed it with a relative link.")
    var svg = false

    @Option(help: "With --svg: one diagram box per layer or per block.")
    var by: DiagramGrouping = .layer

    @Option(help: "With --svg: light or dark page.")
    var theme: DiagramTheme.Name = .light

    func run() throws {
        let summary: ModelSummary
        do { summary = try model.summary(preset: preset) } catch { throw fail(error.message) }
        // The name comes from a file anyone can write: only a sanitised stem ever reaches the path.
        let path = output ?? "./\(OutputPaths.fileStem(summary.spec.name))-summary.md"
        if svg, path == "-" {
            throw fail("--svg writes the diagram beside the markdown file; give one with -o FILE.md instead of -")
        }
        let svgPath = SummaryReport.diagramPath(besideMarkdown: path)
        var sections: [SummaryReport.Section] = []
        if svg { sections.append(.diagram(summary, svgPath: svgPath)) }
        if compare {
            let four = Presets.paperFour.compactMap { Presets.named($0) }.compactMap { try? ModelSummary(spec: $0) }
            sections.append(.comparison(Comparison(four.contains { $0.spec == summary.spec } ? four : four + [summary], counting: count.tool)))
        }
        let document = SummaryReport.markdown(summary, sections: sections, counting: count.tool, optimizer: training.optimizer)
        if path == "-" {
            printOut(document)
            return
        }
        do {
            // Both paths checked before either is written (a markdown path at /dev/full must not leave
            // /dev/full.svg behind); then the picture first, so the markdown never links to a missing file.
            if svg { try AtomicFile.check(path) }
            if svg { try AtomicFile.write(SummaryReport.diagramSVG(summary, by: by, theme: .named(theme)), to: svgPath) }
            try AtomicFile.write(document, to: path)
        } catch { throw fail(error.message) }
        printOut("wrote \(TerminalSafe.escape(path))\n" + (svg ? "wrote \(TerminalSafe.escape(svgPath))\n" : ""))
    }
}
