import ArgumentParser
import VGGCore

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Several models side by side: depth, conv/classifier split of params and MACs, memory, receptive field.")

    @Argument(help: ArgumentHelp("Presets or preset files (alexnet and d2l-alexnet too). Default: vgg11 vgg13 vgg16 vgg19; "
                                 + "with --paper, the paper's A, A-LRN, B, C, D, E."))
    var models: [String] = []

    @Flag(help: ArgumentHelp("Print the paper's Table 1 (a column per configuration: conv3-64, LRN, conv1-256, maxpool, "
                             + "FC-4096, soft-max) and Table 2 (parameters, exact)."))
    var paper = false

    @Option(help: "Input for every model, CxHxW or NxCxHxW (default: each model's own).") var input: String?
    @Option(help: "text, markdown or json.") var format: OutputFormat = .text
    @OptionGroup var style: StyleOptions
    @OptionGroup var count: CountOptions

    func run() throws {
        var summaries: [ModelSummary] = []
        do {
            let shape = try input.map(Notation.input)
            for name in models.isEmpty ? (paper ? Presets.paperSix : Presets.paperFour) : models {
                var spec = try Presets.load(name)
                if let shape { spec.input = shape }
                summaries.append(try ModelSummary(spec: spec))
            }
        } catch {
            throw fail(error.message)
        }
        if paper {
            let table: PaperTable
            do { table = try PaperTable(summaries) } catch { throw fail(error.message) }
            switch format {
            case .text: printOut(table.text(style: style.style))
            case .markdown: printOut(table.markdown())
            case .json: printOut(table.json().rendered() + "\n")
            }
            return
        }
        let comparison = Comparison(summaries, counting: count.tool)
        switch format {
        case .text: printOut(comparison.text(style: style.style))
        case .markdown: printOut(comparison.markdown())
        case .json: printOut(comparison.json().rendered() + "\n")
        }
    }
}
