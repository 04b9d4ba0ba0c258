/// The counting rules, stated wherever the numbers are shown (CLI footer, markdown, TUI, README).
public enum CountingRules {
    public static let params = "Params: weights + biases (+ BatchNorm gamma/beta); BatchNorm running statistics are buffers, not params."
    public static let macs = "MACs: torchinfo's mult-add rule: Conv2d (weight + bias elements) x output positions x batch; "
        + "Linear and BatchNorm2d params x batch; ReLU, pooling, Flatten and Dropout 0."
    public static let flops = "FLOPs = 2 x MACs of Conv2d and Linear layers."
    public static let memory = "Memory: float32, 4 bytes per element; activation = a layer's output; "
        + "peak = weights + the largest input+output pair alive at once (kernel workspace not included)."
    public static let receptiveField = "Receptive field: r += (k - 1) x jump, jump *= stride; after Flatten a unit sees the whole last map."

    public static let all = [params, macs, flops, memory, receptiveField]
    /// One line for narrow places (TUI footers).
    public static let short = "FLOPs = 2 x MACs (Conv2d, Linear); MACs by torchinfo's rule; float32 memory"
}

extension CountingRules {
    /// The rules word-wrapped for a terminal, continuation lines indented.
    public static func text(width: Int = 100) -> String {
        all.map { wrap($0, width: width) }.joined(separator: "\n") + "\n"
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
