import ArgumentParser
import Foundation
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
                    writeStandardError(usageErrorLine(message(for: error), full: text) + "\n")
                }
            }
            terminate(code.rawValue)
        }
    }
}

extension VGGScope {
    /// A usage error as one line like every other error (`vggscope: error: ...`): the parser's own message
    /// without its multi-line help and usage block, plus its pointer to `--help`; control characters escaped.
    static func usageErrorLine(_ message: String, full: String) -> String {
        var parts = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if parts.first?.hasPrefix("Error: ") == true { parts[0] = String(parts[0].dropFirst("Error: ".count)) }
        if let see = full.split(whereSeparator: \.isNewline).last(where: { $0.contains("--help") && $0.contains("See '") }) {
            parts.append(see.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "See ", with: "see ")
                .replacingOccurrences(of: " for more information", with: ""))
        }
        parts = parts.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
        let line = parts.isEmpty ? "invalid arguments; see 'vggscope --help'" : parts.joined(separator: "; ")
        return "vggscope: error: " + TerminalSafe.shortened(TerminalSafe.escape(line))
    }
}
