// LocalResponseNorm: PyTorch's torch.nn.functional.local_response_norm on NCHW float32.
//   b[c] = a[c] / (k + alpha * (sum of a[c']^2 for c' in [c - size/2, c + (size-1)/2]) / size)^beta
// Channels outside [0, C) count as zero (PyTorch pads the squares, then averages over `size` including the padding),
// so the divisor is always `size`. Even sizes take one more channel below c than above it, as PyTorch does.
// Vectorised across pixels (SIMD8 along the plane; a scalar tail); tasks are (image, pixel chunk), and each walks the
// channels, summing the window's squares directly (size is small: 5 in AlexNet and A-LRN). beta 0.75 (everyone's
// choice), 0.5 and 1 use a vector reciprocal square root (rsqrt); other betas, and divisors outside [1e-30, 1e30],
// call powf per element.

#if canImport(Glibc)
import Glibc
#endif

public enum LocalResponseNorm {
    static let chunk = 256   // pixels per task

    /// Reads and writes N x C x H x W (buffer counts checked).
    public static func forward(input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                               size: Int, alpha: Float, beta: Float, k: Float,
                               output: UnsafeMutableBufferPointer<Float>, pool: Parallelism) {
        precondition(size >= 1 && batch >= 0 && channels >= 0 && height >= 0 && width >= 0,
                     "LocalResponseNorm: bad geometry (size \(size), \(batch)x\(channels)x\(height)x\(width))")
        let plane = height * width
        let elements = batch * channels * plane
        precondition(input.count >= elements && output.count >= elements,
                     "LocalResponseNorm: buffers of \(input.count) and \(output.count) floats for \(batch)x\(channels)x\(height)x\(width)")
        let (input, output) = (input.base, output.base)
        if batch == 0 || channels == 0 || plane == 0 { return }
        let chunks = ceilDiv(plane, chunk)
        let tasks = batch * chunks
        let tp = batch * channels * plane * size < 65536 ? Parallelism(threads: 1) : pool
        let below = size / 2, above = (size - 1) / 2
        let scale = alpha / Float(size)
        let power: Power = beta == 0.75 ? .threeQuarters : beta == 0.5 ? .half : beta == 1 ? .one : .general
        tp.parallelFor(tasks) { t in
            let b = t / chunks, j0 = (t - b * chunks) * chunk, j1 = min(plane, j0 + chunk)
            let img = input + b * channels * plane
            let out = output + b * channels * plane
            for c in 0..<channels {
                let lo = max(0, c - below), hi = min(channels - 1, c + above)
                let centre = img + c &* plane
                let dst = out + c &* plane
                var j = j0
                while j &+ 8 <= j1 {
                    var s = SIMD8<Float>()
                    for cc in lo...hi {
                        let v = UnsafeRawPointer(img + (cc &* plane &+ j)).loadUnaligned(as: SIMD8<Float>.self)
                        s.addProduct(v, v)
                    }
                    let d = (s * scale + k)
                    let x = UnsafeRawPointer(centre + j).loadUnaligned(as: SIMD8<Float>.self)
                    let y: SIMD8<Float>
                    if any(d .< 1e-30) || any(d .> 1e30) || power == .general {
                        // Outside rsqrt's safe range (k = 0 with an all-zero window, overflow) or another beta: powf.
                        var p = SIMD8<Float>()
                        for l in 0..<8 { p[l] = x[l] / powf(d[l], beta) }
                        y = p
                    } else {
                        switch power {
                        case .threeQuarters:
                            let a = rsqrt(d)               // d^-1/2
                            y = x * a * rsqrt(d * a)       // x * d^-1/2 * (d^1/2)^-1/2
                        case .half: y = x * rsqrt(d)
                        default: y = x / d
                        }
                    }
                    UnsafeMutableRawPointer(dst + j).storeBytes(of: y, as: SIMD8<Float>.self)
                    j &+= 8
                }
                while j < j1 {
                    var s: Float = 0
                    for cc in lo...hi { let v = img[cc &* plane &+ j]; s += v * v }
                    dst[j] = centre[j] / powf(s * scale + k, beta)
                    j &+= 1
                }
            }
        }
    }

    enum Power { case threeQuarters, half, one, general }

    /// 1/sqrt(d) for normal, finite d: the bit-trick estimate (relative error < 3.5e-2) and three Newton steps
    /// (error 1.5 e^2 each: 1.8e-3, 4.7e-6, then float rounding, ~1.4e-7). Stays in vector registers, where
    /// SIMD8.squareRoot() (a loop over lanes) compiles to eight scalar vsqrtss.
    @inline(__always)
    static func rsqrt(_ d: SIMD8<Float>) -> SIMD8<Float> {
        let bits = SIMD8<UInt32>(repeating: 0x5f37_5a86) &- (unsafeBitCast(d, to: SIMD8<UInt32>.self) &>> 1)
        var y = unsafeBitCast(bits, to: SIMD8<Float>.self)
        let half = d * 0.5
        for _ in 0..<3 { y = y * (1.5 - half * y * y) }
        return y
    }
}
