import ArgumentParser
import Foundation
import VGGCore
import VGGKernels
import VGGRuntime

/// `vggscope run`: one forward pass on this machine's kernels, top-5 logits and the time.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one forward pass (seeded or safetensors weights) and print the top-5 logits and the time.")

    @Argument(help: "A built-in preset (vgg11, vgg16_bn, d2l-vgg11, ...) or a preset JSON file. Default: vgg11.")
    var preset: String?

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("PyTorch weights (state_dict saved with safetensors) in torchvision's or d2l's key layout, detected from the keys.", valueName: "W.safetensors"))
    var weights: String?

    @Option(name: .customLong("input-file"), help: ArgumentHelp("Input tensor, float32 NxCxHxW (or CxHxW); its shape overrides the spec's input.", valueName: "X.npy"))
    var inputFile: String?

    @Option(help: ArgumentHelp("Write the logits here as float32 .npy.", valueName: "Y.npy"))
    var output: String?

    @OptionGroup var execution: ExecutionOptionGroup

    @Flag(help: "Also print the execution plan: each layer's algorithm, threads, predicted time and buffer sizes.")
    var plan = false

    @OptionGroup var style: StyleOptions

    func run() throws {
        try execution.validateThreads()
        var summary: ModelSummary
        do { summary = try model.summary(preset: preset) } catch { throw fail(error.message) }
        // A FIFO, directory or device as --output is refused before loading weights and running the pass.
        if let output {
            do { try AtomicFile.check(output) } catch { throw fail(error.message) }
        }
        var input: [Float]? = nil
        if let inputFile {
            let array: NpyArray
            do { array = try NpyArray.read(path: inputFile) } catch { throw fail("\(error)") }
            summary = try RuntimeSetup.summary(summary, resizedFor: array.shape, source: inputFile)
            input = array.values
        }
        let spec = summary.spec
        let source: any WeightSource
        if let weights {
            do { source = try SafeTensorsFile(path: weights) } catch { throw fail("\(error)") }
        } else {
            source = SeededWeights(seed: execution.seed, pool: execution.weightPool)
        }
        let loadStart = MonotonicClock.now()
        let network = try RuntimeSetup.model(summary, weights: source,
                                             options: execution.options(machine: RuntimeSetup.machine()),
                                             memoryHint: "a smaller batch or image (--input NxCxHxW or a smaller --input-file) or classifier (--fc)")
        let loadSeconds = MonotonicClock.now() - loadStart
        let values = input ?? VGGModel.randomInput(shape: spec.input, seed: execution.seed)
        let result: ForwardResult
        do { result = try network.forward(values) } catch let error as RuntimeError {
            throw fail(error.cliMessage(memoryHint: "a smaller --input"))
        } catch { throw fail("\(error)") }

        let inputText = spec.input.dims.map(String.init).joined(separator: "x")
        let layout = (source as? SafeTensorsFile).map { " (\($0.keyLayout.shortName))" } ?? ""
        let weightsText = weights.map { "weights \($0)\(layout)" } ?? "seeded weights (seed \(execution.seed))"
        let inputSource = inputFile.map { "input \($0)" } ?? "random input (seed \(execution.seed))"
        var out = "\(TerminalSafe.escape(spec.name)): input \(inputText), \(TerminalSafe.escape(weightsText)), \(TerminalSafe.escape(inputSource)), \(execution.threads) thread\(execution.threads == 1 ? "" : "s"), conv \(execution.convAlgo.rawValue)\n"
        out += "load \(RuntimeSetup.seconds(loadSeconds)), forward pass \(RuntimeSetup.seconds(result.totalSeconds))"
            + " (\(NumberFormat.fixed(Double(summary.totals.flops) / result.totalSeconds / 1e9, decimals: 1)) GFLOP/s;"
            + " FLOPs = 2 x MACs of Conv2d and Linear)\n"
        let classes = result.outputShape.last ?? 0
        for item in 0..<(result.outputShape.first ?? 0) {
            out += "top-\(min(5, classes)) logits, item \(item):"
            for (rank, entry) in result.top(5, item: item).enumerated() {
                out += "\(rank == 0 ? " " : ", ")class \(entry.index) = \(NumberFormat.fixed(Double(entry.logit), decimals: 5))"
            }
            out += "\n"
        }
        if let output {
            do {
                try NpyArray(shape: result.outputShape, values: result.output).write(toPath: output)
            } catch { throw fail("\(error)") }
            out += "logits written to \(TerminalSafe.escape(output)) (shape \(result.outputShape.map(String.init).joined(separator: "x")))\n"
        }
        if plan {
            out += "\nexecution plan (\(network.plan.machine.description)):\n" + network.plan.table().text(style: style.style)
                + "\n- " + ExecutionPlan.tableRule + "\n"
        }
        printOut(out)
    }
}

/// Steps `run` and `bench` share: fitting the spec to an input file, building a model with typed errors.
enum RuntimeSetup {
    /// The spec with its input replaced by a file's N x C x H x W (C x H x W means batch 1).
    static func summary(_ summary: ModelSummary, resizedFor shape: [Int], source: String) throws -> ModelSummary {
        let dims: [Int]
        switch shape.count {
        case 4: dims = shape
        case 3: dims = [1] + shape
        default:
            throw fail("\(source) has shape \(shape); an input must be NxCxHxW (or CxHxW)")
        }
        var spec = summary.spec
        guard dims[1] == spec.input.channels else {
            throw fail("\(source) has \(dims[1]) channel(s), the model takes \(spec.input.channels); "
                + "pass --input \(dims[1])x\(dims[2])x\(dims[3]) or an input with \(spec.input.channels) channel(s)")
        }
        guard dims.allSatisfy({ $0 > 0 }) else { throw fail("\(source) has an empty shape \(shape)") }
        spec.input = InputShape(batch: dims[0], channels: dims[1], height: dims[2], width: dims[3])
        do { return try ModelSummary(spec: spec) } catch { throw fail("input \(source): \(error.message)") }
    }

    /// `memoryHint`: the command's own flags that shrink the model, added to a memory refusal.
    static func model(_ summary: ModelSummary, weights: any WeightSource, options: ExecutionOptions, memoryHint: String,
                      loadProgress: ((Int, Int, String) -> Void)? = nil) throws -> VGGModel {
        do {
            return try VGGModel(summary: summary, weights: weights, options: options, loadProgress: loadProgress)
        } catch let error as RuntimeError {
            throw fail(error.cliMessage(memoryHint: memoryHint))
        } catch {
            throw fail("\(error)")
        }
    }

    /// The machine profile a plan is made for: this CPU's ISA unless VGGSCOPE_ISA=avx2 asks for the AVX2 path (the one
    /// place the variable is read), the default peaks, or `peaks` when the command measured them.
    static func machine(peaks: MachinePeaks? = nil, threads: Int = Parallelism.available) -> MachineProfile {
        let isa = requestedISA
        return peaks.map { MachineProfile.probed($0, threads: threads, isa: isa) } ?? MachineProfile.defaults(isa: isa)
    }

    static let requestedISA: KernelISA = {
        if let e = getenv("VGGSCOPE_ISA"), String(cString: e).lowercased() == "avx2" { return .avx2 }
        return .detected
    }()

    static func seconds(_ s: Double) -> String {
        s >= 1 ? NumberFormat.fixed(s, decimals: 2) + " s" : NumberFormat.fixed(s * 1000, decimals: 1) + " ms"
    }

    static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }
}
