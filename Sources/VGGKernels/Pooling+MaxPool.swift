// Pooling+MaxPool: NCHW MaxPool2d(kernel, stride) with PyTorch's defaults: padding 0, dilation 1, floor mode
// (OH = (H - k) / s + 1; a map smaller than the window gives an empty output). Windows may overlap (AlexNet's 3x3/2)
// or leave gaps (s > k). 2x2/2 goes to the fused-row fast path (maxPool2x2). Otherwise, per output row: the k input
// rows are reduced into a per-task row buffer (SIMD8 across the width), then the horizontal windows are reduced:
// SIMD8 for stride 1, even/odd deinterleave for stride 2, scalar for wider strides. Parallel over planes.

extension Pooling {
    /// Output size of MaxPool2d(kernel, stride) on an H x W map (0 when the window does not fit).
    public static func maxPoolOutputSize(height: Int, width: Int, kernel: Int, stride: Int) -> (height: Int, width: Int) {
        (height >= kernel ? (height - kernel) / stride + 1 : 0, width >= kernel ? (width - kernel) / stride + 1 : 0)
    }

    /// Writes N x C x OH x OW (see maxPoolOutputSize).
    /// Buffer counts are checked against N x C x H x W and N x C x OH x OW.
    public static func maxPool2d(input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                                 kernel: Int, stride: Int, output: UnsafeMutableBufferPointer<Float>, pool: Parallelism) {
        precondition(kernel >= 1 && stride >= 1 && batch >= 0 && channels >= 0 && height >= 0 && width >= 0,
                     "maxPool2d: bad geometry (kernel \(kernel), stride \(stride), \(batch)x\(channels)x\(height)x\(width))")
        if kernel == 2 && stride == 2 {
            maxPool2x2(input: input, batch: batch, channels: channels, height: height, width: width, output: output, pool: pool)
            return
        }
        let (oh, ow) = maxPoolOutputSize(height: height, width: width, kernel: kernel, stride: stride)
        let planes = batch * channels
        precondition(input.count >= planes * height * width && output.count >= planes * oh * ow,
                     "maxPool2d: buffers of \(input.count) and \(output.count) floats for \(batch)x\(channels)x\(height)x\(width)"
                        + " k\(kernel) s\(stride)")
        if oh == 0 || ow == 0 || planes == 0 { return }
        let (input, output) = (input.base, output.base)
        let tasks = min(planes, pool.threads * 8)
        let tp = planes * oh * ow * kernel * kernel < 32768 ? Parallelism(threads: 1) : pool
        tp.parallelFor(tasks) { t in
            // Row buffer with a 32-float tail: the stride-2 path loads 16 floats from its last window, past the row.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: width + 32) { buffer in
                let row = buffer.baseAddress!
                (row + width).initialize(repeating: 0, count: 32)
                for pl in (t * planes / tasks)..<((t + 1) * planes / tasks) {
                    let src = input + pl * height * width
                    let dst = output + pl * oh * ow
                    for oy in 0..<oh {
                        let r0 = src + oy &* stride &* width
                        row.update(from: r0, count: width)
                        for dy in 1..<kernel { maxInto(row, r0 + dy &* width, width) }
                        maxPoolWindows(row, dst + oy &* ow, ow, kernel, stride)
                    }
                }
            }
        }
    }

    /// row[x] = max(row[x], other[x]) for x < n.
    @inline(__always)
    static func maxInto(_ row: UnsafeMutablePointer<Float>, _ other: UnsafePointer<Float>, _ n: Int) {
        var x = 0
        while x &+ 8 <= n {
            let r = UnsafeMutableRawPointer(row + x)
            let a = r.loadUnaligned(as: SIMD8<Float>.self)
            let b = UnsafeRawPointer(other + x).loadUnaligned(as: SIMD8<Float>.self)
            r.storeBytes(of: vmax(a, b), as: SIMD8<Float>.self)
            x &+= 8
        }
        while x < n { row[x] = max(row[x], other[x]); x &+= 1 }
    }

    /// d[ox] = max of row[ox*s ..< ox*s+k] for ox < ow. `row` must be readable 32 floats past (ow-1)*s+k.
    @inline(__always)
    static func maxPoolWindows(_ row: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ ow: Int, _ k: Int, _ s: Int) {
        var ox = 0
        if s == 1 {
            while ox &+ 8 <= ow {
                var m = UnsafeRawPointer(row + ox).loadUnaligned(as: SIMD8<Float>.self)
                for dx in 1..<k { m = vmax(m, UnsafeRawPointer(row + (ox &+ dx)).loadUnaligned(as: SIMD8<Float>.self)) }
                UnsafeMutableRawPointer(d + ox).storeBytes(of: m, as: SIMD8<Float>.self)
                ox &+= 8
            }
        } else if s == 2 {
            // Window element dx = 2m (+1) of outputs ox..ox+7 is the even (odd) half of the 16 floats at 2(ox+m).
            while ox &+ 8 <= ow {
                var m = SIMD8<Float>(repeating: -.infinity)
                var dx = 0
                while dx < k {
                    let p = UnsafeRawPointer(row + (2 &* ox &+ dx))
                    let v = SIMD16<Float>(lowHalf: p.loadUnaligned(as: SIMD8<Float>.self),
                                          highHalf: p.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
                    m = vmax(m, v.evenHalf)
                    if dx &+ 1 < k { m = vmax(m, v.oddHalf) }
                    dx &+= 2
                }
                UnsafeMutableRawPointer(d + ox).storeBytes(of: m, as: SIMD8<Float>.self)
                ox &+= 8
            }
        }
        while ox < ow {
            let x0 = ox &* s
            var m = row[x0]
            for dx in 1..<k { m = max(m, row[x0 &+ dx]) }
            d[ox] = m
            ox &+= 1
        }
    }
}
