import Foundation
import VGGCore
import VGGKernels

/// The machine an execution plan is made for: the kernels' ISA, the cores, and the ceilings the cost model divides by
/// (GEMM peak per core, memory bandwidth, cache sizes). `probed` is false for the documented defaults below (no timing
/// run: `run` and the TUI plan with them), true when `bench` measured the peaks with MachinePeaks in the same run.
public struct MachineProfile: Equatable, Sendable {
    public var isa: KernelISA
    public var cores: Int
    /// Packed GEMM GFLOP/s of one core (the probe's multi-thread figure divided by its threads).
    public var gemmGFLOPsPerCore: Double
    /// Streaming memory bandwidth with every core reading (GB/s).
    public var bandwidthGBs: Double
    public var l1Bytes: Int
    public var l2Bytes: Int
    public var l3Bytes: Int
    public var probed: Bool

    public init(isa: KernelISA, cores: Int, gemmGFLOPsPerCore: Double, bandwidthGBs: Double, l1Bytes: Int = 48 << 10,
                l2Bytes: Int = 1280 << 10, l3Bytes: Int = 32 << 20, probed: Bool = false) {
        self.isa = KernelISA.usable(isa)
        self.cores = max(1, cores)
        self.gemmGFLOPsPerCore = max(gemmGFLOPsPerCore, 0.1)
        self.bandwidthGBs = max(bandwidthGBs, 0.1)
        self.l1Bytes = l1Bytes
        self.l2Bytes = l2Bytes
        self.l3Bytes = l3Bytes
        self.probed = probed
    }

    /// Defaults when nothing was measured: GEMM.sgemm's per-core rate measured on the machines these kernels were
    /// tuned on (docs/tuning.md: ~75 GFLOP/s per core with the AVX-512 tiles, ~45 with the AVX2 ones), 25 GB/s (what
    /// MachinePeaks' probe, the better of a streaming read and a copy, reported there: 25-30 GB/s), and this CPU's cache
    /// sizes from sysfs when it lists them.
    public static func defaults(isa: KernelISA = .detected, cores: Int = Parallelism.available) -> MachineProfile {
        let usable = KernelISA.usable(isa)
        var profile = MachineProfile(isa: usable, cores: cores, gemmGFLOPsPerCore: usable == .avx512 ? 75 : 45,
                                     bandwidthGBs: 25)
        let caches = CacheSizes.read()
        if let l1 = caches.l1 { profile.l1Bytes = l1 }
        if let l2 = caches.l2 { profile.l2Bytes = l2 }
        if let l3 = caches.l3 { profile.l3Bytes = l3 }
        return profile
    }

    /// The defaults with the peaks `MachinePeaks.measure(threads:)` found on `threads` threads.
    public static func probed(_ peaks: MachinePeaks, threads: Int, isa: KernelISA = .detected,
                              cores: Int = Parallelism.available) -> MachineProfile {
        var profile = defaults(isa: isa, cores: cores)
        let used = max(1, min(threads, cores))
        if peaks.gemmGFLOPs > 0 { profile.gemmGFLOPsPerCore = peaks.gemmGFLOPs / Double(used) }
        if peaks.bandwidthGBs > 0 { profile.bandwidthGBs = peaks.bandwidthGBs }
        profile.probed = true
        return profile
    }

    /// One line for reports.
    public var description: String {
        "\(isa.rawValue), \(cores) core\(cores == 1 ? "" : "s"), GEMM \(String(format: "%.0f", gemmGFLOPsPerCore)) GFLOP/s per core,"
            + " \(String(format: "%.1f", bandwidthGBs)) GB/s, L2 \(l2Bytes >> 10) KB, L3 \(l3Bytes >> 20) MB"
            + (probed ? " (probed)" : " (defaults, not probed)")
    }
}

/// Data cache sizes of CPU 0 from /sys/devices/system/cpu/cpu0/cache (nil where it says nothing).
enum CacheSizes {
    static func read() -> (l1: Int?, l2: Int?, l3: Int?) {
        var result: [Int: Int] = [:]
        for index in 0..<8 {
            let dir = "/sys/devices/system/cpu/cpu0/cache/index\(index)/"
            guard let level = text(dir + "level").flatMap(Int.init), let type = text(dir + "type"),
                  type != "Instruction", let size = text(dir + "size").flatMap(parse) else { continue }
            result[level] = size
        }
        return (result[1], result[2], result[3])
    }

    private static func text(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "48K", "1280K", "32M" or a plain byte count.
    static func parse(_ s: String) -> Int? {
        guard let last = s.last else { return nil }
        let scale = last == "K" ? 1024 : last == "M" ? 1 << 20 : last == "G" ? 1 << 30 : 1
        return Int(scale == 1 ? s : String(s.dropLast())).map { $0 * scale }
    }
}
