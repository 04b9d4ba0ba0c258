import VGGCore
import VGGRuntime

extension LayerTime {
    /// A row of `bench`'s roofline table, with its definitions: FLOPs are the direct-convolution count
    /// (so Winograd can pass 100%), bytes are weights + input + output, roof = min(peak, intensity x bandwidth).
    public init(_ row: LayerPerformance, machine: MachinePeaks?) {
        // bench's wording; a kernel call without a conv algorithm or Linear method (pools, norms) reads "direct" here.
        let algorithm = LayerExecution.label(mode: row.mode, algorithm: row.algorithm, linearMethod: row.linearMethod,
                                             plainKernel: "direct")
        self.init(name: row.name, milliseconds: row.seconds * 1000, gflops: row.gflops, algorithm: algorithm,
                  intensity: row.intensity, roofGFLOPs: machine.flatMap(row.rooflineGFLOPs),
                  roofPercent: machine.flatMap(row.rooflinePercent),
                  predictedMilliseconds: row.mode == .kernel ? row.predictedSeconds * 1000 : nil,
                  threads: row.mode == .kernel ? row.threads : nil)
    }
}
