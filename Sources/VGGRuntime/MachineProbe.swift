import Foundation
import VGGCore
import VGGKernels

/// This machine's ceilings for the roofline: GEMM peak (the packed `GEMM.sgemm` on square matrices) and
/// memory bandwidth: the better of a streaming read (a sum, what a batch-1 Linear does to its weights) and a
/// STREAM-style copy (bytes read + written) over buffers far larger than the caches.
/// Each is the best of repeated trials within a time budget, since a noisy VM only ever slows a trial down.
extension MachinePeaks {

    /// Measures both in about `seconds` (GEMM gets most: it is the noisier of the two on a shared VM).
    public static func measure(threads: Int, seconds: Double = 0.5, isa: KernelISA = .detected) -> MachinePeaks {
        let pool = Parallelism(threads: threads)
        return MachinePeaks(gemmGFLOPs: gemmPeak(pool: pool, seconds: seconds * 0.6, isa: isa),
                            bandwidthGBs: max(readBandwidth(pool: pool, seconds: seconds * 0.2),
                                              copyBandwidth(pool: pool, seconds: seconds * 0.2)))
    }

    static func gemmPeak(pool: Parallelism, seconds: Double, size: Int = 768, isa: KernelISA = .detected) -> Double {
        let a = Tensor(shape: [size, size], fill: 0.5), b = Tensor(shape: [size, size], fill: 0.25)
        let c = Tensor(shape: [size, size])
        let flops = 2 * Double(size) * Double(size) * Double(size)
        // One untimed call faults in the packing buffers and wakes the worker threads.
        c.withUnsafeMutableBufferPointer { c in
            GEMM.sgemm(m: size, n: size, k: size, a: a.buffer, lda: size, b: b.buffer, ldb: size, c: c, ldc: size,
                       accumulate: false, isa: isa, pool: pool)
        }
        var best = 0.0
        let deadline = MonotonicClock.now() + seconds
        repeat {
            let t0 = MonotonicClock.now()
            c.withUnsafeMutableBufferPointer { c in
                GEMM.sgemm(m: size, n: size, k: size, a: a.buffer, lda: size, b: b.buffer, ldb: size, c: c, ldc: size,
                           accumulate: false, isa: isa, pool: pool)
            }
            best = max(best, flops / (MonotonicClock.now() - t0) / 1e9)
        } while MonotonicClock.now() < deadline
        return best
    }

    static func copyBandwidth(pool: Parallelism, seconds: Double, bytes: Int = 64 << 20) -> Double {
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

    static func readBandwidth(pool: Parallelism, seconds: Double, bytes: Int = 128 << 20) -> Double {
        let count = bytes / 4
        let data = Tensor(shape: [count], fill: 1)
        let chunks = pool.threads * 4
        let chunk = count / chunks / 32 * 32
        let sums = UnsafeMutablePointer<Float>.allocate(capacity: chunks)
        defer { sums.deallocate() }
        var best = 0.0
        let deadline = MonotonicClock.now() + seconds
        repeat {
            let t0 = MonotonicClock.now()
            pool.parallelFor(chunks) { c in
                sums[c] = streamingSum(data.pointer + c * chunk, count: chunk)
            }
            best = max(best, 4 * Double(chunk * chunks) / (MonotonicClock.now() - t0) / 1e9)
        } while MonotonicClock.now() < deadline
        // The sums are read so the loop cannot be optimised away.
        return (0..<chunks).reduce(Float(0)) { $0 + sums[$1] }.isFinite ? best : 0
    }

    /// Four streams a quarter of the range apart, one SIMD accumulator each: several concurrent streams keep more
    /// line fills in flight than one (as a batch-1 Linear reading four weight rows at once does), and independent
    /// accumulators keep the loop limited by loads rather than by add latency.
    private static func streamingSum(_ p: UnsafePointer<Float>, count: Int) -> Float {
        var a = SIMD8<Float>(), b = a, c = a, d = a
        let q = count / 4 / 8 * 8
        var i = 0
        while i &+ 8 <= q {
            let raw = UnsafeRawPointer(p + i)
            a += raw.load(fromByteOffset: 0, as: SIMD8<Float>.self)
            b += raw.load(fromByteOffset: q &* 4, as: SIMD8<Float>.self)
            c += raw.load(fromByteOffset: 2 &* q &* 4, as: SIMD8<Float>.self)
            d += raw.load(fromByteOffset: 3 &* q &* 4, as: SIMD8<Float>.self)
            i &+= 8
        }
        return (a + b + c + d).sum()
    }
}
