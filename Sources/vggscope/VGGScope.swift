import ArgumentParser
import VGGCore

@main
struct VGGScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vggscope",
        abstract: "Explore VGG convolutional networks: shapes, params, MACs, memory, receptive field and real timed forward passes.",
        version: Version.current,
        subcommands: [
            SummaryCommand.self,
            CompareCommand.self,
            ExportCommand.self,
            DiagramCommand.self,
            RunCommand.self, BenchCommand.self,
            TUICommand.self,
        ],
        defaultSubcommand: TUICommand.self)
}
