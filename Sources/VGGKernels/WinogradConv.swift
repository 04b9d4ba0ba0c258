// WinogradConv: 3x3, stride 1, padding 1 convolution by Winograd F(4x4,3x3) or F(2x2,3x3) (Lavin & Gray).
// Layouts: input and output NCHW, dense (W floats per row, H*W per plane); the 1-pixel zero border is virtual (the
// input transform reads the NCHW input directly, no padded copy). U (transformed weights, built once here) holds, for
// each of the alpha^2 tile elements e, a Cout x Cin matrix packed as Microkernel6x16 A panels (KC-blocked, like
// PackedConvWeights; padding rows of the last 6-row panel are zero). Tiles are m x m outputs (m = alpha - 2), numbered
// image-major then row-major; right/bottom tiles that stick out of the map are computed and clipped at the store.
// forward = tasks over (block of T tiles) x (Cout chunk) (WinogradSchedule.swift), each on its worker's scratch:
//   a. input transform of the block's tiles into packed-B layout V[e] (WinogradInputTransform.swift);
//   b. alpha^2 GEMMs M[e] = U[e] * V[e] on the packed micro-kernels, in passes of ~0.5-2 MB of M (WinogradMultiply.swift);
//   c. output transform of M + bias, optional ReLU, into the NCHW output (WinogradEpilogue.swift), or with maxPool2x2
//      the pooled (H/2) x (W/2) map (WinogradPoolEpilogue.swift).
// Sizes (tile block T, rows per pass, workspace) come from WinogradPlan.swift. Workspace: per-worker M + V slots
// (workspaceCount floats); the caller's output must hold N x Cout x H x W floats (pooled: N x Cout x H/2 x W/2).
// On AVX-512 the F4 input and pooled-output transforms run 16 tiles per zmm (VGGKernelsAVX512): same operations in the
// same order as the SIMD8 ones, bit-identical (tested). Measurements behind the tuning choices: docs/tuning.md.

final class WinogradConv {
    enum Variant { case f4, f2 }
    /// K block (input channels per packed A/B panel), fixed at construction (U is packed with it) from the ISA then
    /// active: 512 on AVX-512, so VGG's 512-channel layers run one block (no second accumulate pass over M); 256 on
    /// AVX2, whose 6x16 tiles want A + B in L1 (512 measured slower there).
    let kc: Int
    static func defaultKC(_ isa: KernelISA) -> Int { WinogradTuning.kcOverride ?? (isa == .avx512 ? 512 : 256) }

    let variant: Variant
    let cin: Int
    let cout: Int
    let panels: Int
    let alpha: Int
    let u: UnsafeMutablePointer<Float>

    init(weights: UnsafePointer<Float>, outChannels: Int, inChannels: Int, variant: Variant) {
        self.variant = variant
        kc = WinogradConv.defaultKC(KernelISA.active)
        cin = inChannels
        cout = outChannels
        panels = ceilDiv(outChannels, 6)
        let g = variant == .f4 ? WinogradF4x3.g : WinogradF2x3.g
        alpha = g.count
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

    func forward(input: UnsafePointer<Float>, batch: Int, height: Int, width: Int, bias: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>, relu: Bool, maxPool2x2: Bool = false,
                 workspace: UnsafeMutablePointer<Float>, workers: Int, pool: Parallelism) {
        switch variant {
        case .f4: run(WinogradF4x3.self, input, batch, height, width, bias, output, relu, maxPool2x2, workspace, workers, pool)
        case .f2: run(WinogradF2x3.self, input, batch, height, width, bias, output, relu, maxPool2x2, workspace, workers, pool)
        }
    }
}
