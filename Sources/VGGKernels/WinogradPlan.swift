// WinogradConv's sizes, from the shapes alone (no weights): tiles, the tile block T per task, the Cout rows per
// multiply pass, V and M slot sizes, and the workspace a forward needs. Both the kernel and memory planning
// (Conv2dKernel.workspaceCount, before weights exist) read them, so the two cannot disagree.

extension WinogradConv {
    /// Tiles per task T (multiple of 16): each U[e] panel is reused T/16 times. Many tiles (>= 512: the 112x112 and
    /// 224x224 maps): 32, which keeps V (alpha^2*Cin*T, 590 KB at Cin 128) in L2 next to M; U is small there.
    /// Few tiles (56x56: 196): U (9.4 MB at 256->256) is re-read once per block, so fewer, larger blocks win: 128 on
    /// the AVX-512 6x32 kernel, 64 on AVX2 (128 measured slower there). 28x28/14x14 maps have <= 64 tiles: one block.
    static func tilesPerBlock(totalTiles: Int, isa: KernelISA) -> Int {
        let cap = WinogradTuning.tilesOverride ?? (totalTiles >= 512 ? 32 : (isa == .avx512 ? 128 : 64))
        return min(cap, roundUp(max(totalTiles, 1), 16))
    }

    /// Cout rows multiplied and output-transformed together: M (alpha^2 x rows x T) ~512 KB (L2) with the 32-tile
    /// blocks of large maps, ~1 MB with blocks of 64 tiles (28x28, 56x56 maps: twice the rows per pass halves the
    /// passes over each V[e]), ~2 MB with the 128-tile blocks (56x56 maps on AVX-512: V, 4.7 MB, no longer fits L2, so
    /// fewer passes mean fewer re-streams of it from L3). Larger budgets measured slower on the 32-tile blocks.
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
        let tPer = tilesPerBlock(totalTiles: tiles, isa: isa)
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
        // on the thread count it runs with, so take the largest need over 1...workers threads; the tile block
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

    func workspaceCount(batch: Int, height: Int, width: Int, workers: Int) -> Int {
        WinogradConv.workspaceCount(variant: variant, cin: cin, cout: cout, batch: batch, height: height, width: width,
                                    workers: workers)
    }

    /// Tile index -> (image, tile row, tile column).
    @inline(__always)
    static func tileOrigin(_ p: Plan, tile: Int) -> (b: Int, th: Int, tw: Int) {
        let per = p.tH * p.tW
        let b = tile / per, r = tile - b * per
        let th = r / p.tW, tw = r - th * p.tW
        return (b, th, tw)
    }
}
