// Kernel-test helpers on top of VGGTestSupport (seeded PRNG, NaN-filled guarded buffers, tolerance compare): failure
// messages also name the ISA the kernels ran on, and forEachISA runs a sweep on every ISA this CPU has.

import VGGTestSupport
import XCTest
@testable import VGGKernels

/// assertAllClose with the active ISA in the failure message.
func assertClose(_ got: GuardedBuffer, _ want: GuardedBuffer, count: Int, abs atol: Float, rel rtol: Float,
                 _ what: @autoclosure () -> String, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
    assertAllClose(got, want, count: count, abs: atol, rel: rtol, "\(what()) isa=\(testISA)", seed: seed,
                   file: file, line: line)
}

/// The ISA the sweep in progress builds its kernels with (their ConvConfig / isa argument): test-side state that
/// forEachISA sets; the kernels themselves have no global ISA switch.
nonisolated(unsafe) var testISA: KernelISA = .detected

/// Runs `body` with kernels built for the AVX2 path, then again for the AVX-512 path when this CPU has it (otherwise
/// says it skipped that half). Failure messages from assertClose name the ISA.
func forEachISA(_ body: () -> Void) {
    defer { testISA = .detected }
    testISA = .avx2
    body()
    if KernelISA.detected == .avx512 {
        testISA = .avx512
        body()
    } else {
        print("note: AVX-512 half skipped: this CPU has no AVX-512 (KernelISA.detected = \(KernelISA.detected))")
    }
}

/// The method a conv test asks for: the request's method (F2 when `f2`), GEMM where the layer cannot run it (as a plan
/// would) or for auto.
func testMethod(_ algorithm: ConvAlgorithm, f2: Bool, k: Int, stride: Int, pad: Int, cin: Int) -> ConvMethod {
    let wanted = f2 ? .winogradF2 : (algorithm.forced ?? .gemm)
    return wanted.supports(kernel: k, stride: stride, padding: pad, inChannels: cin) ? wanted : .gemm
}

/// A seeded conv for the sweeps (checkConv, checkConvPool): He-uniform weights, a bias, an input, all guarded, and the
/// kernel built for the method the test asks (testMethod) on the sweep's ISA.
struct SeededConv {
    let weights, bias, input: GuardedBuffer
    let conv: Conv2dKernel
    let hasBias: Bool

    init(cin: Int, cout: Int, h: Int, w: Int, k: Int, stride: Int, pad: Int, batch: Int, hasBias: Bool,
         algorithm: ConvAlgorithm, threads: Int, seed: UInt64, f2: Bool) {
        var rng = SplitMix64(seed: seed)
        let heScale = (6.0 / Float(max(cin * k * k, 1))).squareRoot()
        weights = GuardedBuffer(random: cout * cin * k * k, &rng, scale: heScale)
        bias = GuardedBuffer(random: cout, &rng, scale: 0.1)
        input = GuardedBuffer(random: batch * cin * h * w, &rng)
        self.hasBias = hasBias
        conv = Conv2dKernel(weights: weights.input, bias: hasBias ? bias.input : nil, outChannels: cout, inChannels: cin,
                            kernel: k, stride: stride, padding: pad,
                            config: ConvConfig(method: testMethod(algorithm, f2: f2, k: k, stride: stride, pad: pad, cin: cin),
                                               isa: testISA, threads: threads))
    }

    /// The naive twin's output for the same weights and input.
    func reference(batch: Int, h: Int, w: Int, relu: Bool, into output: GuardedBuffer) {
        Reference.conv2d(input: input.p, batch: batch, inChannels: conv.inChannels, height: h, width: w, weights: weights.p,
                         bias: hasBias ? bias.p : nil, outChannels: conv.outChannels, kernel: conv.kernel, stride: conv.stride,
                         padding: conv.padding, output: output.p, relu: relu)
    }

    /// Absolute tolerance against an output of largest magnitude `scale`: 1e-3 x scale for Winograd, 2e-6 x (Cin*k*k + 1)
    /// x scale for the direct-count methods.
    var absoluteTolerance: (Float) -> Float {
        let winograd = conv.method.isWinograd, depth = conv.inChannels * conv.kernel * conv.kernel
        return { scale in winograd ? 1e-3 * scale : 2e-6 * Float(depth + 1) * scale }
    }
}
