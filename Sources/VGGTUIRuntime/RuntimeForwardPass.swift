import Foundation
import VGGCore
import VGGKernels
import VGGRuntime
import VGGTUI

/// The real engine behind `r` and `R`: builds the model with seeded weights, runs one forward
/// pass on the included kernels, and reports per-layer milliseconds, GFLOP/s, algorithm and the
/// roofline figures against this machine's peaks.
///
/// The peaks come from `probe`, called on the run's own (background) thread before the first pass
/// and kept for the session: copies of this value share the cache, so the runner probes once.
public struct RuntimeForwardPass: ForwardPassRunning {
    public var seed: UInt64
    private let probe: @Sendable () -> MachinePeaks
    private let peaks = PeaksCache()

    /// Long enough for a best-of-several GEMM and bandwidth figure, short enough that the first `r` stays quick.
    public static let probeSeconds = 0.25
    /// What the progress line says while the probe runs.
    public static let probingLabel = ProgressLabel.probing

    /// The kernels' ISA, resolved by the caller (the CLI reads VGGSCOPE_ISA once, at its edge).
    public let isa: KernelISA
    /// Threads the plan may use, and the probe measures with.
    public let threads: Int

    /// `isa` is the one every kernel is built with and the probe times; `probe` measures the machine (tests pass a
    /// fixed value so no test runs the real probe). The plan is made for `profile(peaks:)`: the probed peaks, not
    /// the defaults, so its predictions and choices fit this machine.
    public init(seed: UInt64 = 0, isa: KernelISA = .detected, threads: Int = ExecutionOptions().threads,
                probe: (@Sendable () -> MachinePeaks)? = nil) {
        self.seed = seed
        self.isa = KernelISA.usable(isa)
        self.threads = threads
        let usable = self.isa
        self.probe = probe ?? {
            MachinePeaks.measure(threads: threads, seconds: RuntimeForwardPass.probeSeconds, isa: usable)
        }
    }

    /// The machine a pass is planned for once `peaks` are known (as `bench` makes it from its probe).
    public func profile(peaks: MachinePeaks) -> MachineProfile {
        MachineProfile.probed(peaks, threads: threads, isa: isa)
    }

    /// The plan's options for `peaks`: what every pass of this runner runs with.
    public func options(peaks: MachinePeaks) -> ExecutionOptions {
        ExecutionOptions(threads: threads, machine: profile(peaks: peaks))
    }

    public func run(_ spec: VGGSpec, progress: @escaping @Sendable (Int, Int, String) -> Void,
                    isCancelled: @escaping @Sendable () -> Bool) throws(RunFailure) -> RunResult {
        do {
            return try timedPass(spec, progress: progress, isCancelled: isCancelled)
        } catch let failure as RunFailure {
            throw failure
        } catch let error as RuntimeError {
            // The executor stops between layers (or while loading) with its own error; the TUI
            // reports a cancel as a cancel, not as a failure.
            throw RunFailure(error)
        } catch let error as SpecError {
            throw .other(error.message)
        } catch {
            throw .other("\(error)")
        }
    }

    /// The session's peaks, probing on the first call.
    private func machinePeaks(progress: (Int, Int, String) -> Void) -> MachinePeaks {
        if let known = peaks.value { return known }
        progress(0, 0, Self.probingLabel)
        let measured = probe()
        peaks.value = measured
        return measured
    }

    private func timedPass(_ spec: VGGSpec, progress: @escaping @Sendable (Int, Int, String) -> Void,
                           isCancelled: @escaping @Sendable () -> Bool) throws -> RunResult {
        let summary = try ModelSummary(spec: spec)
        if isCancelled() { throw RunFailure.cancelled }
        // Before the weights are loaded, so the bandwidth probe has the memory to itself.
        let machine = machinePeaks(progress: progress)
        let token = CancellationToken()
        // The executor polls its token between layers; progress callbacks come between layers too.
        func check() { if isCancelled() { token.cancel() } }
        check()
        let model = try VGGModel(summary: summary, weights: SeededWeights(seed: seed), options: options(peaks: machine),
                                 loadProgress: { done, total, name in
            check()
            progress(done, total, "\(ProgressLabel.loadingPrefix) weights: \(name)")
        }, cancellation: token)
        check()
        let input = VGGModel.randomInput(shape: spec.input, seed: seed)
        let result = try model.forward(input, progress: { p in
            check()
            progress(p.completedLayers, p.layerCount, p.layerName)
        }, cancellation: token)
        if token.isCancelled { throw RunFailure.cancelled }
        return Self.result(summary: summary, executions: model.layers, seconds: result.timings.map(\.seconds),
                           totalSeconds: result.totalSeconds, machine: machine)
    }

    /// Per-layer times and roofline figures from the runtime's timings, by `bench`'s definitions
    /// (`LayerPerformance`): one row per layer of `summary`, in order.
    public static func result(summary: ModelSummary, executions: [LayerExecution], seconds: [Double],
                              totalSeconds: Double, machine: MachinePeaks?) -> RunResult {
        let rows = LayerPerformance.rows(summary: summary, layers: executions, seconds: seconds, totalSeconds: totalSeconds)
        return RunResult(layers: rows.map { LayerTime($0, machine: machine) }, totalMilliseconds: totalSeconds * 1000,
                         machine: machine)
    }
}

/// The probed peaks, shared by every copy of one `RuntimeForwardPass`.
private final class PeaksCache: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: MachinePeaks?
    var value: MachinePeaks? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
