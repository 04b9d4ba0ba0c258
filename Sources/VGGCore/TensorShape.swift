/// An activation shape: [N, C, H, W] for feature maps, [N, F] after Flatten.
public struct TensorShape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var dims: [Int]
    public init(_ dims: [Int]) { self.dims = dims }

    public var batch: Int { dims[0] }
    public var channels: Int { dims[1] }
    public var isSpatial: Bool { dims.count == 4 }
    public var height: Int { isSpatial ? dims[2] : 1 }
    public var width: Int { isSpatial ? dims[3] : 1 }

    /// Elements, checked: callers ran it through `ModelSummary`, which rejects overflow first.
    public var elements: Int { dims.reduce(1, *) }

    /// `64x224x224` (batch omitted, as people write it) or `4096`.
    public var description: String { dims.dropFirst().map(String.init).joined(separator: "x") }
    /// `1x64x224x224`.
    public var fullDescription: String { dims.map(String.init).joined(separator: "x") }
}
