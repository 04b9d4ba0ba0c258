// KernelISA: which micro-kernels the GEMM-shaped loops (PackedGEMM, Im2colGEMM, Winograd multiply) use.
// .avx2: Microkernel6x16 (SIMD8, built for haswell; the portable path on every host). .avx512: full 6x32 / 6x16
// tiles go to VGGKernelsAVX512.Microkernel6x32 (zmm, built for skylake-avx512), edge tiles stay on the AVX2 kernel.
// Decided once per process: AVX-512 only on x86_64 Linux whose /proc/cpuinfo flags list avx512f, avx512cd, avx512bw,
// avx512dq and avx512vl (everything -target-cpu skylake-avx512 may emit; the kernel lists them only when it saves
// the zmm state), besides fma and avx2. VGGSCOPE_ISA=avx2 forces the AVX2 path. Tests switch with `override`.

#if canImport(Glibc)
import Glibc
#endif

public enum KernelISA: String, Sendable {
    case avx2
    case avx512

    /// The best ISA this CPU (and build) supports.
    public static let detected: KernelISA = detect()

    /// `detected`, unless VGGSCOPE_ISA=avx2 asks for the AVX2 path.
    static let chosen: KernelISA = {
        if let e = getenv("VGGSCOPE_ISA"), String(cString: e).lowercased() == "avx2" { return .avx2 }
        return detected
    }()

    /// Tests and kernel-bench's paired A/B: when set, used instead of `chosen`. Must not be .avx512 unless `detected`
    /// is; set it only between kernel calls (each task reads `active` once).
    nonisolated(unsafe) public static var override: KernelISA? = nil

    /// The ISA the kernels use now.
    public static var active: KernelISA { override ?? chosen }

    static func detect() -> KernelISA {
        #if arch(x86_64) && os(Linux)
        guard let f = fopen("/proc/cpuinfo", "r") else { return .avx2 }
        defer { fclose(f) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var cap = 0
        defer { free(line) }
        while getline(&line, &cap, f) > 0 {
            let s = String(cString: line!)
            guard s.hasPrefix("flags") else { continue }
            let flags = Set(s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == ":" }).map(String.init))
            let need = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "fma", "avx2"]
            return need.allSatisfy(flags.contains) ? .avx512 : .avx2
        }
        return .avx2
        #else
        return .avx2
        #endif
    }
}
