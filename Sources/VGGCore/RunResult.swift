/// Time of one layer in a measured forward pass, and where it sits under the machine's roofline
/// (`CountingRules.roofline`). Plain values: the runtime fills them in, the explorer shows them.
public struct LayerTime: Equatable, Sendable {
    public var name: String
    public var milliseconds: Double
    /// nil for layers without FLOPs (ReLU, pooling) where a rate means nothing.
    public var gflops: Double?
    public var algorithm: String
    /// FLOPs per byte of weights + input + output (float32); nil where no FLOPs are counted.
    public var intensity: Double?
    /// The roofline bound min(GEMM peak, intensity x bandwidth), GFLOP/s; nil without intensity or peaks.
    public var roofGFLOPs: Double?
    /// Achieved GFLOP/s as a percentage of `roofGFLOPs`.
    public var roofPercent: Double?
    /// The execution plan's cost-model time for this layer's kernel call, in ms; nil for fused and view rows
    /// (the plan predicts only the calls it makes), so predicted and measured compare row by row.
    public var predictedMilliseconds: Double?
    /// Threads the plan gave this layer's kernel call; nil for fused and view rows.
    public var threads: Int?

    public init(name: String, milliseconds: Double, gflops: Double?, algorithm: String = "",
                intensity: Double? = nil, roofGFLOPs: Double? = nil, roofPercent: Double? = nil,
                predictedMilliseconds: Double? = nil, threads: Int? = nil) {
        self.name = name
        self.milliseconds = milliseconds
        self.gflops = gflops
        self.algorithm = algorithm
        self.intensity = intensity
        self.roofGFLOPs = roofGFLOPs
        self.roofPercent = roofPercent
        self.predictedMilliseconds = predictedMilliseconds
        self.threads = threads
    }
}

/// A finished forward pass.
public struct RunResult: Equatable, Sendable {
    public var layers: [LayerTime]
    public var totalMilliseconds: Double
    /// The GEMM peak and memory bandwidth the roofline figures were computed against; nil if not probed.
    public var machine: MachinePeaks?

    public init(layers: [LayerTime], totalMilliseconds: Double? = nil, machine: MachinePeaks? = nil) {
        self.layers = layers
        self.totalMilliseconds = totalMilliseconds ?? layers.reduce(0) { $0 + $1.milliseconds }
        self.machine = machine
    }

    public func timing(for layerName: String) -> LayerTime? {
        layers.first { $0.name == layerName }
    }
}
