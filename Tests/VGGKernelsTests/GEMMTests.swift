import XCTest
@testable import VGGKernels

final class GEMMTests: XCTestCase {
    func check(m: Int, n: Int, k: Int, lda: Int? = nil, accumulate: Bool, threads: Int, seed: UInt64,
               file: StaticString = #filePath, line: UInt = #line) {
        var rng = SplitMix64(seed: seed)
        let lda = lda ?? k, ldb = n + 3, ldc = n + 1
        let a = Buf(random: m * lda, &rng), b = Buf(random: k * ldb, &rng)
        let c0 = Buf(random: m * ldc, &rng)
        let got = Buf(m * ldc), want = Buf(m * ldc)
        got.p.update(from: c0.p, count: m * ldc)
        want.p.update(from: c0.p, count: m * ldc)
        if !accumulate { for i in 0..<m { for j in 0..<n { got.p[i * ldc + j] = .nan } } }
        GEMM.sgemm(m: m, n: n, k: k, a: a.p, lda: lda, b: b.p, ldb: ldb, c: got.p, ldc: ldc, accumulate: accumulate,
                   pool: ThreadPool(threads: threads))
        Reference.sgemm(m: m, n: n, k: k, a: a.p, lda: lda, b: b.p, ldb: ldb, c: want.p, ldc: ldc, accumulate: accumulate)
        let tol = 1e-5 * Float(k + 1)
        assertClose(got, want, count: m * ldc, abs: tol, rel: 1e-5,
                    "sgemm m=\(m) n=\(n) k=\(k) acc=\(accumulate) threads=\(threads)", seed: seed, file: file, line: line)
    }

    func testEveryTileRemainder() {
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

    func testAroundBlockSizes() {
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

    func testKZero() {
        check(m: 5, n: 9, k: 0, lda: 1, accumulate: false, threads: 1, seed: 7)
        check(m: 5, n: 9, k: 0, lda: 1, accumulate: true, threads: 2, seed: 8)
    }

    func testStridedLda() {
        check(m: 31, n: 29, k: 40, lda: 45, accumulate: false, threads: 2, seed: 9)
    }
}
