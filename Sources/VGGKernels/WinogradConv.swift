// WinogradConv: 3x3, stride 1, padding 1 convolution by Winograd F(4x4,3x3) or F(2x2,3x3) (Lavin & Gray).
// Layouts: input/output NCHW; U (transformed weights, built once) holds, for each of the alpha^2 tile
// elements e, a Cout x Cin matrix packed as Microkernel6x16 A panels (KC-blocked, like PackedConvWeights).
// forward (the 1-pixel zero border is virtual: the input transform reads the NCHW input directly):
//   tasks = (block of T tiles, see tilesPerBlock) x (Cout chunk); each task, on its worker's scratch:
//      a. input transform of its T tiles, 8 tiles per SIMD8 lane group (F4 on AVX-512: 16 per zmm, in
//         VGGKernelsAVX512.WinogradInput16), written straight into packed-B layout V[e] (Cin x T, 16-column
//         panels) - transform fused with packing (when Cout is split because tiles are few, this runs once per
//         block in a prior parallel pass and V is shared);
//      b. alpha^2 GEMMs M[e] (Cout chunk x T) = U[e] (Cout x Cin) * V[e] on the packed micro-kernel, in
//         passes of ~0.5-2 MB of M (stored [co][e][t]; see rowsPerPass);
//      c. output transform of M, + bias, optional ReLU, into the NCHW output (8 adjacent interior tiles:
//         transposed vector row stores; others per tile, clipped at the right/bottom edges; lanes past
//         the last tile are computed on a clamped tile and discarded). With maxPool2x2 the epilogue also
//         pools 2x2/2 and writes the (H/2)x(W/2) map instead (WinogradPoolEpilogue.swift; F4 on AVX-512:
//         VGGKernelsAVX512.WinogradOutput16).
// The AVX-512 transforms compute the same operations in the same order as the SIMD8 ones (bit-identical; tested).
// kernel-bench tpb, 2 threads, paired medians of 11, 16-lane vs SIMD8 input transform: VGG-16 conv stack 90.1 vs
// 99.5 ms (conv3_2 9.7 vs 11.5, conv4_2 10.7 vs 12.6); pooled epilogue, 1 thread CPU time: conv1_2 21.9 vs 24.4 ms.
// Direct loads on the top/bottom/left borders and per-run strip windows (vs strips of whole rows): 1 thread, CPU time,
// paired medians of 11 twice: conv1_2 17.4/17.1 vs 17.8/17.5 ms, conv2_1 6.9/7.0 vs 7.5/7.2; stack 146.8/146.2 vs 149.3/147.3.
// Prefetch: channel-outer sweeps jump a whole plane per step, faster than the hardware prefetcher locks on; the input
// transform prefetches the next input plane's rows and the output transform the next output plane's rows for writing
// (hides the read-for-ownership). kernel-bench tpb, 1 thread, CPU-time medians of 15, prefetch on vs off: conv1_2
// 18.3 vs 24.1 ms, conv2_1 7.7 vs 9.0, conv2_2 14.0 vs 15.1; VGG-16 conv stack 183 vs 192 ms (output side), and input side
// conv1_2 25.3 vs 29.0; 2 planes ahead was no better, nor was prefetching the scattered (small-map) tiles' rows.
// Workspace: per-worker M + V slots (see workspaceCount); no padded copy of the input.

#if arch(x86_64)
import VGGKernelsAVX512
#endif

final class WinogradConv {
    enum Variant { case f4, f2 }
    /// K block (input channels per packed A/B panel), fixed at construction (U is packed with it) from the ISA then
    /// active: 512 on AVX-512, so VGG's 512-channel layers run one block (no second accumulate pass over M); 256 on
    /// AVX2, whose 6x16 tiles want A + B in L1. kernel-bench tpb (one conv per configuration), 2 threads, paired medians
    /// of 11, VGG-16 conv stack: AVX-512 512 vs 256 83.1/82.0 vs 84.4/84.9 ms and, in the other order, 88.1/87.1 vs
    /// 89.0/89.4 (mostly conv5_x); AVX2 512 vs 256 166.6/165.0 vs 159.1/157.1.
    let kc: Int
    static func defaultKC(_ isa: KernelISA) -> Int { WinogradTuning.kcOverride ?? (isa == .avx512 ? 512 : 256) }

    let variant: Variant
    let cin: Int
    let cout: Int
    let panels: Int
    let alpha: Int
    let m: Int
    let u: UnsafeMutablePointer<Float>

