import VGGTestSupport
import XCTest
@testable import VGGKernels

final class MiscKernelTests: XCTestCase {
    func testTensorAlignedZeroed() {
        let t = Tensor(shape: [2, 3, 5, 7])
        XCTAssertEqual(t.count, 210)
        XCTAssertEqual(Int(bitPattern: t.pointer) % 64, 0)
        XCTAssertEqual(t.buffer.count, 210)
        for i in 0..<t.count { XCTAssertEqual(t[i], 0) }
        let f = Tensor(shape: [3], fill: 2.5)
        XCTAssertEqual(Array(f.buffer), [2.5, 2.5, 2.5])
        f.withUnsafeMutableBufferPointer { $0[1] = -1 }
        XCTAssertEqual(Array(f.buffer), [2.5, -1, 2.5])
        XCTAssertEqual(Tensor(shape: []).count, 1)
        XCTAssertEqual(Tensor(shape: [4, 0]).count, 0)
    }

    func testParallelForCoversEachIndexOnce() {
        for threads in [1, 2, 5] {
            for count in [0, 1, 3, 100] {
                let hits = GuardedBuffer(count, fill: 0)
                let p = hits.p
                Parallelism(threads: threads).parallelFor(count) { i in p[i] += 1 }
                for i in 0..<count { XCTAssertEqual(hits[i], 1, "threads \(threads) count \(count) index \(i)") }
                hits.assertGuardIntact("parallelFor threads \(threads) count \(count)", seed: 0)
            }
        }
        XCTAssertEqual(Parallelism(threads: 0).threads, 1)
        XCTAssertGreaterThanOrEqual(Parallelism.available, 1)
    }

    func testMaxPool() {
        var seed: UInt64 = 300
        for (h, w) in [(1, 1), (2, 2), (3, 5), (7, 13), (13, 40), (5, 33)] {
            for (b, c) in [(1, 1), (2, 3), (2, 17)] {
                var rng = SplitMix64(seed: seed)
                let x = GuardedBuffer(random: b * c * h * w, &rng)
                let n = b * c * (h / 2) * (w / 2)
                let got = GuardedBuffer(n), want = GuardedBuffer(n)
                Pooling.maxPool2x2(input: x.input, batch: b, channels: c, height: h, width: w, output: got.buffer, pool: Parallelism(threads: 2))
                Reference.maxPool2x2(input: x.p, batch: b, channels: c, height: h, width: w, output: want.p)
                assertClose(got, want, count: n, abs: 0, rel: 0, "maxpool b=\(b) c=\(c) h=\(h) w=\(w)", seed: seed)
                seed += 1
            }
        }
    }

    func testAdaptiveAvgPool() {
        var seed: UInt64 = 400
        for (h, w, oh, ow) in [(7, 7, 7, 7), (14, 14, 7, 7), (13, 5, 7, 7), (1, 1, 7, 7), (3, 2, 7, 5), (224, 224, 7, 7), (5, 9, 1, 1)] {
            for threads in [1, 2] {
                var rng = SplitMix64(seed: seed)
                let b = 2, c = 5
                let x = GuardedBuffer(random: b * c * h * w, &rng)
                let n = b * c * oh * ow
                let got = GuardedBuffer(n), want = GuardedBuffer(n)
                Pooling.adaptiveAvgPool2d(input: x.input, batch: b, channels: c, height: h, width: w, outHeight: oh, outWidth: ow,
                                          output: got.buffer, pool: Parallelism(threads: threads))
                Reference.adaptiveAvgPool2d(input: x.p, batch: b, channels: c, height: h, width: w, outHeight: oh, outWidth: ow,
                                            output: want.p)
                assertClose(got, want, count: n, abs: 1e-5, rel: 1e-5, "avgpool \(h)x\(w)->\(oh)x\(ow)", seed: seed)
                seed += 1
            }
        }
    }

    func testRelu() {
        var rng = SplitMix64(seed: 5)
        let x = GuardedBuffer(random: 37, &rng)
        let want = GuardedBuffer(37)
        want.p.update(from: x.p, count: 37)
        Pooling.relu(x.buffer)
        Reference.relu(want.p, count: 37)
        assertClose(x, want, count: 37, abs: 0, rel: 0, "relu", seed: 5)
    }

