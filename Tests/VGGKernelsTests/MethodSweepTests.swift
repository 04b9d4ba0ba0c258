import VGGTestSupport
import XCTest
@testable import VGGKernels

/// Every conv method the execution plan can pick, on every map size it may pick it for: tiny maps (1x1 to 8x8, where
/// the cost model prefers streaming or GEMM), odd sizes (97x131 and friends), a few large maps up to 224, batch 1-3,
/// few channels (1-64), with and without the fused 2x2 pool, 1 and 2 threads, on every ISA this CPU has: against the
/// naive twins (Reference.conv2d, Reference.maxPool2x2), NaN-filled guarded outputs and workspaces.
final class MethodSweepTests: XCTestCase {
    private static let methods: [(ConvAlgorithm, Bool)] = [(.gemm, false), (.winograd, false), (.winograd, true), (.stream, false),
                                                                    (.gemmRows, false)]

    func testTinyMapsEveryMethod() {
        forEachISA {
            var seed: UInt64 = 31000
            for (algorithm, f2) in Self.methods {
                for (h, w) in [(1, 1), (2, 2), (3, 3), (4, 4), (2, 5), (5, 3), (6, 6), (7, 7), (8, 8)] {
                    seed += 1
                    let batch = 1 + Int(seed % 3)
                    let cin = [1, 16, 37, 64][Int(seed % 4)], cout = [6, 13, 64, 50][Int(seed / 4 % 4)]
                    checkConv(cin: cin, cout: cout, h: h, w: w, batch: batch, relu: seed % 2 == 0, bias: seed % 3 != 0,
                              algorithm: algorithm, threads: 1 + Int(seed % 2), seed: seed, f2: f2)
                    if h >= 2 && w >= 2 {
                        checkConvPool(cin: cin, cout: cout, h: h, w: w, batch: batch, relu: seed % 2 == 1,
                                      algorithm: algorithm, threads: 1 + Int(seed / 2 % 2), seed: seed + 500, f2: f2)
                    }
                }
            }
        }
    }

    /// The stream path's own edges: rows past its 32-row group (3 x 4 x 4 = 48 rows), a single row, Cout crossing its
    /// 48-row units, strided and 1x1 / 5x5 geometries, Cin*k*k not a multiple of 8.
    func testStreamEdges() {
        forEachISA {
            let cases: [(cin: Int, cout: Int, h: Int, w: Int, k: Int, s: Int, p: Int, b: Int)] = [
                (5, 49, 4, 4, 3, 1, 1, 3), (512, 97, 1, 1, 3, 1, 1, 1), (64, 100, 2, 2, 1, 1, 0, 2), (7, 9, 9, 9, 5, 2, 2, 1),
                (3, 130, 3, 5, 3, 2, 0, 2), (0, 5, 2, 2, 3, 1, 1, 1),
            ]
            for (i, c) in cases.enumerated() {
                checkConv(cin: c.cin, cout: c.cout, h: c.h, w: c.w, k: c.k, stride: c.s, pad: c.p, batch: c.b, relu: i % 2 == 0,
                          bias: true, algorithm: .stream, threads: 2, seed: 32000 + UInt64(i))
            }
        }
    }

    /// The pixels-as-rows GEMM's own edges: rows around its 6-row panels (1, 5, 6, 7, 13, 512 = a 2x2 map at batch
    /// 128), Cout around its 32-column units (1, 31, 33, 97), K past the 256-deep blocks (accumulating), strided, 1x1
    /// and 5x5 geometries, pools on odd maps, no input channels, threads beyond the column units.
    func testGEMMRowsEdges() {
        forEachISA {
            let cases: [(cin: Int, cout: Int, h: Int, w: Int, k: Int, s: Int, p: Int, b: Int)] = [
                (5, 33, 1, 1, 3, 1, 1, 1), (300, 31, 1, 5, 3, 1, 1, 1), (64, 97, 2, 3, 3, 1, 1, 1), (16, 1, 7, 1, 3, 1, 1, 1),
                (29, 40, 13, 1, 3, 1, 1, 1), (8, 64, 2, 2, 3, 1, 1, 128), (7, 9, 9, 9, 5, 2, 2, 2), (64, 100, 2, 2, 1, 1, 0, 3),
                (0, 5, 2, 2, 3, 1, 1, 1), (3, 130, 5, 3, 3, 2, 0, 2), (600, 70, 4, 4, 3, 1, 1, 1),
            ]
            for (i, c) in cases.enumerated() {
                let seed = 37000 + UInt64(i)
                checkConv(cin: c.cin, cout: c.cout, h: c.h, w: c.w, k: c.k, stride: c.s, pad: c.p, batch: c.b, relu: i % 2 == 0,
                          bias: i % 3 != 0, algorithm: .gemmRows, threads: [1, 2, 5][i % 3], seed: seed)
                if c.h >= 2 && c.w >= 2 && c.cin > 0 {
                    checkConvPool(cin: c.cin, cout: c.cout, h: c.h, w: c.w, k: c.k, stride: c.s, pad: c.p, batch: c.b,
                                  relu: i % 2 == 1, algorithm: .gemmRows, threads: 2, seed: seed + 100)
                }
            }
        }
    }

