import ArgumentParser
import VGGCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// The argument parser's own `main`, with its output going through the checked writers: help and version to
    /// stdout (a failed write is an error), parse errors to stderr with control characters from the arguments escaped.
    static func main() {
        installOutputChecks()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if !text.isEmpty {
                if code == .success {
                    printOut(text + "\n")
                } else {
                    writeStandardError(TerminalSafe.escapeLines(text) + "\n")
                }
            }
            terminate(code.rawValue)
        }
    }
}
