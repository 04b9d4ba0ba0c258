// Tensor: dense float32 storage, NCHW by convention (shape is descriptive only; kernels take raw pointers).
// Storage is 64-byte aligned, zero-filled at init and owned (freed in deinit). Element count is checked
// for overflow; an empty shape holds one element (a scalar).

public final class Tensor: @unchecked Sendable {
    public let shape: [Int]
    public let count: Int
    public let data: UnsafeMutablePointer<Float>

    public init(shape: [Int]) {
        var n = 1
        for d in shape {
            precondition(d >= 0, "Tensor: negative dimension in \(shape)")
            let (p, o) = n.multipliedReportingOverflow(by: d)
            precondition(!o, "Tensor: element count of \(shape) overflows Int")
            n = p
        }
        let (bytes, o) = n.multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        precondition(!o, "Tensor: byte count of \(shape) overflows Int")
        self.shape = shape
        self.count = n
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 64), alignment: 64)
        data = raw.bindMemory(to: Float.self, capacity: max(n, 16))
        data.initialize(repeating: 0, count: n)
    }

    public convenience init(shape: [Int], fill: Float) {
        self.init(shape: shape)
        data.update(repeating: fill, count: count)
    }

    deinit { data.deallocate() }
}

/// 64-byte aligned float scratch buffer (internal helper for packing buffers).
@usableFromInline
internal func alignedFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
    let (bytes, o) = max(count, 16).multipliedReportingOverflow(by: 4)
    precondition(!o, "alignedFloats: size overflow")
    return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64).bindMemory(to: Float.self, capacity: max(count, 16))
}

@inline(__always) internal func roundUp(_ x: Int, _ m: Int) -> Int { (x + m - 1) / m * m }
@inline(__always) internal func ceilDiv(_ x: Int, _ m: Int) -> Int { (x + m - 1) / m }
