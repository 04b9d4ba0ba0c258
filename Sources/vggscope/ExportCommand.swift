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

    @Flag(help: "Append a comparison with VGG-11/13/16/19.")
    var compare = false

    @OptionGroup var training: TrainingOptions

    func run() throws {
        let summary: ModelSummary
        do { summary = try model.summary(preset: preset) } catch { throw fail(error.message) }
        var sections: [SummaryReport.Section] = []
        if compare {
            let four = Presets.paperFour.compactMap { Presets.named($0) }.compactMap { try? ModelSummary(spec: $0) }
            sections.append(.comparison(Comparison(four.contains { $0.spec == summary.spec } ? four : four + [summary])))
        }
        let document = SummaryReport.markdown(summary, sections: sections, optimizer: training.optimizer)
        let path = output ?? "./\(summary.spec.name)-summary.md"
        if path == "-" {
            printOut(document)
            return
        }
        do { try AtomicFile.write(document, to: path) } catch { throw fail(error.message) }
        printOut("wrote \(path)\n")
    }
}
