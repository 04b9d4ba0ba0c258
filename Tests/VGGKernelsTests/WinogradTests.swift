import VGGTestSupport
import XCTest
@testable import VGGKernels

final class WinogradTests: XCTestCase {
    func testWinogradSmallSweep() {
        forEachISA {
            var seed: UInt64 = 7000
            for cin in [1, 3, 5, 17] {
                for cout in [1, 5, 17] {
                    for (h, w) in [(1, 1), (2, 3), (5, 5), (7, 13), (13, 7), (6, 9), (17, 18)] {
                        checkConv(cin: cin, cout: cout, h: h, w: w, batch: 1 + Int(seed % 2), relu: seed % 3 != 0,
                                          bias: seed % 4 != 0, algorithm: .winograd, threads: 1 + Int(seed % 2), seed: seed)
                        seed += 1
                    }
                }
            }
        }
    }

    func testWinogradF2Sweep() {
        forEachISA {
            var seed: UInt64 = 8000
            for cin in [1, 5, 17] {
                for cout in [1, 17] {
                    for (h, w) in [(1, 1), (2, 3), (5, 5), (7, 13), (14, 14), (17, 40)] {
                        checkConv(cin: cin, cout: cout, h: h, w: w, batch: 1 + Int(seed % 2), relu: seed % 3 != 0,
                                  bias: seed % 4 != 0, algorithm: .winograd, threads: 1 + Int(seed % 2), seed: seed, f2: true)
                        seed += 1
                    }
                }
            }
            checkConv(cin: 512, cout: 40, h: 14, w: 14, relu: true, bias: true, algorithm: .winograd, threads: 2, seed: 81, f2: true)
        }
    }

    func testWinogradVGGMagnitudes() {
        forEachISA {
            // VGG-16-like channel counts and maps, He-init weights, outputs compared at 1e-3 of max |ref|.
            checkConv(cin: 512, cout: 64, h: 14, w: 14, batch: 1, relu: false, bias: true, algorithm: .winograd, threads: 2, seed: 71)
            checkConv(cin: 256, cout: 24, h: 56, w: 56, batch: 1, relu: true, bias: true, algorithm: .winograd, threads: 2, seed: 72)
            checkConv(cin: 64, cout: 70, h: 28, w: 28, batch: 2, relu: true, bias: false, algorithm: .winograd, threads: 1, seed: 73)
            checkConv(cin: 300, cout: 13, h: 7, w: 7, batch: 2, relu: false, bias: true, algorithm: .winograd, threads: 2, seed: 74)
            // AVX-512 12x32 pairs of A panels, K blocks 512 + 16 (accumulate): Cout 30 = 5 panels, split over 3 tasks at
            // 1 thread (1 + 2 + 2 panels; at 2 threads every task would get a single panel, and no pairs).
            checkConv(cin: 528, cout: 30, h: 28, w: 20, batch: 2, relu: true, bias: true, algorithm: .winograd, threads: 1, seed: 76)
            // 12x16 (a pair's lone 16-tile panel, as on 14x14 maps) with the accumulate pass: 12 panels, 2 per task.
            checkConv(cin: 520, cout: 72, h: 14, w: 14, batch: 1, relu: true, bias: true, algorithm: .winograd, threads: 2, seed: 77)
            // >= 512 tiles (23x24 = 552, partial last panel): the 32-tile blocks of large maps.
            checkConv(cin: 19, cout: 13, h: 90, w: 94, batch: 1, relu: true, bias: true, algorithm: .winograd, threads: 2, seed: 75)
        }
    }

    func testStaticPlanningMatchesKernels() {
        var rng = SplitMix64(seed: 3)
        for (cin, cout, k, s, p) in [(3, 64, 3, 1, 1), (64, 128, 3, 1, 1), (17, 5, 3, 1, 1), (16, 8, 3, 2, 1), (8, 8, 1, 1, 0), (512, 20, 3, 1, 1)] {
            let w = GuardedBuffer(random: cout * cin * k * k, &rng)
            for algo in ConvAlgorithm.allCases {
                let conv = Conv2dKernel(weights: w.input, bias: nil, outChannels: cout, inChannels: cin, kernel: k, stride: s,
                                        padding: p, algorithm: algo)
                let what = "cin=\(cin) cout=\(cout) k=\(k) s=\(s) p=\(p) \(algo)"
                XCTAssertEqual(Conv2dKernel.plannedAlgorithm(inChannels: cin, kernel: k, stride: s, padding: p, algorithm: algo),
                               conv.algorithm, what)
                XCTAssertEqual(Conv2dKernel.packedBytes(outChannels: cout, inChannels: cin, kernel: k, stride: s, padding: p,
                                                        algorithm: algo), conv.packedBytes, what)
                for (b, h, wd) in [(1, 224, 224), (2, 13, 7), (1, 1, 1)] {
                    XCTAssertEqual(Conv2dKernel.workspaceCount(outChannels: cout, inChannels: cin, kernel: k, stride: s, padding: p,
                                                               algorithm: algo, batch: b, height: h, width: wd),
                                   conv.workspaceCount(batch: b, height: h, width: wd), what)
                    // A kernel sizes for Parallelism.available workers, the static default.
                    XCTAssertEqual(Conv2dKernel.workspaceCount(outChannels: cout, inChannels: cin, kernel: k, stride: s, padding: p,
                                                               algorithm: algo, batch: b, height: h, width: wd,
                                                               workers: Parallelism.available),
                                   conv.workspaceCount(batch: b, height: h, width: wd), what)
                }
            }
        }
    }

    /// `workers` scales the per-worker scratch: im2col's kc x 128 slice per worker (by hand), Winograd's M + V slots.
    func testStaticWorkspaceForOtherWorkerCounts() {
        for workers in [1, 3, 8] {
            XCTAssertEqual(Conv2dKernel.workspaceCount(outChannels: 64, inChannels: 64, kernel: 3, stride: 1, padding: 1,
                                                       algorithm: .gemm, batch: 1, height: 56, width: 56, workers: workers),
                           workers * 256 * 128, "workers \(workers)")
            XCTAssertEqual(Conv2dKernel.workspaceCount(outChannels: 64, inChannels: 64, kernel: 3, stride: 1, padding: 1,
                                                       algorithm: .winograd, batch: 1, height: 56, width: 56, workers: workers),
                           WinogradConv.workspaceCount(variant: .f4, cin: 64, cout: 64, batch: 1, height: 56, width: 56,
                                                       workers: workers), "workers \(workers)")
        }
    }

    func testAutoPicksAndFallsBack() {
        var rng = SplitMix64(seed: 1)
        let w = GuardedBuffer(random: 8 * 3 * 9, &rng)
        let first = Conv2dKernel(weights: w.input, bias: nil, outChannels: 8, inChannels: 3, kernel: 3, stride: 1, padding: 1)
        XCTAssertEqual(first.algorithm, .gemm)
        let w2 = GuardedBuffer(random: 8 * 64 * 9, &rng)
        let deep = Conv2dKernel(weights: w2.input, bias: nil, outChannels: 8, inChannels: 64, kernel: 3, stride: 1, padding: 1)
        XCTAssertEqual(deep.algorithm, .winograd)
        let strided = Conv2dKernel(weights: w2.input, bias: nil, outChannels: 8, inChannels: 64, kernel: 3, stride: 2, padding: 1,
                                   algorithm: .winograd)
        XCTAssertEqual(strided.algorithm, .gemm)
    }
}
