// LinearKernel's W-streaming paths (batch 1 GEMV, batch 2-32 small GEMM over 3-row x 4-input tiles and
// 1024-deep blocks of `in`) and the packed-GEMM path above them, against Reference.linear.
// Outputs start as NaN and carry a guard tail that must stay untouched.

import VGGTestSupport
import XCTest
@testable import VGGKernels

final class LinearKernelSpeedPathTests: XCTestCase {
    /// Runs one case; returns false (after reporting) on the first mismatch.
    @discardableResult
    private func check(w: Tensor, nIn: Int, nOut: Int, batch: Int, bias: Tensor?, relu: Bool, threads: Int,
                       seed: UInt64, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        var rng = SplitMix64(seed: seed)
        let x = GuardedBuffer(random: batch * nIn, &rng)
        let got = GuardedBuffer(batch * nOut), want = GuardedBuffer(batch * nOut)
        LinearKernel(weights: w, bias: bias, inFeatures: nIn, outFeatures: nOut)
            .forward(input: x.input, batch: batch, output: got.buffer, relu: relu, pool: Parallelism(threads: threads))
        Reference.linear(input: x.p, batch: batch, weights: w.pointer, bias: bias?.pointer, inFeatures: nIn, outFeatures: nOut,
                         output: want.p, relu: relu)
        let what = "linear in=\(nIn) out=\(nOut) batch=\(batch) relu=\(relu) bias=\(bias != nil) threads=\(threads)"
        guard got.assertGuardIntact(what, seed: seed, file: file, line: line),
              want.assertGuardIntact(what + " Reference.linear", seed: seed, file: file, line: line) else { return false }
        for i in 0..<(batch * nOut) {
            let g = got[i], v = want[i]
            let tol = max(1e-5 * Float(max(nIn, 1)), 1e-5 * abs(v))
            if !(abs(g - v) <= tol) {
                XCTFail("\(what) seed=\(seed): index \(i) (b=\(i / nOut), o=\(i % nOut)) got \(g) want \(v) (tol \(tol))",
                        file: file, line: line)
                return false
            }
        }
        return true
    }

    private func randomLayer(nIn: Int, nOut: Int, seed: UInt64) -> (Tensor, Tensor) {
        var rng = SplitMix64(seed: seed)
        let w = Tensor(shape: [nOut, nIn])
        w.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = rng.uniform() } }
        let b = Tensor(shape: [nOut])
        b.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = rng.uniform() } }
        return (w, b)
    }

    /// Batch 1...20 and 31-33 (GEMV, every small-GEMM group split, the packed GEMM above 32) over odd sizes:
    /// `in` not a multiple of 8 (scalar tail) or of the 1024 block, `out` not a multiple of the 3/4-row
    /// tiles or of the 48-row thread chunks; relu on/off and bias nil/present rotate with the seed.
    func testSweepBatchesAndOddSizes() {
        let sizes = [1, 3, 7, 17, 4097]
        var pairs: [(Int, Int)] = []
        for i in sizes { for o in sizes where !(i == 4097 && o == 4097) { pairs.append((i, o)) } }
        pairs += [(1030, 100), (2053, 53), (8, 48), (16, 97)]
        var seed: UInt64 = 9000
        for (nIn, nOut) in pairs {
            let (w, b) = randomLayer(nIn: nIn, nOut: nOut, seed: seed)
            for batch in Array(1...20) + [31, 32, 33] {
                for threads in [1, 2] {
                    let relu = seed % 2 == 0
                    let bias: Tensor? = (seed / 2) % 3 == 0 ? nil : b
                    if !check(w: w, nIn: nIn, nOut: nOut, batch: batch, bias: bias, relu: relu, threads: threads, seed: seed) {
                        return
                    }
                    seed += 1
                }
            }
        }
    }

    /// Shapes large enough that both threads take several row chunks, with a short final chunk and a
    /// final 3-row tile of 1 or 2 rows; `in` spans several 1024-deep blocks plus a tail.
    func testMultiChunkBothThreads() {
        var seed: UInt64 = 9900
        for (nIn, nOut) in [(3001, 769), (2048, 1000), (1025, 1001)] {
            let (w, b) = randomLayer(nIn: nIn, nOut: nOut, seed: seed)
            for batch in [1, 2, 3, 4, 5, 7, 8, 11, 16, 17, 30, 32, 33] {
                let relu = batch % 2 == 1
                if !check(w: w, nIn: nIn, nOut: nOut, batch: batch, bias: batch % 3 == 0 ? nil : b, relu: relu,
                          threads: 2, seed: seed) {
                    return
                }
                seed += 1
            }
        }
    }

    /// in == 0: every output is the bias (or 0), through ReLU.
    func testZeroInputFeatures() {
        let b = Tensor(shape: [5])
        b.withUnsafeMutableBufferPointer { for (i, v) in [0.5, -1, 2, 0, -0.25].enumerated() { $0[i] = Float(v) } }
        let w = Tensor(shape: [5, 0])
        for batch in [1, 3, 20] {
            for relu in [false, true] {
                check(w: w, nIn: 0, nOut: 5, batch: batch, bias: b, relu: relu, threads: 2, seed: 0)
                check(w: w, nIn: 0, nOut: 5, batch: batch, bias: nil, relu: relu, threads: 1, seed: 0)
            }
        }
    }

    /// The per-call packing buffers the packed-GEMM path allocates (what a memory estimate adds), by hand: none while
    /// W is streamed (batch <= 32) or when there is nothing to multiply; else a KC x NC block of B (KC = min(in, 256),
    /// NC = min(roundUp(out, 16), 1024)) and one 120 x KC block of A per thread, one thread below 4 MFLOP.
    func testWorkspacePlanning() {
        XCTAssertEqual(LinearKernel.workspaceCount(inFeatures: 25088, outFeatures: 4096, batch: 1, threads: 2), 0)
        XCTAssertEqual(LinearKernel.workspaceCount(inFeatures: 25088, outFeatures: 4096, batch: 32, threads: 2), 0)
        XCTAssertEqual(LinearKernel.workspaceCount(inFeatures: 25088, outFeatures: 4096, batch: 33, threads: 2),
                       256 * 1024 + 2 * 120 * 256)
        XCTAssertEqual(LinearKernel.workspaceCount(inFeatures: 25088, outFeatures: 4096, batch: 64, threads: 1),
                       256 * 1024 + 1 * 120 * 256)
        // 33 x 10 x 8 x 2 flops: one thread whatever the pool; NC = 16.
        XCTAssertEqual(LinearKernel.workspaceCount(inFeatures: 8, outFeatures: 10, batch: 33, threads: 2), 8 * 16 + 120 * 8)
        XCTAssertEqual(LinearKernel.workspaceCount(inFeatures: 0, outFeatures: 10, batch: 40, threads: 2), 0)
        XCTAssertEqual(LinearKernel.workspaceCount(inFeatures: 8, outFeatures: 0, batch: 40, threads: 2), 0)
    }
}
