// Pooling: NCHW max-pool 2x2/2 (floor: odd last row/col dropped; any kernel/stride: Pooling+MaxPool.swift),
// adaptive average pool with PyTorch bins (start = floor(i*H/out), end = ceil((i+1)*H/out); works for H < out,
// bins then overlap/repeat), and in-place ReLU. Parallel over (batch*channel) planes; rows are vectorised with SIMD8.

/// Lane-wise max; stdlib's generic pointwiseMax was not inlined (a call per vector, 10x slower).
@inline(__always)
func vmax(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a.replacing(with: b, where: a .< b) }

public enum Pooling {
    /// Reads N x C x H x W, writes N x C x (H/2) x (W/2); buffer counts are checked against those sizes.
    public static func maxPool2x2(input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                                  output: UnsafeMutableBufferPointer<Float>, pool: Parallelism) {
        precondition(batch >= 0 && channels >= 0 && height >= 0 && width >= 0,
                     "maxPool2x2: negative size \(batch)x\(channels)x\(height)x\(width)")
        let oh = height / 2, ow = width / 2
        let planes = batch * channels
        precondition(input.count >= planes * height * width && output.count >= planes * oh * ow,
                     "maxPool2x2: buffers of \(input.count) and \(output.count) floats for \(batch)x\(channels)x\(height)x\(width)")
        if oh == 0 || ow == 0 || planes == 0 { return }
        let (input, output) = (input.base, output.base)
        let tasks = min(planes, pool.threads * 8)
        let tp = planes * oh * ow < 16384 ? Parallelism(threads: 1) : pool
        tp.parallelFor(tasks) { t in
            for pl in (t * planes / tasks)..<((t + 1) * planes / tasks) {
                let src = input + pl * height * width
                let dst = output + pl * oh * ow
                for oy in 0..<oh {
                    let r0 = src + 2 &* oy &* width
                    maxPoolRow(r0, r0 + width, dst + oy &* ow, ow)
                }
            }
        }
    }

    /// d[ox] = max of r0[2ox], r0[2ox+1], r1[2ox], r1[2ox+1] for ox < ow (one output row from two input rows).
    /// Also the GEMM conv's fused-pool post-pass.
    @inline(__always)
    static func maxPoolRow(_ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ ow: Int) {
        var ox = 0
        while ox &+ 8 <= ow {
            let x = 2 &* ox
            let a0 = UnsafeRawPointer(r0 + x).loadUnaligned(as: SIMD8<Float>.self)
            let a1 = UnsafeRawPointer(r0 + x + 8).loadUnaligned(as: SIMD8<Float>.self)
            let b0 = UnsafeRawPointer(r1 + x).loadUnaligned(as: SIMD8<Float>.self)
            let b1 = UnsafeRawPointer(r1 + x + 8).loadUnaligned(as: SIMD8<Float>.self)
            let m0 = vmax(a0, b0), m1 = vmax(a1, b1)
            let e = SIMD8(lowHalf: m0.evenHalf, highHalf: m1.evenHalf), o = SIMD8(lowHalf: m0.oddHalf, highHalf: m1.oddHalf)
            UnsafeMutableRawPointer(d + ox).storeBytes(of: vmax(e, o), as: SIMD8<Float>.self)
            ox &+= 8
        }
        while ox < ow {
            let x = 2 &* ox
            d[ox] = max(max(r0[x], r0[x &+ 1]), max(r1[x], r1[x &+ 1]))
            ox &+= 1
        }
    }

