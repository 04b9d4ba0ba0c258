// Tensor: dense float32 storage, NCHW by convention (shape is descriptive only; kernels take buffer pointers).
// Storage is 64-byte aligned, zero-filled at init and owned (freed in deinit). Element count is checked
// for overflow; an empty shape holds one element (a scalar).
// Reading is open (`buffer`, `pointer`); writing only inside `withUnsafeMutableBufferPointer`, so every mutation is a
// visible, scoped call with the tensor's own count. That is what makes the `@unchecked Sendable` honest: a tensor
// shared between threads is read-only unless a caller writes through that scope (and then it orders the writes itself).

public final class Tensor: @unchecked Sendable {
    public let shape: [Int]
    public let count: Int
    private let storage: UnsafeMutablePointer<Float>

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
        storage = raw.bindMemory(to: Float.self, capacity: max(n, 16))
        storage.initialize(repeating: 0, count: n)
    }

    public convenience init(shape: [Int], fill: Float) {
        self.init(shape: shape)
        storage.update(repeating: fill, count: count)
    }

    /// A tensor holding a copy of `values` (at least as many as `shape` has elements).
    public convenience init(shape: [Int], copying values: UnsafeBufferPointer<Float>) {
        self.init(shape: shape)
        precondition(values.count >= count, "Tensor: \(values.count) values for \(count) elements")
        if count > 0 { storage.update(from: values.baseAddress!, count: count) }
    }

    deinit { storage.deallocate() }

    /// The elements, read-only; valid while the tensor is alive.
    public var buffer: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: storage, count: count) }

    /// The first element, read-only (64-byte aligned); valid while the tensor is alive.
    public var pointer: UnsafePointer<Float> { UnsafePointer(storage) }

    /// Writes the elements through `body`; the buffer must not escape it.
    public func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws(E) -> R) throws(E) -> R {
        try body(UnsafeMutableBufferPointer(start: storage, count: count))
    }

    public subscript(index: Int) -> Float {
        precondition(index >= 0 && index < count, "Tensor: index \(index) outside 0..<\(count)")
        return storage[index]
    }
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
