import ArgumentParser
import Foundation
import VGGCore
import VGGKernels
import VGGTUI
import VGGTUIRuntime
import VGGTerminal
#if canImport(Glibc)
import Glibc
#endif

/// `vggscope tui [PRESET|FILE]`, also what a bare `vggscope` runs: the interactive explorer.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the interactive explorer (the default when vggscope runs without arguments).",
        discussion: "Keys: arrows or j/k select a block, +/- convolutions, >/< channels, Enter types a block, "
            + "c compares VGG-11/13/16/19, r times a forward pass, e exports markdown, ? lists every key, q quits.")

    @Argument(help: "A built-in preset (vgg11, vgg16_bn, d2l-vgg11, ...) or a preset JSON file. Default: vgg11.")
    var preset: String?

    @OptionGroup var model: ModelOptions

    @Option(help: "Directory whose preset JSON files the chooser (p) lists.")
    var presetsDir = "presets"

    func run() throws {
        // A screen UI needs a terminal on both ends; leave pipes and files alone.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw fail("the explorer needs an interactive terminal; for a printable report use `vggscope summary`")
        }
        let summary: ModelSummary
        do { summary = try model.summary(preset: preset) } catch { throw fail(error.message) }
        let origin: AppState.Origin
        if let preset, preset.contains("/") || preset.hasSuffix(".json") {
            origin = .file(preset)
        } else {
            origin = .preset(summary.spec.name)
        }
        let state: AppState
        do {
            state = try AppState(spec: summary.spec, origin: origin,
                                 presetChoices: EffectRunner.presetChoices(directory: presetsDir), presetDirectory: presetsDir)
        } catch { throw fail(error.message) }
        // The ISA is resolved here, at the CLI's edge (VGGSCOPE_ISA), as `run` and `bench` resolve it; the runner
        // plans each pass for that ISA and the peaks it probes.
        let runner = EffectRunner(forwardPass: RuntimeForwardPass(isa: RuntimeSetup.requestedISA))
        let status: Int32
        do {
            status = try TerminalApp.run(state, runner: runner, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw fail("\(error)")
        }
        if status != 0 { throw ExitCode(status) }
    }
}
