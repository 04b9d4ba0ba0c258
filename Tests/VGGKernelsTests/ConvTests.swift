import VGGTestSupport
import XCTest
@testable import VGGKernels

/// Runs Conv2dKernel against Reference.conv2d. Weights are He-uniform so outputs have realistic magnitudes.
/// An element passes within max(atol, 1e-3 * |ref|): atol is 1e-3 * max|ref| for Winograd, 2e-6 * (Cin*k*k + 1) * max|ref|
/// for GEMM. The output and the workspace carry guard tails checked after the call.
func checkConv(cin: Int, cout: Int, h: Int, w: Int, k: Int = 3, stride: Int = 1, pad: Int = 1, batch: Int = 1,
           relu: Bool, bias hasBias: Bool, algorithm: ConvAlgorithm, threads: Int, seed: UInt64,
               f2: Bool = false,
           file: StaticString = #filePath, line: UInt = #line) {
    let c = SeededConv(cin: cin, cout: cout, h: h, w: w, k: k, stride: stride, pad: pad, batch: batch, hasBias: hasBias,
                       algorithm: algorithm, threads: threads, seed: seed, f2: f2)
    let (conv, x) = (c.conv, c.input)
    let (oh, ow) = conv.outputSize(height: h, width: w)
    let n = batch * cout * oh * ow
    let got = GuardedBuffer(n), want = GuardedBuffer(n)
    let ws = GuardedBuffer(conv.workspaceCount(batch: batch, height: h, width: w))
    conv.forward(input: x.input, batch: batch, height: h, width: w, output: got.buffer, relu: relu, workspace: ws.buffer,
                 pool: Parallelism(threads: threads))
    c.reference(batch: batch, h: h, w: w, relu: relu, into: want)
    let used = conv.method
    let what = "conv[\(used.rawValue)] b=\(batch) cin=\(cin) cout=\(cout) \(h)x\(w) k=\(k) s=\(stride) p=\(pad)"
        + " relu=\(relu) bias=\(hasBias) threads=\(threads)"
    ws.assertGuardIntact(what + " workspace", seed: seed, file: file, line: line)
    let scale = max(maxAbs(want, n), 1e-3)
    assertClose(got, want, count: n, abs: c.absoluteTolerance(scale), rel: 1e-3, what, seed: seed, file: file, line: line)
}

final class ConvTests: XCTestCase {
    func testGemmConvSweep() {
        forEachISA {
            var seed: UInt64 = 2000
            for cin in [1, 3, 5, 17] {
                for cout in [1, 5, 17] {
                    for hw in [(1, 1), (2, 3), (5, 5), (7, 13), (13, 7), (18, 17)] {
                        checkConv(cin: cin, cout: cout, h: hw.0, w: hw.1, batch: 1 + Int(seed % 2), relu: seed % 3 != 0,
                              bias: seed % 4 != 0, algorithm: .gemm, threads: 1 + Int(seed % 2), seed: seed)
                        seed += 1
                    }
                }
            }
        }
    }

    func testGemmConvGeometries() {
        forEachISA {
            var seed: UInt64 = 3000
            for (k, s, p) in [(1, 1, 0), (3, 2, 1), (5, 1, 2), (3, 1, 0), (2, 2, 0), (7, 2, 3), (3, 3, 2), (1, 2, 0)] {
                for (h, w) in [(1, 1), (5, 7), (13, 13), (20, 3)] {
                    checkConv(cin: 3 + Int(seed % 5), cout: 7, h: h, w: w, k: k, stride: s, pad: p, batch: 2, relu: seed % 2 == 0,
                          bias: seed % 3 != 0, algorithm: .gemm, threads: 2, seed: seed)
                    seed += 1
                }
            }
        }
    }

    func testGemmConvDeepK() {
        forEachISA {
            // K = Cin*9 crosses the 256-deep K block several times; pixel count crosses the 128-pixel chunk.
            checkConv(cin: 64, cout: 40, h: 14, w: 14, batch: 2, relu: true, bias: true, algorithm: .gemm, threads: 2, seed: 41)
            checkConv(cin: 29, cout: 13, h: 17, w: 9, batch: 1, relu: false, bias: true, algorithm: .gemm, threads: 1, seed: 42)
        }
    }

