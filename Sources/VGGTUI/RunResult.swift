/// Time of one layer in a measured forward pass.
public struct LayerTime: Equatable, Sendable {
    public var name: String
    public var milliseconds: Double
    /// nil for layers without FLOPs (ReLU, pooling) where a rate means nothing.
    public var gflops: Double?
    public var algorithm: String

    public init(name: String, milliseconds: Double, gflops: Double?, algorithm: String = "") {
        self.name = name
        self.milliseconds = milliseconds
        self.gflops = gflops
        self.algorithm = algorithm
    }
}

/// A finished forward pass.
public struct RunResult: Equatable, Sendable {
    public var layers: [LayerTime]
    public var totalMilliseconds: Double

    public init(layers: [LayerTime], totalMilliseconds: Double? = nil) {
        self.layers = layers
        self.totalMilliseconds = totalMilliseconds ?? layers.reduce(0) { $0 + $1.milliseconds }
    }

    public func timing(for layerName: String) -> LayerTime? {
        layers.first { $0.name == layerName }
    }
}
