import VGGTestSupport
import XCTest
@testable import VGGKernels

/// Conv2dKernel with maxPool2x2 (pool fused into the epilogue) against the naive chain Reference.conv2d (+ReLU) ->
/// Reference.maxPool2x2, with checkConv's tolerances; and against the same fast conv unfused followed by
/// Pooling.maxPool2x2 (Winograd: bit for bit - the fused epilogue only saves the memory pass, it changes no value).
func checkConvPool(cin: Int, cout: Int, h: Int, w: Int, k: Int = 3, stride: Int = 1, pad: Int = 1, batch: Int = 1,
                   relu: Bool, bias hasBias: Bool = true, algorithm: ConvAlgorithm, threads: Int, seed: UInt64,
                   f2: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
    let c = SeededConv(cin: cin, cout: cout, h: h, w: w, k: k, stride: stride, pad: pad, batch: batch, hasBias: hasBias,
                       algorithm: algorithm, threads: threads, seed: seed, f2: f2)
    let (conv, x) = (c.conv, c.input)
    let (oh, ow) = conv.outputSize(height: h, width: w)
    let (ph, pw) = conv.outputSize(height: h, width: w, maxPool2x2: true)
    XCTAssertEqual(ph, oh / 2, file: file, line: line)
    XCTAssertEqual(pw, ow / 2, file: file, line: line)
    let full = batch * cout * oh * ow, n = batch * cout * ph * pw
    let pool = Parallelism(threads: threads)

    let got = GuardedBuffer(n)
    let ws = GuardedBuffer(conv.workspaceCount(batch: batch, height: h, width: w, maxPool2x2: true))
    conv.forward(input: x.input, batch: batch, height: h, width: w, output: got.buffer, relu: relu, maxPool2x2: true,
                 workspace: ws.buffer, pool: pool)

    let convRef = GuardedBuffer(full), want = GuardedBuffer(n)
    c.reference(batch: batch, h: h, w: w, relu: relu, into: convRef)
    Reference.maxPool2x2(input: convRef.p, batch: batch, channels: cout, height: oh, width: ow, output: want.p)

    let used = conv.method
    let what = "conv+pool[\(used.rawValue)] b=\(batch) cin=\(cin) cout=\(cout) \(h)x\(w) k=\(k) s=\(stride) p=\(pad)"
        + " relu=\(relu) bias=\(hasBias) threads=\(threads)"
    let scale = max(maxAbs(convRef, full), 1e-3)
    let atol = c.absoluteTolerance(scale)
    ws.assertGuardIntact(what + " workspace", seed: seed, file: file, line: line)
    convRef.assertGuardIntact(what + " Reference.conv2d", seed: seed, file: file, line: line)
    assertClose(got, want, count: n, abs: atol, rel: 1e-3, what + " vs naive", seed: seed, file: file, line: line)

    let unfused = GuardedBuffer(full), pooled = GuardedBuffer(n)
    let ws2 = GuardedBuffer(conv.workspaceCount(batch: batch, height: h, width: w))
    conv.forward(input: x.input, batch: batch, height: h, width: w, output: unfused.buffer, relu: relu, workspace: ws2.buffer,
                 pool: pool)
    Pooling.maxPool2x2(input: unfused.input, batch: batch, channels: cout, height: oh, width: ow, output: pooled.buffer, pool: pool)
    ws2.assertGuardIntact(what + " unfused workspace", seed: seed, file: file, line: line)
    unfused.assertGuardIntact(what + " unfused output", seed: seed, file: file, line: line)
    // Winograd: same plan and transforms, max before bias/ReLU is exact -> bit for bit. GEMM: the cropped, banded pixel
    // slices put pixels in other micro-kernel tiles (full vs edge kernels round differently) -> the GEMM tolerance.
    let exact = used != .gemm   // stream: the same values, pooled in its epilogue
    assertClose(got, pooled, count: n, abs: exact ? 0 : atol, rel: exact ? 0 : 1e-5, what + " vs unfused fast conv + maxPool2x2",
                seed: seed, file: file, line: line)
}

final class FusedPoolTests: XCTestCase {
    static let sizes = [1, 2, 3, 5, 7, 8, 13, 14, 28]

    /// Every (H, W) pair of odd and even sizes (1 and 2 included: empty pooled maps, single windows), both Winograd
    /// variants and GEMM, Cout not a multiple of 6 or 8, batch 1 and 2, 1 and 2 threads, ReLU on (and some off).
    func sweep(algorithm: ConvAlgorithm, f2: Bool, seed start: UInt64) {
        forEachISA {
            var seed = start
            let cins = [1, 5, 17], couts = [5, 7, 13, 17, 1]
            for h in Self.sizes {
                for w in Self.sizes {
                    checkConvPool(cin: cins[Int(seed % 3)], cout: couts[Int(seed % 5)], h: h, w: w, batch: seed % 4 == 3 ? 1 : 2,
                                  relu: seed % 7 != 0, bias: seed % 5 != 4, algorithm: algorithm,
                                  threads: 1 + Int(seed % 2), seed: seed, f2: f2)
                    seed += 1
                }
            }
        }
    }

    func testWinogradF4PoolSweep() { sweep(algorithm: .winograd, f2: false, seed: 11000) }
    func testWinogradF2PoolSweep() { sweep(algorithm: .winograd, f2: true, seed: 12000) }
    func testGemmPoolSweep() { sweep(algorithm: .gemm, f2: false, seed: 13000) }

