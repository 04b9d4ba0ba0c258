import VGGCore

/// Repeated timed forward passes of one model: whole-pass and per-layer medians.
public struct Benchmark: Sendable {
    public var warmup: Int
    public var repeats: Int

    public init(warmup: Int = 1, repeats: Int = 5) {
        self.warmup = warmup
        self.repeats = repeats
    }

    public struct Result: Sendable {
        /// Whole-pass seconds of each timed repeat.
        public var totals: [Double]
        /// Median seconds per layer of the summary (0 for fused and view layers).
        public var layerMedians: [Double]
        public var output: ForwardResult

        public var medianSeconds: Double { Statistics.median(totals) }
        public var minSeconds: Double { totals.min() ?? 0 }
        public var maxSeconds: Double { totals.max() ?? 0 }
    }

    /// Runs `warmup + repeats` passes; `progress(pass, passes, layerProgress)` reports each layer of each pass.
    public func run(_ model: VGGModel, input: [Float],
                    progress: ((_ pass: Int, _ passes: Int, _ layer: ForwardProgress) -> Void)? = nil,
                    cancellation: CancellationToken? = nil) throws -> Result {
        precondition(warmup >= 0 && repeats >= 1, "Benchmark needs warmup >= 0 and repeats >= 1")
        let passes = warmup + repeats
        var totals: [Double] = []
        var perLayer: [[Double]] = Array(repeating: [], count: model.summary.layers.count)
        var last: ForwardResult? = nil
        for pass in 0..<passes {
            let result = try model.forward(input, progress: progress.map { report in { report(pass + 1, passes, $0) } },
                                           cancellation: cancellation)
            if pass >= warmup {
                totals.append(result.totalSeconds)
                for (i, timing) in result.timings.enumerated() { perLayer[i].append(timing.seconds) }
            }
            last = result
        }
        return Result(totals: totals, layerMedians: perLayer.map(Statistics.median), output: last!)
    }
}
