// Tolerance comparison for kernel outputs against their naive twins.

import XCTest

/// Passes when |got[i] - want[i]| <= max(atol, rtol * |want[i]|) for every i < count (a NaN in either fails) and
/// neither buffer's guard tail was written. The first failure names `what` (the case's sizes and flags), the seed,
/// the index and both values; returns false after it.
@discardableResult
public func assertAllClose(_ got: GuardedBuffer, _ want: GuardedBuffer, count: Int, abs atol: Float, rel rtol: Float,
                           _ what: @autoclosure () -> String, seed: UInt64,
                           file: StaticString = #filePath, line: UInt = #line) -> Bool {
    precondition(count <= got.count && count <= want.count, "assertAllClose: count \(count) exceeds a buffer")
    guard got.assertGuardIntact(what() + " (result)", seed: seed, file: file, line: line),
          want.assertGuardIntact(what() + " (expected)", seed: seed, file: file, line: line) else { return false }
    for i in 0..<count {
        let g = got[i], w = want[i]
        let tol = max(atol, rtol * Swift.abs(w))
        if !(Swift.abs(g - w) <= tol) {
            XCTFail("\(what()) seed=\(seed): index \(i) of \(count) got \(g) want \(w) (tol \(tol))", file: file, line: line)
            return false
        }
    }
    return true
}

/// max |b[i]| over i < n.
public func maxAbs(_ b: GuardedBuffer, _ n: Int) -> Float {
    var m: Float = 0
    for i in 0..<n { m = max(m, Swift.abs(b[i])) }
    return m
}