    init(weights: UnsafePointer<Float>, outChannels: Int, inChannels: Int, variant: Variant) {
        self.variant = variant
        kc = WinogradConv.defaultKC(KernelISA.active)
        cin = inChannels
        cout = outChannels
        panels = ceilDiv(outChannels, 6)
        let g = variant == .f4 ? WinogradF4x3.g : WinogradF2x3.g
        alpha = g.count
        m = alpha - 2
        let a = alpha, a2 = a * a
        // U = G g G^T per (co, ci) in Double, written straight into the packed A-panel layout: element
        // (e, co, ci) lives at e*perE + k0*panels*6 + (co/6)*kcb*6 + (ci-k0)*6 + co%6 (k0 = K block of ci).
        // Parallel over output channels; padding rows of the last panel stay zero.
        let perE = panels * 6 * cin
        u = alignedFloats(a2 * perE)
        u.update(repeating: 0, count: a2 * perE)
        let gFlat = g.flatMap { $0 }
        let cinL = cin, panelsL = panels, uL = u, kcL = kc
        gFlat.withUnsafeBufferPointer { gb in
            let G = gb.baseAddress!
            Parallelism(threads: Parallelism.available).parallelFor(outChannels) { co in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: a * 3) { ggP in
                    let gg = ggP.baseAddress!
                    let ip = co / 6, r = co - ip * 6
                    for ci in 0..<cinL {
                        let f = weights + (co * cinL + ci) * 9
                        for i in 0..<a {
                            for c in 0..<3 {
                                gg[i * 3 + c] = G[i * 3] * Double(f[c]) + G[i * 3 + 1] * Double(f[3 + c]) + G[i * 3 + 2] * Double(f[6 + c])
                            }
                        }
                        let k0 = ci / kcL * kcL, kcb = min(kcL, cinL - k0)
                        let dst = uL + (k0 * panelsL * 6 + ip * kcb * 6 + (ci - k0) * 6 + r)
                        for i in 0..<a {
                            for j in 0..<a {
                                let v = gg[i * 3] * G[j * 3] + gg[i * 3 + 1] * G[j * 3 + 1] + gg[i * 3 + 2] * G[j * 3 + 2]
                                dst[(i * a + j) * perE] = Float(v)
                            }
                        }
                    }
                }
            }
        }
    }

    deinit { u.deallocate() }

    var floats: Int { WinogradConv.packedFloats(variant: variant, cin: cin, cout: cout) }

    static func alpha(_ v: Variant) -> Int { v == .f4 ? 6 : 4 }

    static func packedFloats(variant: Variant, cin: Int, cout: Int) -> Int {
        alpha(variant) * alpha(variant) * roundUp(cout, 6) * cin
    }

    /// Tiles per task T (multiple of 16): each U[e] panel is reused T/16 times. Many tiles (>= 512: the 112x112 and
    /// 224x224 maps): 32, which keeps V (alpha^2*Cin*T, 590 KB at Cin 128) in L2 next to M; U is small there.
    /// Few tiles (56x56: 196): U (9.4 MB at 256->256) is re-read once per block, so fewer, larger blocks win: 128 on
    /// the AVX-512 6x32 kernel, 64 on AVX2 (128 measured slower there). 28x28/14x14 maps have <= 64 tiles: one block.
    /// Paired A/B medians (kernel-bench tpb, 2 threads, 31 reps), AVX-512, T = 32/64/128: conv2_2 9.5/10.3/- ms,
    /// conv1_2 12.7/13.2/- ms, conv3_2 -/12.5/12.0 ms; AVX2 conv2_2 14.8/16.2/16.5, conv3_2 15.7/15.5/16.0.
    static func tilesPerBlock(alpha: Int, cin: Int, totalTiles: Int, isa: KernelISA) -> Int {
        let cap = WinogradTuning.tilesOverride ?? (totalTiles >= 512 ? 32 : (isa == .avx512 ? 128 : 64))
        return min(cap, roundUp(max(totalTiles, 1), 16))
    }

    /// Cout rows multiplied and output-transformed together: M (alpha^2 x rows x T) ~512 KB (L2) with the 32-tile
    /// blocks of large maps, ~1 MB with blocks of 64 tiles (28x28, 56x56 maps: twice the rows per pass halves the
    /// passes over each V[e]). Paired A/B medians of 21 (kernel-bench tpb TPB=0,0m262144), 1 MB vs 512 KB: AVX-512
    /// conv3_2 12.36 vs 13.22 ms, conv4_2 13.31 vs 14.31, conv4_3 14.65 vs 15.58; AVX2 conv4_2 15.42 vs 16.60;
    /// on the 32-tile blocks 1 MB was slower (conv2_2 12.36 vs 11.81) and 256 KB no better. With the 128-tile blocks
    /// (56x56 maps on AVX-512) M is 2 MB: a pass re-streams the 4.7 MB V (over L2) from L3, and fewer passes won there
    /// (2 threads, paired medians of 25, 2 MB vs 1 MB: conv3_2 9.01 vs 9.71 ms, conv3_3 9.16 vs 9.95, conv3_1 5.72 vs 5.76,
    /// conv3_2 with its pool 9.45 vs 10.0); on 28x28 maps (64-tile blocks) 2 MB made no difference, on 32-tile blocks it lost.
    static func rowsPerPass(alpha: Int, cout: Int, tPer: Int) -> Int {
        let budget = WinogradTuning.mFloats ?? (tPer >= 128 ? 524_288 : tPer >= 64 ? 262_144 : 131_072)
        return max(6, min(roundUp(cout, 6), budget / (alpha * alpha * tPer) / 6 * 6))
    }

    struct Plan {
        let tH, tW, tiles, tPer, rows: Int
        let vSize, mSize: Int
        /// Floats between V[e] and V[e+1]: Cin x T plus one cache line, so the alpha^2 stores of a tile group (one per
        /// e) fall in different L1 sets instead of all aliasing one set when Cin x T x 4 bytes is a multiple of 4 KB.
        let vE: Int
        /// The K block U was packed with (the conv's kc; the static planning of sizes does not depend on it).
        var kc = 256
    }

    static func plan(variant: Variant, cin: Int, cout: Int, batch: Int, height: Int, width: Int, isa: KernelISA) -> Plan {
        let a = alpha(variant), m = a - 2
        let tH = ceilDiv(height, m), tW = ceilDiv(width, m)
        let tiles = batch * tH * tW
        let tPer = tilesPerBlock(alpha: a, cin: cin, totalTiles: tiles, isa: isa)
        let rows = rowsPerPass(alpha: a, cout: cout, tPer: tPer)
        return Plan(tH: tH, tW: tW, tiles: tiles, tPer: tPer, rows: rows,
                    vSize: a * a * (cin * tPer + WinogradTuning.vPad), mSize: a * a * rows * tPer, vE: cin * tPer + WinogradTuning.vPad)
    }

    func plan(batch: Int, height: Int, width: Int, isa: KernelISA) -> Plan {
        var p = WinogradConv.plan(variant: variant, cin: cin, cout: cout, batch: batch, height: height, width: width, isa: isa)
        p.kc = kc
        return p
    }

    static func workspaceCount(variant: Variant, cin: Int, cout: Int, batch: Int, height: Int, width: Int, workers: Int) -> Int {
        // per-worker M | V slots: one per worker, or one per tile block when blocks are few and Cout is
        // split (then a block's V is transformed once and shared by its Cout chunks). The schedule depends
        // on the pool's thread count, so take the largest need over 1...workers threads; the tile block
        // depends on the ISA (which may be switched between calls), so take the largest over both.
        var need = 0
        for isa in [KernelISA.avx2, .avx512] {
            let p = plan(variant: variant, cin: cin, cout: cout, batch: batch, height: height, width: width, isa: isa)
            var slots = workers
            for threads in 1...max(workers, 1) {
                let s = schedule(p, panels: ceilDiv(cout, 6), threads: threads)
                if s.coChunks > 1 { slots = max(slots, s.blocks) }
            }
            need = max(need, workers * p.mSize + slots * p.vSize + 16)
        }
        return need
    }

    /// Tile blocks (runs of 16-tile panels, split evenly: no mostly-empty last block) and Cout chunks. With
    /// few blocks, Cout is split too so every thread has work.
    static func schedule(_ p: Plan, panels: Int, threads: Int) -> (blocks: Int, coChunks: Int) {
        let totalPanels = ceilDiv(p.tiles, 16)
        var blocks = ceilDiv(totalPanels, p.tPer / 16)
        if blocks > 1 && blocks < 4 * threads { blocks = min(totalPanels, roundUp(blocks, threads)) }
        var coChunks = 1
        if blocks < 3 * threads { coChunks = min(panels, ceilDiv(3 * threads, blocks)) }
        return (blocks, coChunks)
    }

    func workspaceCount(batch: Int, height: Int, width: Int, workers: Int) -> Int {
        WinogradConv.workspaceCount(variant: variant, cin: cin, cout: cout, batch: batch, height: height, width: width,
                                    workers: workers)
    }

    func forward(input: UnsafePointer<Float>, batch: Int, height: Int, width: Int, bias: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>, relu: Bool, maxPool2x2: Bool = false,
                 workspace: UnsafeMutablePointer<Float>, workers: Int, pool: Parallelism) {
        switch variant {
        case .f4: run(WinogradF4x3.self, input, batch, height, width, bias, output, relu, maxPool2x2, workspace, workers, pool)
        case .f2: run(WinogradF2x3.self, input, batch, height, width, bias, output, relu, maxPool2x2, workspace, workers, pool)
        }
    }

    private func run<W: WinogradTile>(_: W.Type, _ input: UnsafePointer<Float>, _ batch: Int, _ height: Int, _ width: Int,
                                      _ bias: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ relu: Bool,
                                      _ maxPool2x2: Bool, _ workspace: UnsafeMutablePointer<Float>, _ workers: Int,
                                      _ pool: Parallelism) {
        let isa = KernelISA.active     // read once: the plan and the multiply must agree
        let p = plan(batch: batch, height: height, width: width, isa: isa)
        if p.tiles == 0 || cout == 0 { return }
        let cin = self.cin, cout = self.cout, panels = self.panels, u = UnsafePointer(self.u)
        let threads = min(pool.threads, workers)
        let tp = Parallelism(threads: threads)

        // 2. Tile tasks.
        // Tile blocks are runs of 16-tile panels, split evenly (no mostly-empty last block). With few blocks,
        // Cout is split too so every thread has work; each block's V is then transformed once, in a
        // separate parallel pass over (block, channel range), and shared by its Cout chunks.
        let tPer = p.tPer
        let totalPanels = ceilDiv(p.tiles, 16)
        let (blocks, coChunks) = WinogradConv.schedule(p, panels: panels, threads: threads)
        let shared = coChunks > 1
        let mBase = workspace
        let vBase = mBase + workers * p.mSize
        let vSize = p.vSize
        @inline(__always) func blockRange(_ tb: Int) -> (t0: Int, count: Int, nPanels: Int) {
            let pb0 = tb * totalPanels / blocks, pb1 = (tb + 1) * totalPanels / blocks
            let t0 = pb0 * 16
            return (t0, min((pb1 - pb0) * 16, p.tiles - t0), pb1 - pb0)
        }
        if shared {
            let ciChunks = max(1, min(ceilDiv(cin, 16), ceilDiv(3 * threads, blocks)))
            tp.parallelFor(blocks * ciChunks) { t in
                let tb = t / ciChunks, cc = t % ciChunks
                let r = blockRange(tb)
                WinogradConv.inputTransform(W.self, input: input, height: height, width: width, p, cin: cin, ci0: cc * cin / ciChunks,
                                            ci1: (cc + 1) * cin / ciChunks, t0: r.t0, count: r.count, v: vBase + tb * vSize,
                                            wide: isa == .avx512)
            }
        }
        tp.parallelForWorkers(blocks * coChunks) { t, w in
            let tb = t / coChunks, cc = t % coChunks
            let ip0 = cc * panels / coChunks, ip1 = (cc + 1) * panels / coChunks
            let r = blockRange(tb)
            let mBuf = mBase + w * p.mSize
            let v: UnsafeMutablePointer<Float>
            if shared {
                v = vBase + tb * vSize
            } else {
                v = vBase + w * vSize
                WinogradConv.inputTransform(W.self, input: input, height: height, width: width, p, cin: cin, ci0: 0, ci1: cin,
                                            t0: r.t0, count: r.count, v: v, wide: isa == .avx512)
            }
            var ipA = ip0
            while ipA < ip1 {
                let ipB = min(ip1, ipA + p.rows / 6)
                WinogradConv.multiply(W.self, u: u, v: v, mBuf: mBuf, cin: cin, cout: cout, panels: panels,
                                      ip0: ipA, ip1: ipB, tPer: tPer, vE: p.vE, kc: p.kc, nPanels: r.nPanels, lastCols: r.count - (r.nPanels - 1) * 16,
                                      wide: isa == .avx512)
                if maxPool2x2 {
                    WinogradConv.outputTransformPooled(W.self, mBuf: mBuf, p, cout: cout, co0: ipA * 6, co1: min(cout, ipB * 6),
                                                       t0: r.t0, count: r.count, height: height, width: width, bias: bias,
                                                       relu: relu, output: output, wide: isa == .avx512)
                } else {
                    WinogradConv.outputTransform(W.self, mBuf: mBuf, p, cout: cout, co0: ipA * 6, co1: min(cout, ipB * 6),
                                                 t0: r.t0, count: r.count, height: height, width: width, bias: bias, relu: relu,
                                                 output: output)
                }
                ipA = ipB
            }
        }
    }

    /// Tile index -> (image, tile row, tile column).
    @inline(__always)
    static func tileOrigin(_ p: Plan, cin: Int, tile: Int, m: Int) -> (b: Int, th: Int, tw: Int) {
        let per = p.tH * p.tW
        let b = tile / per, r = tile - b * per
        let th = r / p.tW, tw = r - th * p.tW
        return (b, th, tw)
    }

    /// V[e][ci][t] for the task's tiles and channels ci0..<ci1, read straight from the NCHW input (the
    /// 1-pixel zero border is virtual). Per 8-tile group, one of three loaders:
    ///   interior: 8 adjacent tiles whose alpha rows x (8m+4) window is inside the map: vector loads + deinterleave;
    ///   edge:     8 adjacent tiles touching the border: the window is copied into a zero-filled stack strip first;
    ///   gather:   tiles spread over rows/images (small maps): per-lane scalar loads with bounds checks.
    /// Channel-outer loop: each input plane is swept sequentially (prefetch friendly).
    static func inputTransform<W: WinogradTile>(_: W.Type, input: UnsafePointer<Float>, height: Int, width: Int, _ p: Plan,
                                                 cin: Int, ci0: Int, ci1: Int, t0: Int, count: Int,
                                                 v: UnsafeMutablePointer<Float>, wide: Bool) {
        #if arch(x86_64)
        if wide && W.alpha == 6 && !WinogradTuning.narrowInput {
            WinogradInput16.transform(input: input, .init(channels: cin, height: height, width: width, tilesH: p.tH, tilesW: p.tW),
                                      ci0: ci0, ci1: ci1, t0: t0, count: count, v: v, vE: p.vE, tPer: p.tPer, kc: p.kc,
                                      prefetchPlanes: WinogradTuning.prefetchIn, wholeRowsOnly: WinogradTuning.input16Legacy)
            return
        }
        #endif
        let a = W.alpha, m = W.m
        let tPer = p.tPer, planeSize = height * width
        let groups = ceilDiv(count, 16) * 2
        let span = 8 * m + 4            // floats loadRow8 reads per row
        let info = 26                   // per group: mode, then (image offset, y0, x0) x 8 lanes
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: a * a) { bufP in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: a * 40 + a * a * 8) { stageP in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: info * groups) { infoP in
            let buf = bufP.baseAddress!, stage = stageP.baseAddress!, gat = stage + a * 40, gi = infoP.baseAddress!
            for g in 0..<groups {
                let d = gi + info * g
                for l in 0..<8 {
                    let o = tileOrigin(p, cin: cin, tile: min(t0 + g * 8 + l, p.tiles - 1), m: m)
                    d[2 + 3 * l] = o.b * cin * planeSize
                    d[3 + 3 * l] = o.th * m - 1
                    d[4 + 3 * l] = o.tw * m - 1
                }
                let first = tileOrigin(p, cin: cin, tile: min(t0 + g * 8, p.tiles - 1), m: m)
                let adjacent = t0 + g * 8 + 8 <= p.tiles && first.tw + 8 <= p.tW
                let y0 = d[3], x0 = d[4]
                let inside = y0 >= 0 && y0 + a <= height && x0 >= 0 && x0 + span <= width
                d[0] = adjacent ? (inside ? 1 : 2) : 0
            }
            let eStride = p.vE &* 4
            var ci = ci0
            while ci < ci1 {
                let chan = input + ci &* planeSize
                let kStart = ci / p.kc * p.kc, kcb = min(p.kc, cin - kStart)
                let vci = v + (kStart &* tPer &+ (ci &- kStart) &* 16)
                for g in 0..<groups {
                    let d = gi + info &* g
                    switch d[0] {
                    case 1:
                        let q = chan + (d[2] &+ d[3] &* width &+ d[4])
                        if WinogradTuning.prefetchIn > 0 {
                            let nq = q + planeSize &* WinogradTuning.prefetchIn
                            for r in 0..<a { prefetch(nq + r &* width); prefetch(nq + (r &* width &+ 16)) }
                        }
                        for r in 0..<a { W.loadRow8(q + r &* width, buf + r &* a) }
                    case 2:
                        let img = chan + d[2], y0 = d[3], x0 = d[4]
                        let xs = max(x0, 0), xe = min(x0 &+ span, width)
                        if WinogradTuning.prefetchIn > 0 {
                            let nq = img + (planeSize &* WinogradTuning.prefetchIn &+ xs)
                            var r = max(y0, 0)
                            while r < min(y0 &+ a, height) { prefetch(nq + r &* width); prefetch(nq + (r &* width &+ 16)); r &+= 1 }
                        }
                        for r in 0..<a {
                            let dst = stage + r &* 40
                            let y = y0 &+ r
                            // Inline copy/fill (memmove/memset calls cost more than these ~36 floats).
                            if y < 0 || y >= height || xe <= xs {
                                for c in 0..<span { dst[c] = 0 }
                            } else {
                                var c = 0
                                while c < xs &- x0 { dst[c] = 0; c &+= 1 }
                                let src = img + (y &* width &+ x0)
                                while c &+ 8 <= xe &- x0 {
                                    UnsafeMutableRawPointer(dst + c).storeBytes(
                                        of: UnsafeRawPointer(src + c).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                                    c &+= 8
                                }
                                while c < xe &- x0 { dst[c] = src[c]; c &+= 1 }
                                while c < span { dst[c] = 0; c &+= 1 }
                            }
                            W.loadRow8(dst, buf + r &* a)
                        }
                    default:
                        for l in 0..<8 {
                            let img = chan + d[2 &+ 3 &* l], y0 = d[3 &+ 3 &* l], x0 = d[4 &+ 3 &* l]
                            let colsInside = x0 >= 0 && x0 &+ a <= width
                            for r in 0..<a {
                                let y = y0 &+ r
                                let g8 = gat + (r &* a &* 8 &+ l)
                                if y < 0 || y >= height {
                                    for c in 0..<a { g8[c &* 8] = 0 }
                                } else {
                                    let row = img + y &* width
                                    if colsInside && a == 6 {
                                        // Unrolled: the generic loop was the hot spot on 14x14/28x28 maps.
                                        let q = row + x0
                                        g8[0] = q[0]; g8[8] = q[1]; g8[16] = q[2]; g8[24] = q[3]; g8[32] = q[4]; g8[40] = q[5]
                                    } else if colsInside {
                                        for c in 0..<a { g8[c &* 8] = row[x0 &+ c] }
                                    } else {
                                        for c in 0..<a {
                                            let x = x0 &+ c
                                            g8[c &* 8] = x >= 0 && x < width ? row[x] : 0
                                        }
                                    }
                                }
                            }
                        }
                        let raw = UnsafeRawPointer(gat)
                        for k in 0..<(a * a) { buf[k] = raw.loadUnaligned(fromByteOffset: k &* 32, as: SIMD8<Float>.self) }
                    }
                    for r in 0..<a { W.input1D(buf + r &* a, 1) }
                    for c in 0..<a { W.input1D(buf + c, a) }
                    let dst = UnsafeMutableRawPointer(vci + ((g >> 1) &* kcb &* 16 &+ (g & 1) &* 8))
                    for e in 0..<(a * a) { dst.storeBytes(of: buf[e], toByteOffset: e &* eStride, as: SIMD8<Float>.self) }
                }
                ci &+= 1
            }
        }
        }
        }
    }

    /// M[co - co0][e][t] = sum_ci U[e][co][ci] * V[e][ci][t] for the task's Cout panels (co-major so the
    /// output transform reads one channel's 36 rows from a few contiguous KB instead of 36 pages). A last panel with
    /// <= 8 live tiles uses the half-width kernel (whole 8-lane groups are still written for the output pass).
    /// On AVX-512 the partial last panel is multiplied 16 wide instead (V holds all 16 columns: lanes past the last
    /// tile are transformed from a clamped tile; M has T columns), so it pairs into 6x32 tiles (12 accumulators)
    /// rather than ending on the latency-bound 6-accumulator 6x16/6x8 kernels: 28x28 maps (49 tiles = 3 panels + 1
    /// tile) gained ~10% (paired A/B medians of 31: conv4_2 12.58 vs 14.17 ms, conv4_3 12.41 vs 13.98, conv4_1 7.09 vs 7.89).
    /// On AVX-512, pairs of full A panels run as 12x32 tiles (half the B loads from L2 per FMA): kernel-bench tpb, 1 thread,
    /// CPU-time medians of 11, 12x32 vs 6x32: conv4_2 20.9 vs 23.3 ms, conv4_3 20.6 vs 22.9, conv3_3 20.3 vs 22.3; stack 180 vs 190.
    /// A pair's lone full B panel (the 14x14 maps' only panel, a block's odd last one) runs as one 12x16 tile (12
    /// accumulators instead of two latency-bound 6x16s): 1 thread, CPU time, paired medians of 15: conv5_1 7.7 vs 8.5 ms,
    /// conv5_2 7.7 vs 8.5, conv5_3 7.6 vs 8.5.
    static func multiply<W: WinogradTile>(_: W.Type, u: UnsafePointer<Float>, v: UnsafePointer<Float>, mBuf: UnsafeMutablePointer<Float>,
                                          cin: Int, cout: Int, panels: Int, ip0: Int, ip1: Int, tPer: Int, vE: Int, kc: Int,
                                          nPanels: Int, lastCols: Int, wide: Bool) {
        let a2 = W.alpha * W.alpha
        let ldm = a2 * tPer        // M is [co][e][t]: one output channel's alpha^2 x T block is contiguous
        let perE = panels * 6 * cin
        let lastW = wide && !WinogradTuning.narrowLastPanel ? 16 : min(16, roundUp(lastCols, 8))
        for e in 0..<a2 {
            let ue = u + e * perE, ve = v + e * vE, me = mBuf + e * tPer
            var k0 = 0
            while k0 < cin {
                let kcb = min(kc, cin - k0)
                let bk = ve + k0 * tPer
                var ip = ip0
                while ip < ip1 {
                    let ap = ue + k0 * panels * 6 + ip * kcb * 6
                    let rows = min(6, cout - ip * 6)
                    let cRow = me + (ip - ip0) * 6 * ldm
                    #if arch(x86_64)
                    if wide && WinogradTuning.pairRows && ip + 1 < ip1 && cout - ip * 6 >= 12 {
                        // Two full A panels at once: 12x32 tiles over the 16-wide panel pairs, the rest per panel.
                        let ap1 = ap + kcb * 6, cRow1 = cRow + 6 * ldm
                        let full = lastW == 16 ? nPanels : nPanels - 1
                        var jp = 0
                        while jp + 1 < full {
                            Microkernel6x32.run12x32(kc: kcb, a0: ap, a1: ap1, b0: bk + jp * kcb * 16, b1: bk + (jp + 1) * kcb * 16,
                                                     c: cRow + jp * 16, c1: cRow1 + jp * 16, ldc: ldm, accumulate: k0 > 0)
                            jp += 2
                        }
                        if jp < full && WinogradTuning.pair16 {
                            Microkernel6x32.run12x16(kc: kcb, a0: ap, a1: ap1, b: bk + jp * kcb * 16, c: cRow + jp * 16,
                                                     c1: cRow1 + jp * 16, ldc: ldm, accumulate: k0 > 0)
                            jp += 1
                        }
                        if jp < nPanels {
                            for (a, c) in [(ap, cRow), (ap1, cRow1)] {
                                TileRow.run(kc: kcb, a: a, b: bk, c: c, ldc: ldm, rows: 6, jp0: jp, jp1: nPanels,
                                            lastPanel: nPanels - 1, lastCols: lastW, accumulate: k0 > 0, bias: nil, relu: false, wide: wide)
                            }
                        }
                        ip += 2
                        continue
                    }
                    #endif
                    TileRow.run(kc: kcb, a: ap, b: bk, c: cRow, ldc: ldm, rows: rows, jp0: 0, jp1: nPanels,
                                lastPanel: nPanels - 1, lastCols: lastW, accumulate: k0 > 0,
                                bias: nil, relu: false, wide: wide)
                    ip += 1
                }
                k0 += kcb
            }
        }
    }

    /// The output side's per-tile table, for an output made of `block` x `block` pieces per tile (the m x m tile itself,
    /// or its pooled m/2 x m/2 block) in an outHeight x outWidth map: info[3l] = offset of tile t0+l's piece (channel 0),
    /// info[3l+1], info[3l+2] = its valid rows and columns (0 when it lies wholly past the edge); fast[g] = 1 when the
    /// `lanes` (8, or 16 for the AVX-512 transforms) tiles of group g are adjacent in one tile row and their pieces are whole
    /// and inside the map.
    @inline(__always)
    static func tileTable(_ p: Plan, t0: Int, valid: Int, cout: Int, block: Int, outHeight: Int, outWidth: Int,
                          info: UnsafeMutablePointer<Int>, fast: UnsafeMutablePointer<Int>, lanes: Int = 8) {
        let plane = outHeight * outWidth
        for l in 0..<valid {
            let o = tileOrigin(p, cin: 1, tile: t0 + l, m: 1)
            info[3 * l] = o.b * cout * plane + o.th * block * outWidth + o.tw * block
            info[3 * l + 1] = max(0, min(block, outHeight - o.th * block))
            info[3 * l + 2] = max(0, min(block, outWidth - o.tw * block))
        }
        for g in 0..<(p.tPer / lanes) {
            fast[g] = 0
            if g * lanes + lanes <= valid {
                let o = tileOrigin(p, cin: 1, tile: t0 + g * lanes, m: 1)
                if o.tw + lanes <= p.tW && (o.tw + lanes) * block <= outWidth && o.th * block + block <= outHeight { fast[g] = 1 }
            }
        }
    }

    /// y (m x m, lane = tile) = A^T M A for the 8 tiles whose M columns start at `src` (alpha^2 rows `eStride` apart).
    @inline(__always)
    static func transform8<W: WinogradTile>(_: W.Type, _ src: UnsafePointer<Float>, _ eStride: Int, _ buf: UnsafeMutablePointer<SIMD8<Float>>,
                                            _ tmp: UnsafeMutablePointer<SIMD8<Float>>, _ y: UnsafeMutablePointer<SIMD8<Float>>) {
        let a = W.alpha, m = W.m
        let s = UnsafeRawPointer(src)
        for e in 0..<(a * a) { buf[e] = s.loadUnaligned(fromByteOffset: e &* eStride &* 4, as: SIMD8<Float>.self) }
        for r in 0..<a { W.output1D(buf + r &* a, 1, tmp + r &* m, 1) }
        for j in 0..<m { W.output1D(tmp + j, m, y + j, m) }
    }

    /// The AVX-512 F4 pooled output transform (WinogradOutput16), unless tuning asks for the SIMD8 path (then false).
    static func outputTransformPooledWide(mBuf: UnsafePointer<Float>, _ p: Plan, cout: Int, co0: Int, co1: Int, t0: Int, count: Int,
                                          height: Int, width: Int, bias: UnsafePointer<Float>, relu: Bool,
                                          output: UnsafeMutablePointer<Float>) -> Bool {
        #if arch(x86_64)
        if WinogradTuning.narrowOutput { return false }
        let oh = height / 2, ow = width / 2
        if oh * ow == 0 { return true }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * p.tPer + p.tPer / 16 + p.tPer / 8 + 1) { infoP in
            let info = infoP.baseAddress!, fast = info + 3 * p.tPer, fast8 = fast + p.tPer / 16
            tileTable(p, t0: t0, valid: count, cout: cout, block: 2, outHeight: oh, outWidth: ow, info: info, fast: fast8, lanes: 8)
            tileTable(p, t0: t0, valid: count, cout: cout, block: 2, outHeight: oh, outWidth: ow, info: info, fast: fast, lanes: 16)
            WinogradOutput16.transformPooled(mBuf: mBuf, tPer: p.tPer, co0: co0, co1: co1, count: count, bias: bias, relu: relu,
                                             output: output, planeOut: oh * ow, outWidth: ow, info: info, fast: fast, fast8: fast8,
                                             prefetchPlanes: WinogradTuning.prefetchOut)
        }
        return true
        #else
        return false
        #endif
    }

    static func outputTransform<W: WinogradTile>(_: W.Type, mBuf: UnsafePointer<Float>, _ p: Plan, cout: Int, co0: Int, co1: Int,
                                                  t0: Int, count: Int, height: Int, width: Int, bias: UnsafePointer<Float>, relu: Bool,
                                                  output: UnsafeMutablePointer<Float>) {
        let a = W.alpha, a2 = a * a, m = W.m
        let tPer = p.tPer
        let valid = count
        let eStride = tPer          // M is [co][e][t]
        let planeOut = height * width
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: a2 + a * m + m * m) { bufP in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * m * m) { stageP in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * tPer + tPer / 8) { infoP in
                let buf = bufP.baseAddress!, tmp = buf + a2, y = tmp + a * m
                let stage = stageP.baseAddress!
                let info = infoP.baseAddress!, fast = info + 3 * tPer
                tileTable(p, t0: t0, valid: valid, cout: cout, block: m, outHeight: height, outWidth: width, info: info, fast: fast)
                let zero = SIMD8<Float>()
                for co in co0..<co1 {
                    let bv = SIMD8<Float>(repeating: bias[co])
                    let src = mBuf + (co - co0) * a2 * tPer
                    let outC = output + co * planeOut
                    var g = 0
                    while g * 8 < valid {
                        transform8(W.self, src + g * 8, eStride, buf, tmp, y)
                        for k in 0..<(m * m) {
                            var yv = y[k] + bv
                            if relu { yv = yv.replacing(with: zero, where: yv .< zero) }
                            y[k] = yv
                        }
                        if fast[g] != 0 {
                            if WinogradTuning.prefetchOut > 0 && co &+ WinogradTuning.prefetchOut < co1 {
                                // The next channel's rows for this group: fetched for writing while this one computes.
                                let nxt = outC + (info[3 * g * 8] &+ planeOut &* WinogradTuning.prefetchOut)
                                for i in 0..<m { prefetchForWrite(nxt + i &* width); prefetchForWrite(nxt + (i &* width &+ 16)) }
                            }
                            W.storeRows8(y, outC + info[3 * g * 8], width)
                            g += 1
                            continue
                        }
                        // Scattered tiles: transpose lanes to tile rows on the stack (stage[i][l*m + j]),
                        // then copy each tile's rows with one short vector store per row.
                        W.storeRows8(y, stage, 8 &* m)
                        let lanes = min(8, valid - g * 8)
                        for l in 0..<lanes {
                            let ti = g * 8 + l
                            let base = outC + info[3 * ti]
                            let vr = info[3 * ti + 1], vc = info[3 * ti + 2]
                            let src = stage + l &* m
                            if vc == m {
                                for i in 0..<vr { W.copyRow(src + i &* 8 &* m, base + i &* width) }
                            } else {
                                for i in 0..<vr {
                                    for j in 0..<vc { base[i &* width &+ j] = src[i &* 8 &* m &+ j] }
                                }
                            }
                        }
                        g += 1
                    }
                }
            }
        }
        }
    }
}