    /// The GEMM with the batch folded into its columns (small maps, batch > 1): groups of whole images (5 of 25
    /// pixels per 128-column group, a partial last group), panels spanning image boundaries, Cout split across threads,
    /// strided and 1x1 geometries, no input channels.
    func testFoldedGEMMGroups() {
        forEachISA {
            let cases: [(cin: Int, cout: Int, h: Int, w: Int, k: Int, s: Int, p: Int, b: Int)] = [
                (9, 13, 5, 5, 3, 1, 1, 7), (64, 70, 2, 2, 3, 1, 1, 64), (300, 8, 3, 3, 3, 1, 1, 5), (16, 24, 8, 8, 1, 1, 0, 3),
                (5, 7, 9, 11, 3, 2, 1, 6), (0, 5, 4, 4, 3, 1, 1, 3), (3, 12, 7, 6, 3, 1, 1, 9),
            ]
            for (i, c) in cases.enumerated() {
                let seed = 35000 + UInt64(i)
                checkConv(cin: c.cin, cout: c.cout, h: c.h, w: c.w, k: c.k, stride: c.s, pad: c.p, batch: c.b, relu: i % 2 == 0,
                          bias: true, algorithm: .gemm, threads: 1 + i % 2, seed: seed)
                if c.h >= 2 && c.w >= 2 && c.cin > 0 {
                    checkConvPool(cin: c.cin, cout: c.cout, h: c.h, w: c.w, k: c.k, stride: c.s, pad: c.p, batch: c.b,
                                  relu: i % 2 == 1, algorithm: .gemm, threads: 2 - i % 2, seed: seed + 100)
                }
            }
        }
    }

    /// 4x4 maps at batch 1: a task's pixels are one full 16-column panel, which the AVX-512 path multiplies two weight
    /// panels at a time (12x16 tiles); odd panel counts, K blocks past 256 (accumulating), with and without the pool.
    func testLoneFullPanelPairs() {
        forEachISA {
            for (i, (cin, cout)) in [(37, 50), (300, 13), (64, 512), (5, 12), (16, 7)].enumerated() {
                let seed = 36000 + UInt64(i)
                checkConv(cin: cin, cout: cout, h: 4, w: 4, batch: 1, relu: i % 2 == 0, bias: true, algorithm: .gemm,
                          threads: 1 + i % 2, seed: seed)
                checkConvPool(cin: cin, cout: cout, h: 4, w: 4, batch: 1, relu: true, algorithm: .gemm, threads: 2 - i % 2,
                              seed: seed + 100)
                checkConvPool(cin: cin, cout: cout, h: 8, w: 4, batch: 1, relu: false, algorithm: .gemm, threads: 2, seed: seed + 200)
            }
        }
    }

    /// Odd and larger maps for the methods the model picks there (GEMM, both Winograd variants), few channels.
    func testOddAndLargeMaps() {
        forEachISA {
            var seed: UInt64 = 33000
            for (algorithm, f2) in Self.methods where algorithm != .stream {
                for (h, w, batch, cin, cout) in [(97, 131, 1, 3, 16), (31, 33, 3, 16, 24), (57, 19, 2, 1, 32), (224, 224, 1, 3, 4),
                                                 (112, 112, 1, 16, 8)] {
                    seed += 1
                    checkConv(cin: cin, cout: cout, h: h, w: w, batch: batch, relu: true, bias: true, algorithm: algorithm,
                              threads: 2, seed: seed, f2: f2)
                    checkConvPool(cin: cin, cout: cout, h: h, w: w, batch: batch, relu: true, algorithm: algorithm,
                                  threads: 2, seed: seed + 500, f2: f2)
                }
            }
        }
    }

    /// Configurations the plan may fill in besides the method: a K block that splits Cin, fixed tile blocks, more
    /// threads than cores.
    func testWinogradConfigurations() {
        forEachISA {
            var rng = SplitMix64(seed: 34000)
            let (cin, cout, h, w, batch) = (70, 20, 13, 11, 2)
            let wts = GuardedBuffer(random: cout * cin * 9, &rng, scale: 0.1)
            let bias = GuardedBuffer(random: cout, &rng, scale: 0.1)
            let x = GuardedBuffer(random: batch * cin * h * w, &rng)
            let n = batch * cout * h * w
            let want = GuardedBuffer(n)
            Reference.conv2d(input: x.p, batch: batch, inChannels: cin, height: h, width: w, weights: wts.p, bias: bias.p,
                             outChannels: cout, kernel: 3, stride: 1, padding: 1, output: want.p, relu: true)
            for method in [ConvMethod.winogradF4, .winogradF2] {
                for (kBlock, tileBlock, threads) in [(32, 16, 1), (64, 48, 3), (512, nil, 5)] as [(Int, Int?, Int)] {
                    let config = ConvConfig(method: method, isa: testISA, threads: threads, kBlock: kBlock, tileBlock: tileBlock)
                    let conv = Conv2dKernel(weights: wts.input, bias: bias.input, outChannels: cout, inChannels: cin, kernel: 3,
                                            stride: 1, padding: 1, config: config)
                    let got = GuardedBuffer(n), ws = GuardedBuffer(conv.workspaceCount(batch: batch, height: h, width: w))
                    conv.forward(input: x.input, batch: batch, height: h, width: w, output: got.buffer, relu: true, workspace: ws.buffer,
                                 pool: Parallelism(threads: threads))
                    ws.assertGuardIntact("\(config) workspace", seed: 34000)
                    assertClose(got, want, count: n, abs: 1e-3 * max(maxAbs(want, n), 1e-3), rel: 1e-3, "\(config)", seed: 34000)
                }
            }
        }
    }
}
