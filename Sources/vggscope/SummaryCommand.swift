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
    @Option(help: "layer (one row per layer) or block (one row per block, then the layers after them, like d2l's layer_summary).")
    var by: Grouping = .layer
    @OptionGroup var training: TrainingOptions
    @OptionGroup var style: StyleOptions
    @Flag(name: .customLong("what-if"),
          help: "Each block's conv stack against one conv with the same receptive field (paper §2.3): params, MACs (torchinfo's rule), ReLUs.")
    var whatIf = false
    @OptionGroup var count: CountOptions

    func run() throws {
        let summary: ModelSummary
        do { summary = try model.summary(preset: preset) } catch { throw fail(error.message) }
        if whatIf {
            guard !summary.spec.isLayerList else {
                throw fail("\(summary.spec.name) is a layer list; --what-if trades a VGG block's conv stack for one conv, "
                           + "so give a block preset like vgg16 or vgg-c")
            }
            let w = KernelWhatIf(summary)
            switch format {
            case .text:
                printOut("\(summary.spec.name): \(summary.configurationLine)\n\n" + w.text(style: style.style) + "\n"
                         + CountingRules.text())
            case .markdown:
                printOut(SummaryReport.markdown(summary, sections: [.init("What-if: stacks against single kernels",
                                                                        w.table().markdown())]))
            case .json:
                guard case .object(var fields) = SummaryReport.json(summary) else { return }
                fields.append(("what_if", w.json()))
                printOut(JSON.object(fields).rendered() + "\n")
            }
            return
        }
        let optimizer = training.optimizer
        switch (by, format) {
        case (.layer, .text): printOut(SummaryReport.text(summary, style: style.style, counting: count.tool, optimizer: optimizer))
        case (.layer, .markdown): printOut(SummaryReport.markdown(summary, counting: count.tool, optimizer: optimizer))
        case (.layer, .json): printOut(SummaryReport.json(summary, optimizer: optimizer).rendered() + "\n")
        case (.block, .text): printOut(SummaryReport.blockText(summary, style: style.style, counting: count.tool))
        case (.block, .markdown): printOut(SummaryReport.blockMarkdown(summary, counting: count.tool))
        case (.block, .json): printOut(BlockSummary(summary).json(summary).rendered() + "\n")
        }
    }
}

enum Grouping: String, ExpressibleByArgument, CaseIterable {
    case layer, block
}

/// `--optimizer`: which optimizer state the training-memory figure counts.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Optimizer for the training-memory figure: sgd (no state), momentum (1x params) or adam (2x params).")
    var optimizer: TrainingCost.Optimizer = TrainingCost.defaultOptimizer
}

extension TrainingCost.Optimizer: ExpressibleByArgument {}
