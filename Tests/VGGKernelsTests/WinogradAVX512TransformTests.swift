import VGGTestSupport
import XCTest
@_spi(Tuning) @testable import VGGKernels

/// The AVX-512 F4 transforms (WinogradInput16, WinogradOutput16: 16 tiles per zmm) against their SIMD8 twins, bit for
/// bit: same operations in the same order, so V and the pooled output must match exactly.
final class WinogradAVX512TransformTests: XCTestCase {
    func testWideInputTransformMatchesSIMD8Path() throws {
        try XCTSkipUnless(KernelISA.detected == .avx512, "this CPU has no AVX-512")
        var rng = SplitMix64(seed: 4242)
        // (batch, cin, height, width): VGG maps (224: direct groups and border strips; 56/28/14: tile-row wraps),
        // widths that are not multiples of 4, maps narrower than a 16-tile group, images wrapping inside a group,
        // and Cin past one 512-channel K block.
        let shapes = [(1, 3, 224, 224), (1, 2, 112, 112), (1, 4, 56, 56), (2, 3, 28, 28), (3, 2, 14, 14), (2, 520, 14, 14),
                      (1, 3, 6, 69), (1, 2, 5, 70), (2, 3, 13, 17), (1, 2, 3, 300), (4, 3, 2, 2), (1, 2, 1, 1), (5, 1, 7, 3)]
        for (batch, cin, h, w) in shapes {
            let x = GuardedBuffer(random: batch * cin * h * w, &rng, scale: 3)
            for cap in [nil, 16, 48] as [Int?] {
                WinogradTuning.tilesOverride = cap
                defer { WinogradTuning.tilesOverride = nil }
                var p = WinogradConv.plan(variant: .f4, cin: cin, cout: 8, batch: batch, height: h, width: w, isa: .avx512)
                p.kc = WinogradConv.defaultKC(.avx512)      // as a conv built on AVX-512 packs: Cin 520 is two K blocks
                let narrow = GuardedBuffer(p.vSize), wide = GuardedBuffer(p.vSize)
                var t0 = 0
                while t0 < p.tiles {
                    let count = min(p.tPer, p.tiles - t0)
                    // Whole channel range, and a sub-range (the shared-V pass splits channels).
                    for (ci0, ci1) in [(0, cin), (cin / 3, max(cin / 3 + 1, 2 * cin / 3))] where ci1 <= cin {
                        narrow.p.update(repeating: .nan, count: p.vSize)
                        wide.p.update(repeating: .nan, count: p.vSize)
                        WinogradConv.inputTransform(WinogradF4x3.self, input: x.p, height: h, width: w, p, cin: cin, ci0: ci0, ci1: ci1,
                                                    t0: t0, count: count, v: narrow.p, wide: false)
                        WinogradConv.inputTransform(WinogradF4x3.self, input: x.p, height: h, width: w, p, cin: cin, ci0: ci0, ci1: ci1,
                                                    t0: t0, count: count, v: wide.p, wide: true)
                        let what = "b\(batch) cin\(cin) \(h)x\(w) tPer \(p.tPer) t0 \(t0) ci \(ci0)..<\(ci1)"
                        narrow.assertGuardIntact(what + " SIMD8 V", seed: 4242)
                        wide.assertGuardIntact(what + " 16-lane V", seed: 4242)
                        let panels = (count + 15) / 16
                        var bad = 0
                        for e in 0..<36 {
                            for ci in ci0..<ci1 {
                                let k0 = ci / p.kc * p.kc, kcb = min(p.kc, cin - k0)
                                for j in 0..<(panels * 16) {
                                    let o = e * p.vE + k0 * p.tPer + (j / 16) * kcb * 16 + (ci - k0) * 16 + j % 16
                                    // Columns past the block's tiles: the wide path writes zeros (the multiply reads them).
                                    let ok = j < count ? wide[o].bitPattern == narrow[o].bitPattern : wide[o] == 0
                                    if !ok && bad < 5 {
                                        XCTFail("b\(batch) cin\(cin) \(h)x\(w) tPer \(p.tPer) t0 \(t0) ci \(ci) e \(e) col \(j): wide \(wide[o]) narrow \(narrow[o])")
                                    }
                                    if !ok { bad += 1 }
                                }
                            }
                        }
                    }
                    t0 += count
                }
            }
        }
    }

    /// The AVX-512 F4 pooled output transform (WinogradOutput16: bias, ReLU, fused 2x2 max pool) against the SIMD8 path,
    /// bit for bit, over whole outputs pre-filled with NaN (so a stray or missing store shows too).
    func testWideOutputTransformMatchesSIMD8Path() throws {
        try XCTSkipUnless(KernelISA.detected == .avx512, "this CPU has no AVX-512")
        var rng = SplitMix64(seed: 4343)
        let cout = 7
        let shapes = [(1, 224, 224), (1, 112, 112), (1, 56, 56), (2, 28, 28), (3, 14, 14), (1, 6, 69), (1, 5, 70),
                      (2, 13, 17), (1, 3, 300), (4, 2, 2), (1, 1, 1), (5, 7, 3), (1, 66, 67)]
        for (batch, h, w) in shapes {
            for cap in [nil, 16, 48] as [Int?] {
                WinogradTuning.tilesOverride = cap
                defer { WinogradTuning.tilesOverride = nil }
                let p = WinogradConv.plan(variant: .f4, cin: 8, cout: cout, batch: batch, height: h, width: w, isa: .avx512)
                let bias = GuardedBuffer(random: cout, &rng)
                let outCount = batch * cout * (h / 2) * (w / 2)
                let narrow = GuardedBuffer(outCount), wide = GuardedBuffer(outCount)
                var t0 = 0
                while t0 < p.tiles {
                    let count = min(p.tPer, p.tiles - t0)
                    let (co0, co1) = t0 % 2 == 0 ? (0, cout) : (2, 5)
                    let m = GuardedBuffer(random: (co1 - co0) * 36 * p.tPer, &rng, scale: 4)
                    for (out, wideFlag) in [(narrow, false), (wide, true)] {
                        WinogradConv.outputTransformPooled(WinogradF4x3.self, mBuf: m.p, p, cout: cout, co0: co0, co1: co1,
                                                           t0: t0, count: count, height: h, width: w, bias: bias.p,
                                                           relu: t0 % 3 != 0, output: out.p, wide: wideFlag)
                    }
                    t0 += count
                }
                narrow.assertGuardIntact("b\(batch) \(h)x\(w) tPer \(p.tPer) SIMD8 output", seed: 4343)
                wide.assertGuardIntact("b\(batch) \(h)x\(w) tPer \(p.tPer) 16-lane output", seed: 4343)
                var bad = 0
                for i in 0..<outCount where wide[i].bitPattern != narrow[i].bitPattern {
                    if bad < 5 { XCTFail("b\(batch) \(h)x\(w) tPer \(p.tPer) index \(i): wide \(wide[i]) narrow \(narrow[i])") }
                    bad += 1
                }
            }
        }
    }
}
