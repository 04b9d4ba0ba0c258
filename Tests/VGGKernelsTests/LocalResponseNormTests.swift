import VGGTestSupport
import XCTest
@testable import VGGKernels

/// LocalResponseNorm against its naive twin (the formula in Double): odd and even sizes (the window's alignment
/// differs), sizes larger than the channel count, every beta path (0.75, 0.5, 1, general), pixel counts that leave
/// every SIMD8 remainder and cross the 256-pixel task chunk, batch 1-3; NaN-filled output with guard floats.
final class LocalResponseNormTests: XCTestCase {
    func testSweep() {
        var seed: UInt64 = 9000
        for size in [1, 2, 3, 4, 5, 8, 13] {
            for (c, h, w) in [(1, 1, 1), (3, 2, 5), (7, 3, 3), (16, 5, 7), (10, 17, 19), (5, 1, 300)] {
                for (alpha, beta, k) in [(Float(1e-4), Float(0.75), Float(2)), (0.5, 0.75, 1), (0.3, 0.5, 1.5), (1e-2, 1, 1), (0.2, 0.6, 0.8)] {
                    let b = 1 + Int(seed % 3)
                    var rng = SplitMix64(seed: seed)
                    // Large activations so alpha * sum matters next to k (after a conv + ReLU values reach tens).
                    let x = GuardedBuffer(random: b * c * h * w, &rng, scale: 20)
                    let n = b * c * h * w
                    let got = GuardedBuffer(n + 16), want = GuardedBuffer(n)
                    LocalResponseNorm.forward(input: x.input, batch: b, channels: c, height: h, width: w, size: size, alpha: alpha,
                                              beta: beta, k: k, output: got.buffer, pool: Parallelism(threads: 1 + Int(seed % 2)))
                    Reference.localResponseNorm(input: x.p, batch: b, channels: c, height: h, width: w, size: size, alpha: alpha,
                                                beta: beta, k: k, output: want.p)
                    let what = "lrn size=\(size) alpha=\(alpha) beta=\(beta) k=\(k) b=\(b) c=\(c) \(h)x\(w)"
                    assertClose(got, want, count: n, abs: 1e-6, rel: 2e-6, what, seed: seed)
                    for i in n..<(n + 16) where !got[i].isNaN {
                        XCTFail("\(what) seed=\(seed): wrote guard float \(i - n)")
                        break
                    }
                    seed += 1
                }
            }
        }
    }

    /// The window by hand for one pixel: size 4 takes channels c-2...c+1 (PyTorch pads size/2 below, (size-1)/2 above).
    func testEvenWindowAlignment() {
        let c = 6
        let x = GuardedBuffer(c, fill: 0)
        for i in 0..<c { x.p[i] = Float(i + 1) }
        let got = GuardedBuffer(c)
        LocalResponseNorm.forward(input: x.input, batch: 1, channels: c, height: 1, width: 1, size: 4, alpha: 1, beta: 1, k: 1,
                                  output: got.buffer, pool: Parallelism(threads: 1))
        // Channel 2 (value 3): window channels 0...3, squares 1+4+9+16 = 30, divisor 1 + 30/4.
        XCTAssertEqual(got[2], 3 / (1 + 30.0 / 4), accuracy: 1e-6)
        // Channel 0: window -2...1 -> 1 + 4 = 5.
        XCTAssertEqual(got[0], 1 / (1 + 5.0 / 4), accuracy: 1e-6)
        // Channel 5 (value 6): window 3...6 -> 16 + 25 + 36 = 77.
        XCTAssertEqual(got[5], 6 / (1 + 77.0 / 4), accuracy: 1e-6)
    }

    /// Divisors outside the vector rsqrt's range (k = 0 with tiny activations; huge activations) take the powf path.
    func testTinyAndHugeDivisors() {
        for (scale, seed) in [(Float(1e-17), UInt64(9800)), (1e17, 9801), (1, 9802)] {
            var rng = SplitMix64(seed: seed)
            let (b, c, h, w) = (2, 6, 3, 7)
            let x = GuardedBuffer(random: b * c * h * w, &rng, scale: scale)
            let n = b * c * h * w
            let got = GuardedBuffer(n), want = GuardedBuffer(n)
            LocalResponseNorm.forward(input: x.input, batch: b, channels: c, height: h, width: w, size: 3, alpha: 1, beta: 0.75, k: 0,
                                      output: got.buffer, pool: Parallelism(threads: 1))
            Reference.localResponseNorm(input: x.p, batch: b, channels: c, height: h, width: w, size: 3, alpha: 1, beta: 0.75, k: 0,
                                        output: want.p)
            assertClose(got, want, count: n, abs: 0, rel: 2e-6, "lrn k=0 inputs x\(scale)", seed: seed)
        }
    }

    func testThreaded() {
        var rng = SplitMix64(seed: 9900)
        let (b, c, h, w) = (2, 24, 27, 27)
        let x = GuardedBuffer(random: b * c * h * w, &rng, scale: 10)
        let n = b * c * h * w
        let got = GuardedBuffer(n), want = GuardedBuffer(n)
        LocalResponseNorm.forward(input: x.input, batch: b, channels: c, height: h, width: w, size: 5, alpha: 1e-4, beta: 0.75, k: 2,
                                  output: got.buffer, pool: Parallelism(threads: 2))
        Reference.localResponseNorm(input: x.p, batch: b, channels: c, height: h, width: w, size: 5, alpha: 1e-4, beta: 0.75, k: 2,
                                    output: want.p)
        assertClose(got, want, count: n, abs: 1e-6, rel: 2e-6, "lrn threaded", seed: 9900)
    }
}
