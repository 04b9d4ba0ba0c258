// Reference: naive twins of every fast kernel, written for obviousness, not speed. Same layouts as the
// fast kernels (row-major GEMM, NCHW activations, OIHW weights, [out][in] linear weights). Sums are
// accumulated in Double so the reference is more accurate than any float32 kernel under test.
// The `pool` parameters exist only so call sites can swap fast and naive kernels; they are ignored.

#if canImport(Glibc)
import Glibc
#endif

public enum Reference {
    public static func sgemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, pool: Parallelism = Parallelism(threads: 1)) {
        for i in 0..<m {
            for j in 0..<n {
                var s: Double = accumulate ? Double(c[i * ldc + j]) : 0
                for p in 0..<k { s += Double(a[i * lda + p]) * Double(b[p * ldb + j]) }
                c[i * ldc + j] = Float(s)
            }
        }
    }

    public static func conv2dOutputSize(height: Int, width: Int, kernel: Int, stride: Int, padding: Int) -> (height: Int, width: Int) {
        let eh = height + 2 * padding - kernel, ew = width + 2 * padding - kernel
        return (eh >= 0 ? eh / stride + 1 : 0, ew >= 0 ? ew / stride + 1 : 0)
    }

    /// Direct convolution: any kernel, stride, padding; optional bias and ReLU.
    public static func conv2d(input: UnsafePointer<Float>, batch: Int, inChannels: Int, height: Int, width: Int,
                              weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?, outChannels: Int,
                              kernel: Int, stride: Int, padding: Int,
                              output: UnsafeMutablePointer<Float>, relu: Bool, pool: Parallelism = Parallelism(threads: 1)) {
        let (oh, ow) = conv2dOutputSize(height: height, width: width, kernel: kernel, stride: stride, padding: padding)
        for b in 0..<batch {
            for co in 0..<outChannels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var s: Double = bias.map { Double($0[co]) } ?? 0
                        for ci in 0..<inChannels {
                            for ky in 0..<kernel {
                                let y = oy * stride + ky - padding
                                if y < 0 || y >= height { continue }
                                for kx in 0..<kernel {
                                    let x = ox * stride + kx - padding
                                    if x < 0 || x >= width { continue }
                                    let w = weights[((co * inChannels + ci) * kernel + ky) * kernel + kx]
                                    let v = input[((b * inChannels + ci) * height + y) * width + x]
                                    s += Double(w) * Double(v)
                                }
                            }
                        }
                        let r = relu ? max(s, 0) : s
                        output[((b * outChannels + co) * oh + oy) * ow + ox] = Float(r)
                    }
                }
            }
        }
    }

    /// y[b][o] = sum_i W[o][i] * x[b][i] + bias[o]
    public static func linear(input: UnsafePointer<Float>, batch: Int, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              inFeatures: Int, outFeatures: Int, output: UnsafeMutablePointer<Float>, relu: Bool,
                              pool: Parallelism = Parallelism(threads: 1)) {
        for b in 0..<batch {
            for o in 0..<outFeatures {
                var s: Double = bias.map { Double($0[o]) } ?? 0
                for i in 0..<inFeatures { s += Double(weights[o * inFeatures + i]) * Double(input[b * inFeatures + i]) }
                output[b * outFeatures + o] = Float(relu ? max(s, 0) : s)
            }
        }
    }

    public static func maxPool2x2(input: UnsafePointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                                  output: UnsafeMutablePointer<Float>, pool: Parallelism = Parallelism(threads: 1)) {
        let oh = height / 2, ow = width / 2
        for bc in 0..<(batch * channels) {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var m = -Float.infinity
                    for dy in 0..<2 {
                        for dx in 0..<2 { m = max(m, input[(bc * height + oy * 2 + dy) * width + ox * 2 + dx]) }
                    }
                    output[(bc * oh + oy) * ow + ox] = m
                }
            }
        }
    }

    public static func adaptiveAvgPool2d(input: UnsafePointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                                         outHeight: Int, outWidth: Int, output: UnsafeMutablePointer<Float>,
                                         pool: Parallelism = Parallelism(threads: 1)) {
        for bc in 0..<(batch * channels) {
            for oy in 0..<outHeight {
                let y0 = (oy * height) / outHeight, y1 = ((oy + 1) * height + outHeight - 1) / outHeight
                for ox in 0..<outWidth {
                    let x0 = (ox * width) / outWidth, x1 = ((ox + 1) * width + outWidth - 1) / outWidth
                    var s: Double = 0
                    for y in y0..<y1 { for x in x0..<x1 { s += Double(input[(bc * height + y) * width + x]) } }
                    output[(bc * outHeight + oy) * outWidth + ox] = Float(s / Double((y1 - y0) * (x1 - x0)))
                }
            }
        }
    }

    /// Eval-mode BatchNorm2d: y = (x - mean) / sqrt(var + eps) * gamma + beta, per channel.
    public static func batchNorm2d(input: UnsafePointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                                   gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                                   mean: UnsafePointer<Float>, variance: UnsafePointer<Float>, eps: Float,
                                   output: UnsafeMutablePointer<Float>) {
        let hw = height * width
        for b in 0..<batch {
            for c in 0..<channels {
                let inv = 1.0 / (Double(variance[c]) + Double(eps)).squareRoot()
                for i in 0..<hw {
                    let idx = (b * channels + c) * hw + i
                    output[idx] = Float((Double(input[idx]) - Double(mean[c])) * inv * Double(gamma[c]) + Double(beta[c]))
                }
            }
        }
    }

    public static func relu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = max(x[i], 0) }
    }
}

extension Reference {
    /// MaxPool2d(kernel, stride), padding 0, floor mode: out = max over the k x k window at (oy*s, ox*s).
    public static func maxPool2d(input: UnsafePointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                                 kernel: Int, stride: Int, output: UnsafeMutablePointer<Float>,
                                 pool: Parallelism = Parallelism(threads: 1)) {
        let oh = height >= kernel ? (height - kernel) / stride + 1 : 0
        let ow = width >= kernel ? (width - kernel) / stride + 1 : 0
        for bc in 0..<(batch * channels) {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var m = -Float.infinity
                    for dy in 0..<kernel {
                        for dx in 0..<kernel { m = max(m, input[(bc * height + oy * stride + dy) * width + ox * stride + dx]) }
                    }
                    output[(bc * oh + oy) * ow + ox] = m
                }
            }
        }
    }

    /// torch.nn.functional.local_response_norm, written as its formula: the squares are zero-padded by size/2
    /// channels below and (size-1)/2 above, averaged over `size`, then b = a / (k + alpha * avg)^beta.
    public static func localResponseNorm(input: UnsafePointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                                         size: Int, alpha: Float, beta: Float, k: Float,
                                         output: UnsafeMutablePointer<Float>, pool: Parallelism = Parallelism(threads: 1)) {
        let plane = height * width
        for b in 0..<batch {
            for c in 0..<channels {
                for i in 0..<plane {
                    var s: Double = 0
                    for cc in (c - size / 2)...(c + (size - 1) / 2) where cc >= 0 && cc < channels {
                        let v = Double(input[(b * channels + cc) * plane + i])
                        s += v * v
                    }
                    let denom = pow(Double(k) + Double(alpha) * s / Double(size), Double(beta))
                    output[(b * channels + c) * plane + i] = Float(Double(input[(b * channels + c) * plane + i]) / denom)
                }
            }
        }
    }
}
