import VGGCore
import VGGKernels

/// One layer's measured time against the roofline: achieved GFLOP/s (FLOPs = 2 x torchinfo MACs of
/// Conv2d and Linear; direct-convolution FLOPs even when Winograd ran, so Winograd can exceed 100%),
/// arithmetic intensity (FLOPs per byte of weights + input + output, float32; the output is what the kernel call
/// writes, i.e. the pooled map when a MaxPool is fused into the conv) and the bound
/// min(peak, intensity x bandwidth).
public struct LayerPerformance: Equatable, Sendable {
    public var name: String
    public var kind: String
    public var mode: LayerExecution.Mode
    public var algorithm: ConvMethod?
    /// A Linear row's method.
    public var linearMethod: LinearMethod? = nil
    public var seconds: Double
    /// The plan's cost-model time for this row (0 for fused and view rows).
    public var predictedSeconds: Double = 0
    /// Threads the row's kernel ran on (kernel rows).
    public var threads: Int? = nil
    /// Fraction of the whole pass.
    public var share: Double
    public var flops: Int
    public var bytes: Int

    /// What a FLOP is, on its own (bench's JSON `flops_rule`); `rule` says it in full.
    public static let flopsRule = CountingRules.rooflineFLOPs

    /// The counting rule behind these numbers, for every place that shows them (bench, the TUI's export).
    public static let rule = CountingRules.roofline

    public var gflops: Double? { flops > 0 && seconds > 0 ? Double(flops) / seconds / 1e9 : nil }
    public var intensity: Double? { flops > 0 && bytes > 0 ? Double(flops) / Double(bytes) : nil }

    public func rooflineGFLOPs(_ peaks: MachinePeaks) -> Double? {
        intensity.map { min(peaks.gemmGFLOPs, $0 * peaks.bandwidthGBs) }
    }

    /// Achieved as a percentage of the roofline bound.
    public func rooflinePercent(_ peaks: MachinePeaks) -> Double? {
        guard let achieved = gflops, let bound = rooflineGFLOPs(peaks), bound > 0 else { return nil }
        return 100 * achieved / bound
    }

    /// Rows for every layer of `summary`, from per-layer seconds (same order) and the total.
    public static func rows(summary: ModelSummary, layers: [LayerExecution], seconds: [Double],
                            totalSeconds: Double) -> [LayerPerformance] {
        // Bytes a kernel row writes: the output of the last layer fused into it.
        var written = summary.layers.map(\.activationBytes)
        for (i, execution) in layers.enumerated() where execution.mode == .kernel && i < written.count {
            var last = i
            while last + 1 < min(layers.count, written.count), layers[last + 1].mode == .fused(into: execution.name) { last += 1 }
            written[i] = summary.layers[last].activationBytes
        }
        return zip(summary.layers.indices, zip(layers, seconds)).map { index, pair in
            let facts = summary.layers[index]
            let (execution, time) = pair
            let measured = execution.mode == .kernel
            var row = LayerPerformance(
                name: facts.name, kind: facts.kindName, mode: execution.mode, algorithm: execution.algorithm,
                seconds: time, share: totalSeconds > 0 ? time / totalSeconds : 0,
                flops: measured ? facts.flops : 0,
                bytes: facts.params &* 4 &+ facts.inputBytes &+ written[index])
            row.linearMethod = execution.linearMethod
            row.predictedSeconds = execution.predictedSeconds
            row.threads = execution.threads
            return row
        }
    }
}
