import VGGCore
import VGGRuntime

/// The real engine behind `r` and `R`: builds the model with seeded weights, runs one forward
/// pass on the included kernels, and reports per-layer milliseconds, GFLOP/s and algorithm.
public struct RuntimeForwardPass: ForwardPass {
    public var seed: UInt64

    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    public func run(_ spec: VGGSpec, progress: @escaping @Sendable (Int, Int, String) -> Void,
                    isCancelled: @escaping @Sendable () -> Bool) throws -> RunResult {
        do {
            return try timedPass(spec, progress: progress, isCancelled: isCancelled)
        } catch RuntimeError.cancelled(_, _) {
            // The executor stops between layers (or while loading) with its own error; the TUI
            // reports a cancel as a cancel, not as a failure.
            throw ForwardPassCancelled()
        }
    }

    private func timedPass(_ spec: VGGSpec, progress: @escaping @Sendable (Int, Int, String) -> Void,
                           isCancelled: @escaping @Sendable () -> Bool) throws -> RunResult {
        let summary = try ModelSummary(spec: spec)
        let token = CancellationToken()
        // The executor polls its token between layers; progress callbacks come between layers too.
        func check() { if isCancelled() { token.cancel() } }
        let model = try VGGModel(summary: summary, weights: SeededWeights(seed: seed), loadProgress: { done, total, name in
            check()
            progress(done, total, "loading weights: \(name)")
        }, cancellation: token)
        check()
        let input = VGGModel.randomInput(shape: spec.input, seed: seed)
        let result = try model.forward(input, progress: { p in
            check()
            progress(p.completedLayers, p.layerCount, p.layerName)
        }, cancellation: token)
        if token.isCancelled { throw ForwardPassCancelled() }
        let layers = zip(summary.layers, result.timings).enumerated().map { i, pair in
            let (facts, timing) = pair
            let execution = model.layers.indices.contains(i) ? model.layers[i] : nil
            let algorithm: String
            switch execution?.mode {
            case .fused(let into)?: algorithm = "fused into \(into)"
            case .view?: algorithm = "view"
            case .kernel?: algorithm = execution?.algorithm?.rawValue ?? "direct"
            case nil: algorithm = ""
            }
            let gflops = timing.seconds > 0 && facts.flops > 0 ? Double(facts.flops) / timing.seconds / 1e9 : nil
            return LayerTime(name: facts.name, milliseconds: timing.seconds * 1000, gflops: gflops, algorithm: algorithm)
        }
        return RunResult(layers: layers, totalMilliseconds: result.totalSeconds * 1000)
    }
}
