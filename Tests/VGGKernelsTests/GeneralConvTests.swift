import XCTest
@testable import VGGKernels

/// The paper's and AlexNet's conv shapes on the im2col GEMM path: 1x1 (a plain GEMM), 5x5 pad 2, 7x7 pad 3,
/// 11x11/4 with padding 1 (d2l) and 2 (torchvision), 3x3/2; K = Cin*k*k below, at and past the 256-deep K block;
/// channel counts that are not multiples of 8 (or of the 6-row panels); batch 1-3; maps whose pixel counts leave
/// every 16-pixel panel remainder and cross the 128-pixel task chunk; strided rows of 16+ outputs (the strided
/// packing path) with and without padding at their ends.
final class GeneralConvTests: XCTestCase {
    func testPaperGeometries() {
        forEachISA {
            var seed: UInt64 = 7000
            let shapes: [(k: Int, s: Int, p: Int, sizes: [(Int, Int)])] = [
                (11, 4, 1, [(11, 11), (35, 37), (63, 63), (12, 50), (15, 75)]),
                (11, 4, 2, [(9, 9), (35, 37), (67, 61), (13, 83)]),
                (5, 1, 2, [(1, 1), (5, 9), (13, 13), (17, 6)]),
                (7, 1, 3, [(1, 2), (7, 7), (15, 11)]),
                (3, 2, 1, [(2, 2), (13, 13), (27, 9), (9, 40), (5, 67)]),
                (1, 1, 0, [(1, 1), (3, 5), (13, 13), (16, 16), (17, 9)]),
            ]
            for shape in shapes {
                for (h, w) in shape.sizes {
                    let cin = [1, 3, 5, 13][Int(seed % 4)], cout = [1, 7, 13, 16][Int(seed / 4 % 4)]
                    checkConv(cin: cin, cout: cout, h: h, w: w, k: shape.k, stride: shape.s, pad: shape.p, batch: 1 + Int(seed % 3),
                              relu: seed % 2 == 0, bias: seed % 5 != 0, algorithm: .auto, threads: 1 + Int(seed % 2), seed: seed)
                    seed += 1
                }
            }
        }
    }

    /// K = Cin*k*k around the 256-deep K block: 1x1 with Cin 255/256/257/520, 11x11 with Cin 2 (242) and 3 (363),
    /// 5x5 with Cin 10 (250) and 11 (275).
    func testDepthAroundKBlock() {
        forEachISA {
            var seed: UInt64 = 7100
            for (cin, k, s, p, hw) in [(255, 1, 1, 0, 9), (256, 1, 1, 0, 12), (257, 1, 1, 0, 11), (520, 1, 1, 0, 7),
                                       (2, 11, 4, 2, 31), (3, 11, 4, 1, 39), (10, 5, 1, 2, 9), (11, 5, 1, 2, 12)] {
                checkConv(cin: cin, cout: 9 + Int(seed % 8), h: hw, w: hw + 2, k: k, stride: s, pad: p, batch: 1 + Int(seed % 3),
                          relu: true, bias: true, algorithm: .auto, threads: 2, seed: seed)
                seed += 1
            }
        }
    }

    /// The fused 2x2 pool after a 1x1 or 5x5 conv: its cropped geometry on odd maps must not take the 1x1 plane copy.
    func testFusedPoolAfterOtherKernels() {
        forEachISA {
            var seed: UInt64 = 7200
            for (k, p) in [(1, 0), (5, 2), (7, 3)] {
                for (h, w) in [(3, 3), (7, 13), (13, 7), (16, 17), (9, 40)] {
                    checkConvPool(cin: 3 + Int(seed % 6), cout: 7 + Int(seed % 5), h: h, w: w, k: k, stride: 1, pad: p,
                                  batch: 1 + Int(seed % 3), relu: true, algorithm: .gemm, threads: 1 + Int(seed % 2), seed: seed)
                    seed += 1
                }
            }
        }
    }

    func testPlannedAlgorithmKeepsWinogradFor3x3Only() {
        XCTAssertEqual(Conv2dKernel.plannedAlgorithm(inChannels: 64, kernel: 3, stride: 1, padding: 1), .winograd)
        for (k, s, p) in [(1, 1, 0), (5, 1, 2), (7, 1, 3), (11, 4, 2), (3, 2, 1), (3, 1, 0)] {
            XCTAssertEqual(Conv2dKernel.plannedAlgorithm(inChannels: 64, kernel: k, stride: s, padding: p), .gemm, "k=\(k) s=\(s) p=\(p)")
        }
    }
}
