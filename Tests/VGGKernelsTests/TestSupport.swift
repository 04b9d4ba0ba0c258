// Shared helpers for kernel tests: seeded PRNG, buffers pre-filled with NaN, tolerance comparison
// whose failure message names the case, the index, both values and the seed.

import XCTest
@testable import VGGKernels

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func uniform() -> Float { Float(Double(next() >> 11) / Double(1 << 53) * 2 - 1) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
}

/// Owned float buffer for tests.
final class Buf {
    let count: Int
    let p: UnsafeMutablePointer<Float>
    init(_ count: Int, fill: Float = .nan) {
        self.count = count
        p = .allocate(capacity: max(count, 1))
        p.initialize(repeating: fill, count: max(count, 1))
    }
    convenience init(random count: Int, _ rng: inout SplitMix64, scale: Float = 1) {
        self.init(count)
        for i in 0..<count { p[i] = rng.uniform() * scale }
    }
    deinit { p.deallocate() }
    subscript(i: Int) -> Float { p[i] }
}

func assertClose(_ got: Buf, _ want: Buf, count: Int, abs atol: Float, rel rtol: Float, _ what: @autoclosure () -> String,
                 seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
    for i in 0..<count {
        let g = got[i], w = want[i]
        let tol = max(atol, rtol * Swift.abs(w))
        if !(Swift.abs(g - w) <= tol) {
            XCTFail("\(what()) isa=\(KernelISA.active) seed=\(seed): index \(i) got \(g) want \(w) (tol \(tol))", file: file, line: line)
            return
        }
    }
}

func maxAbs(_ b: Buf, _ n: Int) -> Float { var m: Float = 0; for i in 0..<n { m = max(m, Swift.abs(b[i])) }; return m }

/// Runs `body` with the kernels on the AVX2 path, then again on the AVX-512 path when this CPU has it (otherwise says
/// it skipped that half). Restores the process default afterwards. Failure messages from assertClose name the ISA.
func forEachISA(_ body: () -> Void) {
    defer { KernelISA.override = nil }
    KernelISA.override = .avx2
    body()
    if KernelISA.detected == .avx512 {
        KernelISA.override = .avx512
        body()
    } else {
        print("note: AVX-512 half skipped: this CPU has no AVX-512 (KernelISA.detected = \(KernelISA.detected))")
    }
}
