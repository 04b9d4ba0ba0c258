import ArgumentParser
import Foundation
import VGGCore
import VGGKernels

/// The model flags shared by every subcommand that takes one architecture; they override the preset.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Blocks, comma-separated: NxC (N 3x3 convs of C channels), NxCkK (kernel K), lrn, "
                               + "joined by + within a block, e.g. 2x64,2x128,2x256+1x256k1.",
                               valueName: "1x64,1x128,2x256,2x512,2x512"))
    var blocks: String?

    @Option(help: ArgumentHelp("A layer list instead of blocks (AlexNet-like), comma-separated: conv C kK [sS] [pP], "
                               + "maxpool kK [sS], lrn SIZE, avgpool HxW, flatten, relu, batchnorm, dropout P, linear N.",
                               valueName: "conv 64 k3 p1, relu, maxpool k2, flatten, linear 10"))
    var layers: String?

    @Option(help: ArgumentHelp("Input as CxHxW or NxCxHxW.", valueName: "3x224x224"))
    var input: String?

    @Option(parsing: .unconditional, help: "Number of output classes.")
    var classes: Int?

    @Option(help: ArgumentHelp("Classifier hidden widths, or none.", valueName: "4096,4096"))
    var fc: String?

    @Option(help: ArgumentHelp("Head between the blocks and the classifier: avgpool7 (torchvision) or flatten (d2l).", valueName: "head"))
    var head: String?

    @Flag(name: .customLong("batch-norm"), inversion: .prefixedNo, help: "Conv, BatchNorm2d, ReLU (torchvision's _bn models).")
    var batchNorm: Bool?

    @Option(parsing: .unconditional, help: "Dropout probability in the classifier (identity at inference).")
    var dropout: Double?

    var hasOverrides: Bool {
        blocks != nil || layers != nil || input != nil || classes != nil || fc != nil || head != nil || batchNorm != nil || dropout != nil
    }

    /// The preset (default vgg11) with the flags applied, checked by building its summary.
    func summary(preset: String?) throws(SpecError) -> ModelSummary {
        var spec = try preset.map(Presets.load) ?? VGGSpec.vgg11
        if let layers {
            if blocks != nil { throw SpecError("give --blocks or --layers, not both") }
            spec = VGGSpec(name: spec.name, input: spec.input, layers: try Notation.layers(layers))
        } else if spec.isLayerList {
            let blockFlags = [("--blocks", blocks != nil), ("--fc", fc != nil), ("--head", head != nil),
                              ("--batch-norm", batchNorm != nil), ("--dropout", dropout != nil)].filter(\.1).map(\.0)
            if !blockFlags.isEmpty {
                throw SpecError("\(spec.name) is a layer list: \(blockFlags.joined(separator: ", ")) "
                    + "\(blockFlags.count == 1 ? "applies" : "apply") to VGG block lists only; "
                    + "here --input, --classes and --layers apply")
            }
        }
        if let blocks { spec.blocks = try Notation.blocks(blocks) }
        if let input { spec.input = try Notation.input(input) }
        if let classes { spec.classes = classes }
        if let fc { spec.classifier = try Notation.widths(fc) }
        if let head {
            guard let h = Head(rawValue: head.lowercased()) else {
                throw SpecError("unknown head '\(head)'; expected avgpool7 or flatten", at: .head)
            }
            spec.head = h
        }
        if let batchNorm { spec.batchNorm = batchNorm }
        if let dropout { spec.dropout = dropout }
        // A modified preset gets a new name, so exports and saves never pass it off as the original.
        if hasOverrides {
            spec.name = preset == nil && (blocks != nil || layers != nil) ? "custom" : spec.name + "-custom"
        }
        return try ModelSummary(spec: spec)
    }
}

/// Numeric options take the next word whatever it looks like (`parsing: .unconditional`), so `--threads -1` reaches
/// the range check ("must be at least 1") instead of the parser's "Missing value".
enum ThreadsOption {
    /// 1 ... SpecLimits.threads, with the limit in the message.
    static func check(_ threads: Int) throws {
        do { try SpecLimits.checkThreads(threads, cores: Parallelism.available) } catch { throw fail(error.message) }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
}

/// How the text renderer draws rules: `--ascii` forces ASCII, otherwise the locale decides.
struct StyleOptions: ParsableArguments {
    @Flag(help: "Draw tables with ASCII only (automatic when the locale is not UTF-8).")
    var ascii = false

    var style: TextStyle {
        ascii ? .ascii : TextStyle.detect(environment: ProcessInfo.processInfo.environment)
    }
}

extension CountingTool: ExpressibleByArgument {}

/// `--count TOOL`: whose rule fills the MACs/FLOPs columns (summary, compare, export).
struct CountOptions: ParsableArguments {
    @Option(name: .customLong("count"), help: ArgumentHelp(
        "Counting rule of the MACs column: torchinfo (default), ptflops, fvcore or thop (MACs), or torch (FLOPs). "
            + "Each reproduces that tool's own total; JSON always carries all five under \"counters\".",
        valueName: "tool"))
    var tool: CountingTool = .default
}