    func testZeroInputChannelsGiveBias() {
        forEachISA {
            for algo in [ConvAlgorithm.gemm, .winograd] {
                checkConv(cin: 0, cout: 7, h: 5, w: 6, batch: 2, relu: true, bias: true, algorithm: algo, threads: 2, seed: 90)
            }
        }
    }

    func testFoldBatchNorm() {
        var rng = SplitMix64(seed: 600)
        let cin = 5, cout = 7, h = 6, w = 9, batch = 2
        let wts = GuardedBuffer(random: cout * cin * 9, &rng), bias = GuardedBuffer(random: cout, &rng)
        let gamma = GuardedBuffer(random: cout, &rng), beta = GuardedBuffer(random: cout, &rng), mean = GuardedBuffer(random: cout, &rng)
        let variance = GuardedBuffer(cout)
        for i in 0..<cout { variance.p[i] = 0.5 + Swift.abs(rng.uniform()) }
        let x = GuardedBuffer(random: batch * cin * h * w, &rng)
        let n = batch * cout * h * w
        let convOut = GuardedBuffer(n), want = GuardedBuffer(n)
        Reference.conv2d(input: x.p, batch: batch, inChannels: cin, height: h, width: w, weights: wts.p, bias: bias.p,
                         outChannels: cout, kernel: 3, stride: 1, padding: 1, output: convOut.p, relu: false)
        Reference.batchNorm2d(input: convOut.p, batch: batch, channels: cout, height: h, width: w, gamma: gamma.p, beta: beta.p,
                              mean: mean.p, variance: variance.p, eps: 1e-5, output: want.p)
        foldBatchNorm(weights: wts.buffer, bias: bias.buffer, outChannels: cout, weightsPerChannel: cin * 9, gamma: gamma.input,
                      beta: beta.input, mean: mean.input, variance: variance.input, eps: 1e-5)
        let got = GuardedBuffer(n)
        Reference.conv2d(input: x.p, batch: batch, inChannels: cin, height: h, width: w, weights: wts.p, bias: bias.p,
                         outChannels: cout, kernel: 3, stride: 1, padding: 1, output: got.p, relu: false)
        assertClose(got, want, count: n, abs: 1e-4, rel: 1e-4, "foldBatchNorm", seed: 600)
        // foldBatchNorm writes weights and bias in place: nothing past them.
        wts.assertGuardIntact("foldBatchNorm weights", seed: 600)
        bias.assertGuardIntact("foldBatchNorm bias", seed: 600)
        convOut.assertGuardIntact("Reference.conv2d", seed: 600)
    }

    /// A standalone BatchNorm (no conv before it) against Reference.batchNorm2d, over odd planes and batch 2; scale and
    /// shift folded from the statistics as the runtime folds them. In place: nothing is written past the map.
    func testApplyBatchNorm() {
        var seed: UInt64 = 610
        for (channels, h, w) in [(1, 1, 1), (3, 5, 7), (17, 2, 9)] {
            var rng = SplitMix64(seed: seed)
            let gamma = GuardedBuffer(random: channels, &rng), beta = GuardedBuffer(random: channels, &rng)
            let mean = GuardedBuffer(random: channels, &rng), variance = GuardedBuffer(channels)
            for i in 0..<channels { variance.p[i] = 0.5 + Swift.abs(rng.uniform()) }
            let n = 2 * channels * h * w
            let x = GuardedBuffer(random: n, &rng), want = GuardedBuffer(n)
            Reference.batchNorm2d(input: x.p, batch: 2, channels: channels, height: h, width: w, gamma: gamma.p, beta: beta.p,
                                  mean: mean.p, variance: variance.p, eps: 1e-5, output: want.p)
            let scale = (0..<channels).map { gamma[$0] / (variance[$0] + 1e-5).squareRoot() }
            let shift = (0..<channels).map { beta[$0] - mean[$0] * scale[$0] }
            scale.withUnsafeBufferPointer { scale in
                shift.withUnsafeBufferPointer { shift in
                    applyBatchNorm(x.buffer, batch: 2, channels: channels, plane: h * w, scale: scale, shift: shift)
                }
            }
            assertClose(x, want, count: n, abs: 1e-5, rel: 1e-5, "applyBatchNorm c=\(channels) \(h)x\(w)", seed: seed)
            seed += 1
        }
    }
}
