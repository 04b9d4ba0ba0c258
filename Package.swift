// swift-tools-version:6.0
import PackageDescription

// Kernels need an AVX2/FMA target (`haswell`: the clang importer rejects `x86-64-v3`): without it SIMD `addingProduct` lowers to scalar `fmaf`
// library calls (~100x slower). The manifest is compiled for the host, so `#if arch` picks
// the flag for the machine that builds; other hosts get the compiler's default.
#if arch(x86_64)
let cpuFlags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
// AVX-512 micro-kernels: only called after VGGKernels' runtime check (KernelISA) finds AVX-512 on the CPU.
let avx512Flags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512", "-O", "-enforce-exclusivity=unchecked"])]
#else
let cpuFlags: [SwiftSetting] = []
let avx512Flags: [SwiftSetting] = []
#endif

// Kernels are optimised in every configuration so that `swift test` (debug) runs the same
// code as release, at a speed that keeps the kernel sweeps short.
let kernelFlags: [SwiftSetting] = cpuFlags + [.unsafeFlags(["-O", "-enforce-exclusivity=unchecked"])]

let package = Package(
    name: "vggscope",
    products: [
        .executable(name: "vggscope", targets: ["vggscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // No pkgConfig: ncursesw's .pc adds -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600, which SwiftPM rejects with a warning on
        // every build; the headers sit in the default include path and the modulemap links the library.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "VGGCore"),
        .target(name: "VGGKernelsAVX512", swiftSettings: avx512Flags),
        .target(name: "VGGKernels", dependencies: ["VGGKernelsAVX512"], swiftSettings: kernelFlags),
        .target(name: "VGGRuntime", dependencies: ["VGGCore", "VGGKernels"], swiftSettings: cpuFlags),
        // The explorer is a pure UI over the core: running a forward pass is injected (`ForwardPassRunning`),
        // implemented over the runtime in VGGTUIRuntime, a target of its own so it is tested without the executable.
        .target(name: "VGGTUI", dependencies: ["VGGCore"]),
        .target(name: "VGGTUIRuntime", dependencies: ["VGGTUI", "VGGCore", "VGGRuntime", "VGGKernels"]),
        .target(name: "VGGTerminal", dependencies: ["CNcurses", "VGGTUI"]),
        .executableTarget(
            name: "vggscope",
            dependencies: [
                "VGGCore", "VGGKernels", "VGGRuntime", "VGGTUI", "VGGTUIRuntime", "VGGTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Helpers shared by the test targets (seeded PRNG, guarded NaN-filled buffers, tolerance compare). A library
        // rather than a test target so that test targets can depend on it; no product exports it.
        .target(name: "VGGTestSupport", path: "Tests/VGGTestSupport"),
        .testTarget(name: "VGGCoreTests", dependencies: ["VGGCore", "VGGTestSupport"], resources: [.copy("Fixtures")]),
        .executableTarget(name: "kernel-bench", dependencies: ["VGGKernels", "VGGKernelsAVX512"], swiftSettings: cpuFlags),
        .testTarget(name: "VGGKernelsTests", dependencies: ["VGGKernels", "VGGTestSupport"], swiftSettings: cpuFlags),
        .testTarget(name: "VGGRuntimeTests", dependencies: ["VGGRuntime", "VGGCore", "VGGKernels"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "VGGTUITests", dependencies: ["VGGTUI", "VGGCore", "VGGTestSupport"],
                    resources: [.copy("Snapshots")]),
        .testTarget(name: "VGGTUIRuntimeTests", dependencies: ["VGGTUIRuntime", "VGGTUI", "VGGCore", "VGGRuntime", "VGGKernels"]),
        .testTarget(name: "vggscopeTests", dependencies: ["vggscope", "VGGCore"]),
    ]
)
