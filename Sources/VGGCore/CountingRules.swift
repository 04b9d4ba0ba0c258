/// The counting rules, stated wherever the numbers are shown (CLI footer, markdown, TUI, README).
public enum CountingRules {
    public static let params = "Params: weights + biases (+ BatchNorm gamma/beta); BatchNorm running statistics are buffers, not params."
    /// The default counter's rule; every tool's sentence lives in `CountingTool.rule`.
    public static let macs = macs(.default)
    public static let flops = "FLOPs = 2 x MACs of Conv2d and Linear layers."
    public static let memory = "Memory: float32, 4 bytes per element; activation = a layer's output; "
        + "peak = weights + the largest input+output pair alive at once (kernel workspace not included)."
    /// What a FLOP is in a measured pass's rates (bench's JSON `flops_rule`); `roofline` says it in full.
    public static let rooflineFLOPs = "2 x torchinfo MACs of Conv2d and Linear"
    /// The rule behind measured GFLOP/s, intensity and roof, wherever they are shown (bench, the TUI, its export).
    public static let roofline = "FLOPs = \(rooflineFLOPs), the direct-convolution count whatever the"
        + " algorithm, so Winograd layers can exceed 100% of the roof; intensity = FLOPs / bytes of weights + input + output"
        + " (float32); roof = min(GEMM peak, intensity x bandwidth)."
    public static let receptiveField = "Receptive field: r += (k - 1) x jump, jump *= stride; after Flatten a unit sees the whole last map."

    public static let all = all(counting: .default)

    /// `MACs: torchinfo's mult-add rule: ...`, or for another tool the rule of the counted column.
    public static func macs(_ tool: CountingTool) -> String {
        tool == .torchinfo
            ? "MACs: torchinfo's mult-add rule: " + tool.rule
            : "\(tool.columnTitle) by the rule of \(tool.measured), which reports \(tool.reportsAs): " + tool.rule
    }

    /// The rules behind a report whose MACs column follows `tool`. FLOPs stay 2 x torchinfo's
    /// Conv2d/Linear MACs, so a non-default tool also says what "MACs" in that line means.
    public static func all(counting tool: CountingTool) -> [String] {
        tool == .torchinfo
            ? [params, macs, flops, memory, receptiveField]
            : [params, macs(tool), "FLOPs = 2 x torchinfo's MACs of Conv2d and Linear layers (not the counted column).", memory, receptiveField]
    }

    /// One line for narrow places (TUI footers).
    public static let short = "FLOPs = 2 x MACs (Conv2d, Linear); MACs by torchinfo's rule; float32 memory"
}

extension CountingRules {
    /// The rules word-wrapped for a terminal, continuation lines indented.
    public static func text(width: Int = 100, counting tool: CountingTool = .default) -> String {
        all(counting: tool).map { wrap($0, width: width) }.joined(separator: "\n") + "\n"
    }

    static func wrap(_ line: String, width: Int) -> String {
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = "  " + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }
}