    /// Both methods (W as loaded; W^T packed for RowGEMM) on sizes around their tiles and blocks: in across the
    /// 256-deep K blocks, out across the 32-column units, batches across the 6-row panels and the 32-row switch.
    func testLinear() {
        var seed: UInt64 = 500
        for (nIn, nOut) in [(1, 1), (5, 3), (17, 9), (33, 40), (100, 7), (257, 19), (0, 5), (600, 65)] {
            for batch in [1, 2, 3, 4, 5, 9, 66] {
                for (relu, method) in [(false, LinearMethod.stream), (true, .stream), (false, .gemmRows), (true, .gemmRows)] {
                    var rng = SplitMix64(seed: seed)
                    let w = Tensor(shape: [nOut, nIn])
                    w.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = rng.uniform() } }
                    let bias: Tensor? = seed % 3 == 0 ? nil : Tensor(shape: [nOut])
                    bias?.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = rng.uniform() } }
                    let x = GuardedBuffer(random: batch * nIn, &rng)
                    let got = GuardedBuffer(batch * nOut), want = GuardedBuffer(batch * nOut)
                    let kernel = LinearKernel(weights: w, bias: bias, inFeatures: nIn, outFeatures: nOut, isa: testISA, method: method)
                    XCTAssertEqual(kernel.weights == nil, method == .gemmRows)
                    kernel.forward(input: x.input, batch: batch, output: got.buffer, relu: relu, pool: Parallelism(threads: 1 + Int(seed % 3)))
                    Reference.linear(input: x.p, batch: batch, weights: w.pointer, bias: bias?.pointer, inFeatures: nIn, outFeatures: nOut,
                                     output: want.p, relu: relu)
                    assertClose(got, want, count: batch * nOut, abs: 1e-5 * Float(nIn), rel: 1e-5,
                                "linear \(method) in=\(nIn) out=\(nOut) batch=\(batch) relu=\(relu)", seed: seed)
                    seed += 1
                }
            }
        }
    }

    func testLinearGEMMPathAcrossBlocks() {
        forEachISA {
            // batch > 32 takes the packed GEMM with B = W^T: inFeatures crosses KC = 256, outFeatures crosses NC = 1024.
            var rng = SplitMix64(seed: 88)
            let nIn = 300, nOut = 1030, batch = 67
            let w = Tensor(shape: [nOut, nIn])
            w.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = rng.uniform() } }
            let bias = Tensor(shape: [nOut])
            bias.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = rng.uniform() } }
            let x = GuardedBuffer(random: batch * nIn, &rng)
            let got = GuardedBuffer(batch * nOut), want = GuardedBuffer(batch * nOut)
            LinearKernel(weights: w, bias: bias, inFeatures: nIn, outFeatures: nOut, isa: testISA)
                .forward(input: x.input, batch: batch, output: got.buffer, relu: true, pool: Parallelism(threads: 2))
            Reference.linear(input: x.p, batch: batch, weights: w.pointer, bias: bias.pointer, inFeatures: nIn, outFeatures: nOut,
                             output: want.p, relu: true)
            assertClose(got, want, count: batch * nOut, abs: 1e-4, rel: 1e-4, "linear gemm in=\(nIn) out=\(nOut) batch=\(batch)", seed: 88)
        }
    }

    func testLinearLargeGEMV() {
        // Big enough to use both threads.
        var rng = SplitMix64(seed: 77)
        let nIn = 4500, nOut = 300
        let w = Tensor(shape: [nOut, nIn])
        w.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = rng.uniform() } }
        let x = GuardedBuffer(random: 13 * nIn, &rng)
        for batch in [1, 2, 7, 13] {
            let got = GuardedBuffer(batch * nOut), want = GuardedBuffer(batch * nOut)
            LinearKernel(weights: w, bias: nil, inFeatures: nIn, outFeatures: nOut, isa: testISA)
                .forward(input: x.input, batch: batch, output: got.buffer, relu: false, pool: Parallelism(threads: 2))
            Reference.linear(input: x.p, batch: batch, weights: w.pointer, bias: nil, inFeatures: nIn, outFeatures: nOut,
                             output: want.p, relu: false)
            assertClose(got, want, count: batch * nOut, abs: 1e-3, rel: 1e-4, "gemv batch=\(batch)", seed: 77)
        }
    }
}
