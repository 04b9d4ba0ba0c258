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
