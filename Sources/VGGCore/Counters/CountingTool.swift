/// The tools whose counts vggscope reproduces, each by its own rule (`CountingTool+Rules.swift`).
/// torchinfo is the default everywhere a single MACs figure is shown.
public enum CountingTool: String, CaseIterable, Equatable, Hashable, Sendable {
    case torchinfo, ptflops, fvcore, thop, torch

    public static let `default` = CountingTool.torchinfo

    /// What the tool counts: one per multiply-add, or two (a multiply and an add).
    public enum Unit: String, Sendable { case macs = "MACs", flops = "FLOPs" }

    public var unit: Unit { self == .torch ? .flops : .macs }

    /// The versions the fixtures were measured with (`scripts/counter_fixtures.py`).
    public var measured: String {
        switch self {
        case .torchinfo: "torchinfo 1.8.0"
        case .ptflops: "ptflops 0.7.5 (pytorch backend)"
        case .fvcore: "fvcore 0.1.5"
        case .thop: "thop 0.1.1"
        case .torch: "torch 2.15 FlopCounterMode"
        }
    }

    /// The name the tool prints next to its number.
    public var reportsAs: String {
        switch self {
        case .torchinfo: "Total mult-adds"
        case .ptflops: "MACs"
        case .fvcore: "flops (one per multiply-add)"
        case .thop: "MACs"
        case .torch: "FLOPs"
        }
    }

    /// Column and row title for a counted figure: `MACs` for the default (as always), else the
    /// unit the tool counts in and the tool, e.g. `MACs (thop)`, `FLOPs (torch)`. fvcore calls its
    /// figure "flops" but counts one per multiply-add, so it is labelled MACs.
    public var columnTitle: String {
        self == .default ? "MACs" : "\(unit.rawValue) (\(rawValue))"
    }

    /// The tool's rule in one plain sentence (the longer story is in docs/counting.md).
    public var rule: String {
        switch self {
        case .torchinfo:
            "Conv2d (weight + bias elements) x output positions x batch; Linear and BatchNorm2d params x batch; "
                + "ReLU, pooling, LocalResponseNorm, Flatten and Dropout 0."
        case .ptflops:
            "one image whatever the batch; Conv2d and Linear multiply-adds plus one add per bias per output; "
                + "BatchNorm2d 2 per element; ReLU, MaxPool2d and AdaptiveAvgPool2d 2 per input element "
                + "(module hook + patched functional); LocalResponseNorm 3 per element + its padded window; "
                + "Flatten and Dropout 0."
        case .fvcore:
            "Conv2d and Linear multiply-adds without bias x batch; BatchNorm2d (eval) 2 per element; "
                + "AdaptiveAvgPool2d 1 per input element, even as the identity; "
                + "ReLU, MaxPool2d, LocalResponseNorm, Flatten and Dropout 0."
        case .thop:
            "Conv2d and Linear multiply-adds without bias x batch; BatchNorm2d 4 per element; "
                + "AdaptiveAvgPool2d (in/out height x in/out width as reals + 1) x output elements, truncated; "
                + "ReLU, MaxPool2d, LocalResponseNorm, Flatten and Dropout 0."
        case .torch:
            "2 x the multiply-adds of Conv2d and Linear without bias, x batch; everything else 0."
        }
    }

    /// `thop 0.1.1 (MACs): Conv2d and ...`: the sentence with its tool, for footers and help.
    public var ruleLine: String { "\(measured) (\(reportsAs)): \(rule)" }
}

/// One count per tool, for a layer or a whole network.
public struct ToolCounts: Equatable, Hashable, Sendable {
    public var torchinfo = 0, ptflops = 0, fvcore = 0, thop = 0, torch = 0
    public init() {}

    public subscript(tool: CountingTool) -> Int {
        get {
            switch tool {
            case .torchinfo: torchinfo
            case .ptflops: ptflops
            case .fvcore: fvcore
            case .thop: thop
            case .torch: torch
            }
        }
        set {
            switch tool {
            case .torchinfo: torchinfo = newValue
            case .ptflops: ptflops = newValue
            case .fvcore: fvcore = newValue
            case .thop: thop = newValue
            case .torch: torch = newValue
            }
        }
    }

    /// Tool by tool sum, checked.
    public func adding(_ other: ToolCounts) throws(SpecError) -> ToolCounts {
        var sum = ToolCounts()
        for tool in CountingTool.allCases {
            sum[tool] = try Checked.add(self[tool], other[tool], what: "total \(tool.rawValue) count")
        }
        return sum
    }
}
