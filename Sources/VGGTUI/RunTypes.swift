import VGGCore

/// A forward pass the user asked for: which spec, and a label for progress and the compare view.
public struct RunRequest: Equatable, Sendable {
    public var id: Int
    public var spec: VGGSpec
    public var label: String

    public init(id: Int, spec: VGGSpec, label: String) {
        self.id = id
        self.spec = spec
        self.label = label
    }
}

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

/// The run in flight: the request and how far it got.
public struct RunProgress: Equatable, Sendable {
    public var request: RunRequest
    public var completed: Int
    public var total: Int
    public var currentLayer: String
    /// How many requests the batch (`R`) had in all, and which one this is (1-based).
    public var batchIndex: Int
    public var batchCount: Int
    /// Esc was pressed; the runner stops at the next layer boundary.
    public var cancelling = false

    public var fraction: Double { total > 0 ? Double(completed) / Double(total) : 0 }
}
