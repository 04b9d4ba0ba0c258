import ArgumentParser
import VGGCore

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Per-layer output shapes, params, MACs, memory and receptive field, with totals.")

    @Argument(help: "A built-in preset (vgg11, vgg16_bn, d2l-vgg11, ...) or a preset JSON file. Default: vgg11.")
    var preset: String?

    @OptionGroup var model: ModelOptions
    @Option(help: "text, markdown or json.") var format: OutputFormat = .text
    @OptionGroup var style: StyleOptions
    @OptionGroup var count: CountOptions

    func run() throws {
        let summary: ModelSummary
        do { summary = try model.summary(preset: preset) } catch { throw fail(error.message) }
        switch format {
        case .text: printOut(SummaryReport.text(summary, style: style.style, counting: count.tool))
        case .markdown: printOut(SummaryReport.markdown(summary, counting: count.tool))
        case .json: printOut(SummaryReport.json(summary).rendered() + "\n")
        }
    }
}
