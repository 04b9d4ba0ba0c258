// GuardedBuffer: a float buffer for kernel tests, pre-filled (NaN by default, so a cell a kernel never wrote shows up)
// and followed by a guard tail of a NaN bit pattern no kernel computes, so a write past the end shows up too: check it
// with assertGuardIntact after the call (assertAllClose checks both buffers it compares).

import XCTest

public final class GuardedBuffer {
    /// Floats of guard after the buffer: more than a 16-float vector store or a few rows of a tile can overrun.
    public static let guardCount = 64
    /// A signalling-NaN payload: arithmetic never produces it (results are quiet NaNs), copies keep it.
    public static let guardBits: UInt32 = 0x7FA1_1D1E

    public let count: Int
    public let p: UnsafeMutablePointer<Float>

    public init(_ count: Int, fill: Float = .nan) {
        precondition(count >= 0, "GuardedBuffer: negative count \(count)")
        self.count = count
        p = .allocate(capacity: count + GuardedBuffer.guardCount)
        p.initialize(repeating: fill, count: count)
        (p + count).initialize(repeating: Float(bitPattern: GuardedBuffer.guardBits), count: GuardedBuffer.guardCount)
    }

    /// Uniform in [-scale, scale), drawn from `rng`.
    public convenience init(random count: Int, _ rng: inout SplitMix64, scale: Float = 1) {
        self.init(count)
        for i in 0..<count { p[i] = rng.uniform() * scale }
    }

    deinit { p.deallocate() }

    public subscript(i: Int) -> Float { p[i] }

    /// The buffer without its guard, for a kernel to write: entry points check their sizes against `count`.
    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: p, count: count) }
    /// The buffer without its guard, for a kernel to read.
    public var input: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: p, count: count) }

    /// Index (from the start of the buffer) of the first guard float that was overwritten, or nil.
    public var firstGuardWrite: Int? {
        for i in 0..<GuardedBuffer.guardCount where p[count + i].bitPattern != GuardedBuffer.guardBits { return count + i }
        return nil
    }

    /// Fails (naming `what`, the seed, the index and the value found) when anything wrote into the guard tail.
    @discardableResult
    public func assertGuardIntact(_ what: @autoclosure () -> String, seed: UInt64,
                                  file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let i = firstGuardWrite else { return true }
        XCTFail("\(what()) seed=\(seed): wrote past the end of a \(count)-float buffer, at index \(i) (\(p[i]))",
                file: file, line: line)
        return false
    }
}
