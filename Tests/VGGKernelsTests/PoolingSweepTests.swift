import VGGTestSupport
import XCTest
@testable import VGGKernels

/// Pooling.maxPool2d (any kernel and stride, floor mode) and adaptiveAvgPool2d (any output size) against their naive
/// twins: NaN-filled outputs with 16 guard floats that must stay NaN.
final class PoolingSweepTests: XCTestCase {
    func checkGuard(_ got: GuardedBuffer, _ n: Int, _ what: String, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
        for i in n..<got.count where !got[i].isNaN {
            XCTFail("\(what) seed=\(seed): wrote guard float \(i - n) past the output", file: file, line: line)
            return
        }
    }

    func testMaxPoolAnyKernelAndStride() {
        var seed: UInt64 = 8000
        // Overlapping (3/2, 3/1, 5/2), gapped (2/3), identity (1/1), the 2x2 fast path, a window as large as the map.
        for (k, s) in [(3, 2), (3, 1), (2, 2), (1, 1), (5, 2), (2, 3), (4, 4), (2, 1), (7, 3), (1, 2), (1, 3), (4, 2), (3, 4)] {
            for (h, w) in [(1, 1), (3, 3), (7, 13), (13, 13), (27, 27), (55, 55), (6, 41), (9, 2)] {
                for (b, c) in [(1, 1), (2, 3), (3, 9)] {
                    var rng = SplitMix64(seed: seed)
                    let x = GuardedBuffer(random: b * c * h * w, &rng)
                    let (oh, ow) = Pooling.maxPoolOutputSize(height: h, width: w, kernel: k, stride: s)
                    let n = b * c * oh * ow
                    let got = GuardedBuffer(n + 16), want = GuardedBuffer(n)
                    Pooling.maxPool2d(input: x.input, batch: b, channels: c, height: h, width: w, kernel: k, stride: s,
                                      output: got.buffer, pool: Parallelism(threads: 1 + Int(seed % 2)))
                    Reference.maxPool2d(input: x.p, batch: b, channels: c, height: h, width: w, kernel: k, stride: s, output: want.p)
                    let what = "maxpool k=\(k) s=\(s) b=\(b) c=\(c) \(h)x\(w)"
                    assertClose(got, want, count: n, abs: 0, rel: 0, what, seed: seed)
                    checkGuard(got, n, what, seed: seed)
                    seed += 1
                }
            }
        }
        XCTAssertEqual(Pooling.maxPoolOutputSize(height: 55, width: 54, kernel: 3, stride: 2).height, 27)
        XCTAssertEqual(Pooling.maxPoolOutputSize(height: 55, width: 54, kernel: 3, stride: 2).width, 26)
        XCTAssertEqual(Pooling.maxPoolOutputSize(height: 2, width: 5, kernel: 3, stride: 2).height, 0)
    }

    /// Large enough to run on two threads.
    func testMaxPoolThreaded() {
        var rng = SplitMix64(seed: 8500)
        let (b, c, h, w) = (2, 24, 55, 55)
        let x = GuardedBuffer(random: b * c * h * w, &rng)
        let n = b * c * 27 * 27
        let got = GuardedBuffer(n + 16), want = GuardedBuffer(n)
        Pooling.maxPool2d(input: x.input, batch: b, channels: c, height: h, width: w, kernel: 3, stride: 2, output: got.buffer,
                          pool: Parallelism(threads: 2))
        Reference.maxPool2d(input: x.p, batch: b, channels: c, height: h, width: w, kernel: 3, stride: 2, output: want.p)
        assertClose(got, want, count: n, abs: 0, rel: 0, "maxpool 3/2 threaded", seed: 8500)
        checkGuard(got, n, "maxpool 3/2 threaded", seed: 8500)
    }

    /// Smaller than, equal to, larger than and not dividing the input; AlexNet's 13x13 -> 6x6; non-square both ways.
    func testAdaptiveAvgPoolAnySize() {
        var seed: UInt64 = 8600
        let cases = [(13, 13, 6, 6), (1, 1, 7, 7), (1, 1, 6, 6), (2, 3, 7, 7), (5, 5, 6, 6), (6, 6, 6, 6), (7, 7, 6, 6),
                     (14, 14, 7, 7), (15, 9, 4, 5), (3, 17, 5, 2), (8, 8, 3, 3), (1, 9, 2, 4), (9, 1, 4, 3), (27, 27, 1, 1)]
        for (h, w, oh, ow) in cases {
            for (b, c, threads) in [(1, 1, 1), (2, 5, 2), (3, 20, 2)] {
                var rng = SplitMix64(seed: seed)
                let x = GuardedBuffer(random: b * c * h * w, &rng)
                let n = b * c * oh * ow
                let got = GuardedBuffer(n + 16), want = GuardedBuffer(n)
                Pooling.adaptiveAvgPool2d(input: x.input, batch: b, channels: c, height: h, width: w, outHeight: oh, outWidth: ow,
                                          output: got.buffer, pool: Parallelism(threads: threads))
                Reference.adaptiveAvgPool2d(input: x.p, batch: b, channels: c, height: h, width: w, outHeight: oh, outWidth: ow,
                                            output: want.p)
                let what = "avgpool b=\(b) c=\(c) \(h)x\(w)->\(oh)x\(ow)"
                assertClose(got, want, count: n, abs: 1e-6, rel: 1e-5, what, seed: seed)
                checkGuard(got, n, what, seed: seed)
                seed += 1
            }
        }
    }

    /// 512 channels at 1x1 pooled to 7x7 (VGG on a 32x32 input): a fill, not 25088 bin loops.
    func testAdaptiveAvgPoolFromOnePixel() {
        var rng = SplitMix64(seed: 8700)
        let x = GuardedBuffer(random: 2 * 512, &rng)
        let n = 2 * 512 * 49
        let got = GuardedBuffer(n + 16), want = GuardedBuffer(n)
        Pooling.adaptiveAvgPool2d(input: x.input, batch: 2, channels: 512, height: 1, width: 1, outHeight: 7, outWidth: 7,
                                  output: got.buffer, pool: Parallelism(threads: 2))
        Reference.adaptiveAvgPool2d(input: x.p, batch: 2, channels: 512, height: 1, width: 1, outHeight: 7, outWidth: 7,
                                    output: want.p)
        assertClose(got, want, count: n, abs: 0, rel: 0, "avgpool 1x1->7x7", seed: 8700)
        checkGuard(got, n, "avgpool 1x1->7x7", seed: 8700)
    }
}
