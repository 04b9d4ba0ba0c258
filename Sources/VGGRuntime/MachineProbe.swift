import Foundation
import VGGKernels

/// This machine's ceilings for the roofline: GEMM peak (the packed `GEMM.sgemm` on square matrices) and
/// memory bandwidth (STREAM-style copy of a buffer far larger than the caches, counting bytes read + written).
/// Each is the best of repeated trials within a time budget, since a noisy VM only ever slows a trial down.
public struct MachinePeaks: Equatable, Sendable {
    public var gemmGFLOPs: Double
    public var bandwidthGBs: Double

    public init(gemmGFLOPs: Double, bandwidthGBs: Double) {
        self.gemmGFLOPs = gemmGFLOPs
        self.bandwidthGBs = bandwidthGBs
    }

    /// Measures both in about `seconds` (half each).
    public static func measure(threads: Int, seconds: Double = 0.5) -> MachinePeaks {
        let pool = ThreadPool(threads: threads)
        return MachinePeaks(gemmGFLOPs: gemmPeak(pool: pool, seconds: seconds / 2),
                            bandwidthGBs: copyBandwidth(pool: pool, seconds: seconds / 2))
    }

    static func gemmPeak(pool: ThreadPool, seconds: Double, size: Int = 768) -> Double {
        let a = Tensor(shape: [size, size], fill: 0.5), b = Tensor(shape: [size, size], fill: 0.25)
        let c = Tensor(shape: [size, size])
        let flops = 2 * Double(size) * Double(size) * Double(size)
        var best = 0.0
        let deadline = MonotonicClock.now() + seconds
        repeat {
            let t0 = MonotonicClock.now()
            GEMM.sgemm(m: size, n: size, k: size, a: a.data, lda: size, b: b.data, ldb: size, c: c.data, ldc: size,
                       accumulate: false, pool: pool)
            best = max(best, flops / (MonotonicClock.now() - t0) / 1e9)
        } while MonotonicClock.now() < deadline
        return best
    }

    static func copyBandwidth(pool: ThreadPool, seconds: Double, bytes: Int = 64 << 20) -> Double {
        let source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        let target = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        defer {
            source.deallocate()
            target.deallocate()
        }
        memset(source, 1, bytes)
        memset(target, 0, bytes)
        let chunks = pool.threads * 4
        let chunk = bytes / chunks
        var best = 0.0
        let deadline = MonotonicClock.now() + seconds
        repeat {
            let t0 = MonotonicClock.now()
            pool.parallelFor(chunks) { i in
                memcpy(target + i * chunk, source + i * chunk, chunk)
            }
            best = max(best, 2 * Double(chunk * chunks) / (MonotonicClock.now() - t0) / 1e9)
        } while MonotonicClock.now() < deadline
        return best
    }
}
