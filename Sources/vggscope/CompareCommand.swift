import ArgumentParser
import VGGCore

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Several models side by side: depth, conv/classifier split of params and MACs, memory, receptive field.")

    @Argument(help: "Presets or preset files. Default: vgg11 vgg13 vgg16 vgg19.")
    var models: [String] = []

    @Option(help: "Input for every model, CxHxW or NxCxHxW (default: each model's own).") var input: String?
    @Option(help: "text, markdown or json.") var format: OutputFormat = .text
    @OptionGroup var style: StyleOptions
    @OptionGroup var count: CountOptions

    func run() throws {
        var summaries: [ModelSummary] = []
        do {
            let shape = try input.map(Notation.input)
            for name in models.isEmpty ? Presets.paperFour : models {
                var spec = try Presets.load(name)
                if let shape { spec.input = shape }
                summaries.append(try ModelSummary(spec: spec))
            }
        } catch {
            throw fail(error.message)
        }
        let comparison = Comparison(summaries, counting: count.tool)
        switch format {
        case .text: printOut(comparison.text(style: style.style))
        case .markdown: printOut(comparison.markdown())
        case .json: printOut(comparison.json().rendered() + "\n")
        }
    }
}
