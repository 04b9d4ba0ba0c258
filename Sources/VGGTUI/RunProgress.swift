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
