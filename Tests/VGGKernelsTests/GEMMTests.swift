import VGGTestSupport
import XCTest
@testable import VGGKernels

final class GEMMTests: XCTestCase {
    func check(m: Int, n: Int, k: Int, lda: Int? = nil, accumulate: Bool, threads: Int, seed: UInt64,
               file: StaticString = #filePath, line: UInt = #line) {
        var rng = SplitMix64(seed: seed)
        let lda = lda ?? k, ldb = n + 3, ldc = n + 1
        let a = GuardedBuffer(random: m * lda, &rng), b = GuardedBuffer(random: k * ldb, &rng)
        let c0 = GuardedBuffer(random: m * ldc, &rng)
        let got = GuardedBuffer(m * ldc), want = GuardedBuffer(m * ldc)
        got.p.update(from: c0.p, count: m * ldc)
        want.p.update(from: c0.p, count: m * ldc)
        if !accumulate { for i in 0..<m { for j in 0..<n { got.p[i * ldc + j] = .nan } } }
        GEMM.sgemm(m: m, n: n, k: k, a: a.input, lda: lda, b: b.input, ldb: ldb, c: got.buffer, ldc: ldc,
                   accumulate: accumulate, pool: Parallelism(threads: threads))
        Reference.sgemm(m: m, n: n, k: k, a: a.p, lda: lda, b: b.p, ldb: ldb, c: want.p, ldc: ldc, accumulate: accumulate)
        let tol = 1e-5 * Float(k + 1)
        assertClose(got, want, count: m * ldc, abs: tol, rel: 1e-5,
                    "sgemm m=\(m) n=\(n) k=\(k) acc=\(accumulate) threads=\(threads)", seed: seed, file: file, line: line)
    }

    func testEveryTileRemainder() {
        forEachISA {
            var seed: UInt64 = 1
            for m in 1...20 {
                for n in 1...20 {
                    for k in [1, 7] {
                        check(m: m, n: n, k: k, accumulate: (m + n) % 2 == 0, threads: 1 + (m * n) % 2, seed: seed)
                        seed += 1
                    }
                }
            }
        }
    }

    func testAroundBlockSizes() {
        forEachISA {
            var seed: UInt64 = 1000
            for (m, n, k) in [(13, 35, 255), (13, 35, 256), (13, 35, 257), (7, 17, 513), (150, 40, 300), (145, 33, 20),
                              (289, 70, 9), (3, 3100, 5), (64, 64, 64), (200, 300, 270)] {
                for threads in [1, 2] {
                    for acc in [false, true] {
                        check(m: m, n: n, k: k, accumulate: acc, threads: threads, seed: seed)
                        seed += 1
                    }
                }
            }
        }
    }

    func testKZero() {
        forEachISA {
            check(m: 5, n: 9, k: 0, lda: 1, accumulate: false, threads: 1, seed: 7)
            check(m: 5, n: 9, k: 0, lda: 1, accumulate: true, threads: 2, seed: 8)
        }
    }

    func testStridedLda() {
        forEachISA {
            check(m: 31, n: 29, k: 40, lda: 45, accumulate: false, threads: 2, seed: 9)
        }
    }

    /// TileRow with the AVX-512 kernels (6x32 pairs, lone 6x16 zmm panel) against the AVX2 kernel on the same packed
    /// panels, every epilogue (accumulate, bias, ReLU), full and edge rows, and a narrow last panel.
    func testWideTileRowMatchesAVX2() throws {
        guard KernelISA.detected == .avx512 else {
            throw XCTSkip("this CPU has no AVX-512 (KernelISA.detected = \(KernelISA.detected))")
        }
        var rng = SplitMix64(seed: 4242)
        for kc in [1, 3, 256] {
            for panels in 1...5 {
                for lastCols in [3, 8, 13, 16] {
                    for rows in [6, 4] {
                        for flags in 0..<8 {
                            let acc = flags & 1 != 0, useBias = flags & 2 != 0, relu = flags & 4 != 0
                            let a = GuardedBuffer(random: kc * 6, &rng), b = GuardedBuffer(random: kc * 16 * panels, &rng), bias = GuardedBuffer(random: 6, &rng)
                            for p in 0..<kc { for j in lastCols..<16 { b.p[(panels - 1) * kc * 16 + p * 16 + j] = 0 } }
                            for p in 0..<kc { for i in rows..<6 { a.p[p * 6 + i] = 0 } }
                            let ldc = panels * 16 + 5
                            let c0 = GuardedBuffer(random: 6 * ldc, &rng), narrow = GuardedBuffer(6 * ldc), wide = GuardedBuffer(6 * ldc)
                            narrow.p.update(from: c0.p, count: 6 * ldc)
                            wide.p.update(from: c0.p, count: 6 * ldc)
                            for (out, w) in [(narrow, false), (wide, true)] {
                                TileRow.run(kc: kc, a: a.p, b: b.p, c: out.p, ldc: ldc, rows: rows, jp0: 0, jp1: panels,
                                            lastPanel: panels - 1, lastCols: lastCols, accumulate: acc,
                                            bias: useBias ? UnsafePointer(bias.p) : nil, relu: relu, wide: w)
                            }
                            // Same k order per element on both paths: results agree to rounding of the final adds.
                            assertClose(wide, narrow, count: 6 * ldc, abs: 1e-5 * Float(kc + 2), rel: 1e-6,
                                        "TileRow kc=\(kc) panels=\(panels) lastCols=\(lastCols) rows=\(rows) acc=\(acc) bias=\(useBias) relu=\(relu)",
                                        seed: 4242)
                        }
                    }
                }
            }
        }
    }
}
