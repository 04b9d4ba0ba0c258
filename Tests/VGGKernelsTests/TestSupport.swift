// Kernel-test helpers on top of VGGTestSupport (seeded PRNG, NaN-filled guarded buffers, tolerance compare): failure
// messages also name the ISA the kernels ran on, and forEachISA runs a sweep on every ISA this CPU has.

import VGGTestSupport
import XCTest
@testable import VGGKernels

/// assertAllClose with the active ISA in the failure message.
func assertClose(_ got: GuardedBuffer, _ want: GuardedBuffer, count: Int, abs atol: Float, rel rtol: Float,
                 _ what: @autoclosure () -> String, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
    assertAllClose(got, want, count: count, abs: atol, rel: rtol, "\(what()) isa=\(KernelISA.active)", seed: seed,
                   file: file, line: line)
}

/// Runs `body` with the kernels on the AVX2 path, then again on the AVX-512 path when this CPU has it (otherwise says
/// it skipped that half). Restores the process default afterwards. Failure messages from assertClose name the ISA.
func forEachISA(_ body: () -> Void) {
    defer { KernelISA.override = nil }
    KernelISA.override = .avx2
    body()
    if KernelISA.detected == .avx512 {
        KernelISA.override = .avx512
        body()
    } else {
        print("note: AVX-512 half skipped: this CPU has no AVX-512 (KernelISA.detected = \(KernelISA.detected))")
    }
}