    /// PyTorch's AdaptiveAvgPool2d: out[oy][ox] = mean of in[y0..<y1][x0..<x1], y0 = floor(oy*H/OH),
    /// y1 = ceil((oy+1)*H/OH) (same for x). Any sizes: OH < H (bins may overlap when OH does not divide H), OH == H
    /// (a copy), OH > H (bins of one or two rows, repeated). Per output row the bin's input rows are summed into a
    /// per-task row buffer (SIMD8 across the width), then each output sums its columns of that row.
    public static func adaptiveAvgPool2d(input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
                                         outHeight: Int, outWidth: Int, output: UnsafeMutableBufferPointer<Float>,
                                         pool: Parallelism) {
        precondition(batch >= 0 && channels >= 0 && height >= 0 && width >= 0 && outHeight >= 0 && outWidth >= 0,
                     "adaptiveAvgPool2d: negative size (\(batch)x\(channels)x\(height)x\(width) to \(outHeight)x\(outWidth))")
        let planes = batch * channels
        precondition(input.count >= planes * height * width && output.count >= planes * outHeight * outWidth,
                     "adaptiveAvgPool2d: buffers of \(input.count) and \(output.count) floats for \(batch)x\(channels)x"
                        + "\(height)x\(width) to \(outHeight)x\(outWidth)")
        let (input, output) = (input.base, output.base)
        if planes == 0 || outHeight == 0 || outWidth == 0 { return }
        precondition(height >= 1 && width >= 1, "adaptiveAvgPool2d: empty \(height)x\(width) map has no bins to average")
        let inPlane = height * width, outPlane = outHeight * outWidth
        if height == outHeight && width == outWidth {
            output.update(from: input, count: planes * inPlane)   // identity bins (VGG at 224x224)
            return
        }
        if height == 1 && width == 1 {
            // Every bin is the single input pixel (a 1x1 map pooled up): a fill per plane.
            for pl in 0..<planes { (output + pl * outPlane).update(repeating: input[pl], count: outPlane) }
            return
        }
        let tasks = min(planes, pool.threads * 8)
        let tp = planes * (inPlane + outPlane) < 65536 ? Parallelism(threads: 1) : pool
        // Column bins, computed once per call: [x0, x1) for each ox.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * outWidth) { bins in
            let xb = bins.baseAddress!
            for ox in 0..<outWidth {
                xb[2 * ox] = (ox * width) / outWidth
                xb[2 * ox + 1] = ((ox + 1) * width + outWidth - 1) / outWidth
            }
            let xbins = UnsafePointer(xb)
            tp.parallelFor(tasks) { t in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: width) { buffer in
                    let sums = buffer.baseAddress!
                    for pl in (t * planes / tasks)..<((t + 1) * planes / tasks) {
                        let src = input + pl * inPlane
                        let dst = output + pl * outPlane
                        for oy in 0..<outHeight {
                            let y0 = (oy * height) / outHeight, y1 = ((oy + 1) * height + outHeight - 1) / outHeight
                            sums.update(from: src + y0 &* width, count: width)
                            for y in (y0 + 1)..<max(y0 + 1, y1) { addInto(sums, src + y &* width, width) }
                            let rows = Float(y1 - y0)
                            let d = dst + oy &* outWidth
                            for ox in 0..<outWidth {
                                let x0 = xbins[2 &* ox], x1 = xbins[2 &* ox &+ 1]
                                var s: Float = 0
                                for x in x0..<x1 { s += sums[x] }
                                d[ox] = s / (rows * Float(x1 &- x0))
                            }
                        }
                    }
                }
            }
        }
    }

    /// row[x] += other[x] for x < n.
    @inline(__always)
    static func addInto(_ row: UnsafeMutablePointer<Float>, _ other: UnsafePointer<Float>, _ n: Int) {
        var x = 0
        while x &+ 8 <= n {
            let r = UnsafeMutableRawPointer(row + x)
            let a = r.loadUnaligned(as: SIMD8<Float>.self)
            r.storeBytes(of: a + UnsafeRawPointer(other + x).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
            x &+= 8
        }
        while x < n { row[x] += other[x]; x &+= 1 }
    }

    /// max(x, 0) in place over the whole buffer.
    public static func relu(_ x: UnsafeMutableBufferPointer<Float>) {
        relu(x.base, count: x.count)
    }

    static func relu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        let z = SIMD8<Float>()
        while i &+ 8 <= count {
            let r = UnsafeMutableRawPointer(x + i)
            let v = r.loadUnaligned(as: SIMD8<Float>.self)
            r.storeBytes(of: v.replacing(with: z, where: v .< z), as: SIMD8<Float>.self)
            i &+= 8
        }
        while i < count { x[i] = max(x[i], 0); i &+= 1 }
    }
}
