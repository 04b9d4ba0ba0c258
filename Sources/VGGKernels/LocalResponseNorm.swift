// LocalResponseNorm: PyTorch's torch.nn.functional.local_response_norm on NCHW float32.
//   b[c] = a[c] / (k + alpha * (sum of a[c']^2 for c' in [c - size/2, c + (size-1)/2]) / size)^beta
// Channels outside [0, C) count as zero (PyTorch pads the squares, then averages over `size` including the padding),
// so the divisor is always `size`. Even sizes take one more channel below c than above it, as PyTorch does.
// Vectorised across pixels (SIMD8 along the plane; a scalar tail); tasks are (image, pixel chunk), and each walks the
// channels, summing the window's squares directly (size is small: 5 in AlexNet and A-LRN). beta 0.75 (everyone's
// choice), 0.5 and 1 use square roots; other betas call powf per element.

#if canImport(Glibc)
import Glibc
#endif

public enum LocalResponseNorm {
    static let chunk = 256   // pixels per task

    public static func forward(input: UnsafePointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                               size: Int, alpha: Float, beta: Float, k: Float,
                               output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        precondition(size >= 1 && batch >= 0 && channels >= 0 && height >= 0 && width >= 0,
                     "LocalResponseNorm: bad geometry (size \(size), \(batch)x\(channels)x\(height)x\(width))")
        let plane = height * width
        if batch == 0 || channels == 0 || plane == 0 { return }
        let chunks = ceilDiv(plane, chunk)
        let tasks = batch * chunks
        let tp = batch * channels * plane * size < 65536 ? ThreadPool(threads: 1) : pool
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
                    let denom: SIMD8<Float>
                    switch power {
                    case .threeQuarters:
                        let r = d.squareRoot()
                        denom = r * r.squareRoot()
                    case .half: denom = d.squareRoot()
                    case .one: denom = d
                    case .general:
                        var p = SIMD8<Float>()
                        for l in 0..<8 { p[l] = powf(d[l], beta) }
                        denom = p
                    }
                    UnsafeMutableRawPointer(dst + j).storeBytes(of: x / denom, as: SIMD8<Float>.self)
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
}
