import ArgumentParser
import Foundation
import VGGCore
import VGGKernels
import VGGRuntime
#if canImport(Glibc)
import Glibc
#endif

/// `vggscope bench`: repeated forward passes; whole-pass statistics and a per-layer roofline.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time forward passes: median/min/max, images/s, and per layer time, algorithm, GFLOP/s and roofline.")

    @Argument(help: "Built-in presets or preset JSON files. Default: vgg11.")
    var presets: [String] = []

    @OptionGroup var model: ModelOptions

    @Option(parsing: .unconditional, help: "Images per forward pass (overrides the input's batch).")
    var batch: Int?

    @Option(parsing: .unconditional, help: "Untimed passes before timing.")
    var warmup: Int = 1

    @Option(name: .customLong("repeat"), parsing: .unconditional, help: "Timed passes.")
    var repeats: Int = 5

    @OptionGroup var execution: ExecutionOptionGroup

    @Option(help: "text, markdown or json.")
    var format: OutputFormat = .text

    @OptionGroup var style: StyleOptions

    func run() throws {
        // Every flag is checked before the machine probe or any model is built.
        try execution.validateThreads()
        guard (1...SpecLimits.benchRepeats).contains(repeats) else {
            throw fail("--repeat must be between 1 and \(SpecLimits.benchRepeats), got \(repeats)")
        }
        guard (0...SpecLimits.benchWarmup).contains(warmup) else {
            throw fail("--warmup must be between 0 and \(SpecLimits.benchWarmup), got \(warmup)")
        }
        if let batch {
            do { try SpecLimits.checkBatch(batch) } catch { throw fail(error.message) }
        }
        // Resolve every model first, so a typo in the last one fails before minutes of timing.
        var summaries: [ModelSummary] = []
        for preset in presets.isEmpty ? [nil] : presets.map(Optional.some) {
            do {
                var summary = try model.summary(preset: preset)
                if let batch {
                    var spec = summary.spec
                    spec.input.batch = batch
                    summary = try ModelSummary(spec: spec)
                }
                summaries.append(summary)
            } catch { throw fail(error.message) }
        }
        let progress = ProgressLine()
        progress.show("measuring machine peaks (GEMM, memory bandwidth)")
        let peaks = MachinePeaks.measure(threads: execution.threads)
        let benchmark = Benchmark(warmup: warmup, repeats: repeats)
        var reports: [BenchmarkReport] = []
        for summary in summaries {
            let name = TerminalSafe.escape(summary.spec.name)
            let network = try RuntimeSetup.model(
                summary, weights: SeededWeights(seed: execution.seed, pool: execution.weightPool),
                options: execution.options,
                memoryHint: "a smaller --batch, image (--input) or classifier (--fc)",
                loadProgress: { done, total, layer in progress.show("\(name): loading weights \(done)/\(total) \(layer)") })
            let input = VGGModel.randomInput(shape: summary.spec.input, seed: execution.seed)
            let result: Benchmark.Result
            do {
                result = try benchmark.run(network, input: input) { pass, passes, event in
                    let phase = pass <= warmup ? "warmup \(pass)/\(warmup)" : "pass \(pass - warmup)/\(repeats)"
                    if event.finished && event.completedLayers == event.layerCount {
                        progress.passDone("\(name): \(phase) done")
                    } else if event.finished {
                        progress.show("\(name): \(phase), layer \(event.completedLayers)/\(event.layerCount) \(event.layerName)")
                    }
                }
            } catch { throw fail("\(error)") }
            reports.append(BenchmarkReport(model: network, result: result, peaks: peaks, benchmark: benchmark,
                                           build: RuntimeSetup.buildConfiguration))
        }
        progress.clear()
        switch format {
        case .text: printOut(reports.map { $0.text(style: style.style) }.joined(separator: "\n"))
        case .markdown: printOut(reports.map { $0.markdown() }.joined(separator: "\n"))
        case .json:
            let json = reports.count == 1 ? reports[0].json() : .array(reports.map { $0.json() })
            printOut(json.rendered() + "\n")
        }
    }
}

/// Progress on stderr: one rewritten line on a terminal, a plain line per finished pass otherwise.
final class ProgressLine {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var shown = false

    func show(_ text: String) {
        guard isTerminal else { return }
        write("\r\u{1B}[2K" + text)
        shown = true
    }

    func passDone(_ text: String) {
        if isTerminal { show(text) } else { write(text + "\n") }
    }

    func clear() {
        if isTerminal && shown { write("\r\u{1B}[2K") }
        shown = false
    }

    private func write(_ text: String) {
        writeStandardError(text)
    }
}
