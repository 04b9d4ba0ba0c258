import ArgumentParser
import VGGKernels
import VGGRuntime

extension ConvAlgorithm: ExpressibleByArgument {}

/// How a model runs on this machine: the flags `run` and `bench` share, with one wording.
struct ExecutionOptionGroup: ParsableArguments {
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores; at most 256 or 4x the cores).")
    var threads: Int = Parallelism.available

    @Option(parsing: .unconditional, help: "Seed for the random weights and input.")
    var seed: UInt64 = 0

    @Option(name: .customLong("conv-algo"),
            help: "Convolution algorithm: auto (the cost model's choice per layer), gemm, winograd, winograd-f2, stream or gemm-rows.")
    var convAlgo: ConvAlgorithm = .auto

    @Flag(name: .customLong("fuse-pool"), inversion: .prefixedNo,
          help: "Run each 2x2 MaxPool in the preceding conv's epilogue (--no-fuse-pool: as its own step, to A/B it).")
    var fusePool = true

    /// Checks --threads (1 ... SpecLimits.threads, with the limit in the message).
    func validateThreads() throws { try ThreadsOption.check(threads) }

    /// The options for a plan made for `machine` (RuntimeSetup.machine: the CLI's one reading of VGGSCOPE_ISA).
    func options(machine: MachineProfile) -> ExecutionOptions {
        ExecutionOptions(threads: threads, convAlgorithm: convAlgo, fuseMaxPool: fusePool, machine: machine)
    }

    var weightPool: Parallelism { Parallelism(threads: threads) }
}