    /// Maps wide enough for the 8-adjacent-tile vector stores (F4: 32 columns, F2: 16), clipped right/bottom tiles,
    /// tile rows whose last tile is partial, and groups mixing tiles of two rows or two images.
    func testWinogradPoolWideMaps() {
        forEachISA {
            var seed: UInt64 = 14000
            for f2 in [false, true] {
                for (h, w) in [(4, 32), (5, 33), (8, 35), (9, 64), (6, 66), (13, 40), (33, 71), (16, 16), (3, 17)] {
                    for threads in [1, 2] {
                        checkConvPool(cin: 6, cout: 13, h: h, w: w, batch: 2, relu: true, algorithm: .winograd,
                                      threads: threads, seed: seed, f2: f2)
                        seed += 1
                    }
                }
            }
        }
    }

    /// VGG-like channel counts: K blocks past 512, the shared-V schedule (few tiles, Cout split), the 32-tile blocks
    /// of >= 512-tile maps, and the GEMM path's band groups (narrow maps) and several slices per band (wide maps).
    func testPoolVGGMagnitudes() {
        forEachISA {
            checkConvPool(cin: 64, cout: 70, h: 28, w: 28, batch: 2, relu: true, algorithm: .winograd, threads: 2, seed: 15001)
            checkConvPool(cin: 600, cout: 13, h: 7, w: 7, batch: 2, relu: true, algorithm: .winograd, threads: 2, seed: 15002)
            checkConvPool(cin: 32, cout: 100, h: 14, w: 14, batch: 1, relu: true, algorithm: .winograd, threads: 2, seed: 15003)
            checkConvPool(cin: 19, cout: 13, h: 90, w: 94, batch: 1, relu: true, algorithm: .winograd, threads: 2, seed: 15004)
            checkConvPool(cin: 600, cout: 20, h: 14, w: 14, batch: 1, relu: true, algorithm: .winograd, threads: 2, seed: 15005, f2: true)
            checkConvPool(cin: 3, cout: 64, h: 70, w: 70, batch: 1, relu: true, algorithm: .gemm, threads: 2, seed: 15006)
            checkConvPool(cin: 64, cout: 40, h: 14, w: 15, batch: 2, relu: true, algorithm: .gemm, threads: 2, seed: 15007)
            checkConvPool(cin: 29, cout: 13, h: 17, w: 9, batch: 1, relu: false, algorithm: .gemm, threads: 1, seed: 15008)
            checkConvPool(cin: 3, cout: 7, h: 3, w: 131, batch: 2, relu: true, algorithm: .gemm, threads: 2, seed: 15009)
        }
    }

    /// The GEMM path takes any geometry: pooling follows the conv's own (strided, unpadded, ...) output size.
    func testGemmPoolGeometries() {
        forEachISA {
            var seed: UInt64 = 16000
            for (k, s, p) in [(1, 1, 0), (3, 2, 1), (5, 1, 2), (3, 1, 0), (2, 2, 0), (7, 2, 3)] {
                for (h, w) in [(1, 1), (5, 7), (13, 13), (20, 3)] {
                    checkConvPool(cin: 3 + Int(seed % 5), cout: 7, h: h, w: w, k: k, stride: s, pad: p, batch: 2,
                                  relu: seed % 2 == 0, algorithm: .gemm, threads: 2, seed: seed)
                    seed += 1
                }
            }
        }
    }

    func testZeroInputChannelsPoolToBias() {
        forEachISA {
            checkConvPool(cin: 0, cout: 7, h: 5, w: 6, batch: 2, relu: true, algorithm: .gemm, threads: 2, seed: 17001)
            checkConvPool(cin: 0, cout: 7, h: 5, w: 6, batch: 2, relu: false, algorithm: .winograd, threads: 1, seed: 17002)
        }
    }

    func testPooledWorkspacePlanningMatchesKernels() {
        var rng = SplitMix64(seed: 4)
        for (cin, cout, k, s, p) in [(3, 64, 3, 1, 1), (64, 128, 3, 1, 1), (17, 5, 3, 1, 1), (16, 8, 3, 2, 1), (8, 8, 1, 1, 0)] {
            let w = GuardedBuffer(random: cout * cin * k * k, &rng)
            for method in ConvMethod.allCases where method.supports(kernel: k, stride: s, padding: p, inChannels: cin) {
                for threads in [1, 3] {
                    let config = ConvConfig(method: method, isa: .detected, threads: threads)
                    let conv = Conv2dKernel(weights: w.input, bias: nil, outChannels: cout, inChannels: cin, kernel: k, stride: s,
                                            padding: p, config: config)
                    for (b, h, wd) in [(1, 224, 224), (2, 13, 7), (1, 1, 1), (1, 14, 14)] {
                        XCTAssertEqual(Conv2dKernel.workspaceCount(outChannels: cout, inChannels: cin, kernel: k, stride: s, padding: p,
                                                                   config: config, batch: b, height: h, width: wd, maxPool2x2: true),
                                       conv.workspaceCount(batch: b, height: h, width: wd, maxPool2x2: true),
                                       "cin=\(cin) cout=\(cout) k=\(k) s=\(s) p=\(p) \(method) \(b)x\(h)x\(wd)")
                    }
                }
            }
        }
    }
}
