// WinogradConv's forward driver: splits the tiles into blocks and Cout into chunks so every thread has work, and runs
// each (block, chunk) task as input transform -> multiply -> epilogue on its worker's M and V slots of the workspace.
// Tasks write disjoint output channels of disjoint tiles, so no two threads store to the same output element.

extension WinogradConv {
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

    func run<W: WinogradTile>(_: W.Type, _ input: UnsafePointer<Float>, _ batch: Int, _ height: Int, _ width: Int,
                              _ bias: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ relu: Bool,
                              _ maxPool2x2: Bool, _ workspace: UnsafeMutablePointer<Float>, _ workers: Int,
                              _ pool: Parallelism) {
        let isa = KernelISA.active     // read once: the plan and the multiply must agree
        let p = plan(batch: batch, height: height, width: width, isa: isa)
        if p.tiles == 0 || cout == 0 { return }
        let cin = self.cin, cout = self.cout, panels = self.panels, u = UnsafePointer(self.u)
        let threads = min(pool.threads, workers)
        let tp = Parallelism(threads: threads)

        // Tasks are (tile block, Cout chunk) pairs (see schedule). With more than one Cout chunk, each block's V is
        // transformed once, in a separate parallel pass over (block, channel range), and shared by its chunks.
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
}
