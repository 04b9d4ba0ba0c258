import ArgumentParser
import VGGCore

struct DiagramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Draw the architecture as a self-contained SVG: one box per layer (or block), shapes, totals.")

    @Argument(help: "A built-in preset or a preset JSON file. Default: vgg11.")
    var preset: String?

    @OptionGroup var model: ModelOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, or - for stdout. Default: ./NAME-diagram.svg", valueName: "FILE.svg"))
    var output: String?

    @Option(help: "One box per layer or per block.")
    var by: DiagramGrouping = .layer

    @Option(help: "light or dark page.")
    var theme: DiagramTheme.Name = .light

    func run() throws {
        let summary: ModelSummary
        do { summary = try model.summary(preset: preset) } catch { throw fail(error.message) }
        let svg = SummaryReport.diagramSVG(summary, by: by, theme: .named(theme))
        // Only a sanitised stem of the (file-supplied) name ever reaches the path.
        let path = output ?? "./\(OutputPaths.fileStem(summary.spec.name))-diagram.svg"
        if path == "-" {
            printOut(svg)
            return
        }
        do { try AtomicFile.write(svg, to: path) } catch { throw fail(error.message) }
        printOut("wrote \(TerminalSafe.escape(path))\n")
    }
}

extension DiagramGrouping: ExpressibleByArgument {}
extension DiagramTheme.Name: ExpressibleByArgument {}
