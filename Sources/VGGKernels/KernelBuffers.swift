// Kernel entry points take buffer pointers and check their counts against the sizes the call is planned for, once per
// call (O(1): a few multiplications, never a loop over elements); inside, they work on the raw base addresses.
// A size product that overflows traps too (Swift's checked `*`): no buffer can hold such a tensor.

/// Stands in for the base address of an empty buffer (which may be nil); kernels never read it, as they return
/// before touching memory when a size is 0.
nonisolated(unsafe) private let emptyFloats = UnsafeMutablePointer<Float>.allocate(capacity: 16)

extension UnsafeBufferPointer where Element == Float {
    @inline(__always) var base: UnsafePointer<Float> { baseAddress ?? UnsafePointer(emptyFloats) }
}

extension UnsafeMutableBufferPointer where Element == Float {
    @inline(__always) var base: UnsafeMutablePointer<Float> { baseAddress ?? emptyFloats }
}

/// Floats a row-major rows x cols matrix with leading dimension ld spans: (rows - 1) x ld + cols, 0 when empty.
@inline(__always) func matrixExtent(rows: Int, cols: Int, ld: Int) -> Int {
    rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols
}
