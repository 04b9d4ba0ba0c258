/// The short notations people type: `1x64,1x128` for blocks, `3x224x224` for the input,
/// `4096,4096` or `none` for classifier widths. Errors show the expected form.
public enum Notation {
    public static let blocksExample = "1x64,1x128,2x256,2x512,2x512"

    /// The block syntax in one line, for error messages and help.
    public static let blockForms = "NxC (N 3x3 convs of C channels), NxCkK (kernel K: 1, 3, 5, 7, ...) or lrn, joined by +"

    public static func blocks(_ text: String) throws(SpecError) -> [Block] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= SpecLimits.blocks else {
            throw SpecError("at most \(SpecLimits.blocks) blocks (each halves the image), got \(parts.count)",
                            at: .block(SpecLimits.blocks))
        }
        var blocks: [Block] = []
        for (i, part) in parts.enumerated() {
            do {
                blocks.append(try block(String(part)))
            } catch {
                throw SpecError("malformed blocks '\(text)': block \(i + 1) '\(trim(part))': \(error.message); "
                    + "expected comma-separated blocks like \(blocksExample) or 2x256+1x256k1", at: .block(i))
            }
        }
        return blocks
    }

    /// One block: `3x256` (three 3x3 convs of 256 channels), `2x256+1x256k1` (then a 1x1),
    /// `1x64+lrn` (an LRN after the conv; `lrn5` or `lrn5:0.0001:0.75:2` spell out size, alpha, beta, k).
    public static func block(_ text: String) throws(SpecError) -> Block {
        let groups = text.split(separator: "+", omittingEmptySubsequences: false).map { trim($0).lowercased() }
        // A lone NxC keeps today's meaning, including counts validation rejects (0x64 names block and count).
        if groups.count == 1, let n = try? integers(groups[0], separator: "x"), n.count == 2 {
            return Block(convs: n[0], channels: n[1])
        }
        var layers: [BlockLayer] = []
        var convs = 0
        for group in groups {
            if group.hasPrefix("lrn") {
                layers.append(.lrn(try lrn(String(group.dropFirst(3)), group)))
                continue
            }
            let (count, channels, kernel) = try convGroup(group, of: trim(text))
            convs += count
            if convs > Block.maxConvs {
                throw SpecError("malformed block '\(trim(text))': at most \(Block.maxConvs) convolutions in a block")
            }
            layers += Array(repeating: .conv(kernel: kernel, channels: channels), count: count)
        }
        return Block(layers: layers)
    }

    /// `2x256` or `1x256k1`: count, channels, kernel.
    private static func convGroup(_ group: String, of text: String) throws(SpecError) -> (Int, Int, Int) {
        let at = text == group ? "malformed block '\(text)'" : "malformed block '\(text)': group '\(group)'"
        let bad = SpecError("\(at): expected \(blockForms), e.g. 3x256 or 2x256+1x256k1")
        let halves = group.split(separator: "k", omittingEmptySubsequences: false)
        guard halves.count <= 2, let n = try? integers(String(halves[0]), separator: "x"), n.count == 2 else { throw bad }
        var kernel = 3
        if halves.count == 2 {
            guard let k = Int(trim(halves[1])) else { throw bad }
            kernel = k
        }
        if n[0] < 0 || n[0] > Block.maxConvs {
            throw SpecError("\(at): the count must be 0 to \(Block.maxConvs), got \(n[0])")
        }
        return (n[0], n[1], kernel)
    }

    /// After `lrn`: nothing (the paper's 5, 1e-4, 0.75, 2), `S`, or `S:ALPHA:BETA:K`.
    private static func lrn(_ rest: String, _ group: String) throws(SpecError) -> LRN {
        if rest.isEmpty { return .paper }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard let size = Int(parts[0]), parts.count == 1 || parts.count == 4 else {
            throw SpecError("malformed LRN '\(group)': expected lrn (size 5, alpha 1e-4, beta 0.75, k 2), lrnSIZE "
                            + "or lrnSIZE:ALPHA:BETA:K like lrn5:0.0001:0.75:2")
        }
        var value = LRN.paper
        value.size = size
        if parts.count == 4 {
            guard let a = Double(parts[1]), let b = Double(parts[2]), let k = Double(parts[3]) else {
                throw SpecError("malformed LRN '\(group)': alpha, beta and k must be numbers, like lrn5:0.0001:0.75:2")
            }
            (value.alpha, value.beta, value.k) = (a, b, k)
        }
        return value
    }

    /// `CxHxW` (batch 1) or `NxCxHxW`.
    public static func input(_ text: String) throws(SpecError) -> InputShape {
        let form = "expected CxHxW like 3x224x224, or NxCxHxW like 1x3x224x224"
        guard let n = try? integers(text, separator: "x") else {
            throw SpecError("malformed input '\(trim(text))': \(form)", at: .input)
        }
        switch n.count {
        case 3: return InputShape(batch: 1, channels: n[0], height: n[1], width: n[2])
        case 4: return InputShape(batch: n[0], channels: n[1], height: n[2], width: n[3])
        default: throw SpecError("malformed input '\(trim(text))': \(form)", at: .input)
        }
    }

    /// Hidden classifier widths: `4096,4096`, or `none` / empty for a single Linear.
    public static func widths(_ text: String) throws(SpecError) -> [Int] {
        let t = trim(Substring(text)).lowercased()
        if t.isEmpty || t == "none" { return [] }
        let count = t.split(separator: ",", omittingEmptySubsequences: false).count
        guard count <= SpecLimits.classifierLayers else {
            throw SpecError("at most \(SpecLimits.classifierLayers) hidden classifier layers, got \(count)", at: .classifier)
        }
        guard let n = try? integers(t, separator: ",") else {
            throw SpecError("malformed classifier widths '\(t)': expected comma-separated widths like 4096,4096, or none",
                            at: .classifier)
        }
        return n
    }

    public static func blocksText(_ blocks: [Block]) -> String {
        blocks.map(blockText).joined(separator: ",")
    }

    /// The shortest text `block(_:)` reads back as this block: `3x256`, `2x256+1x256k1`, `1x64+lrn`.
    public static func blockText(_ block: Block) -> String {
        if block.invalidConvCount != nil || block.layers.isEmpty { return "\(block.convs)x\(block.channels)" }
        var groups: [String] = []
        var run: (count: Int, kernel: Int, channels: Int)?
        func flush() {
            guard let r = run else { return }
            groups.append("\(r.count)x\(r.channels)" + (r.kernel == 3 ? "" : "k\(r.kernel)"))
            run = nil
        }
        for layer in block.layers {
            switch layer {
            case let .conv(k, c):
                if let r = run, r.kernel == k, r.channels == c { run?.count += 1 } else {
                    flush()
                    run = (1, k, c)
                }
            case let .lrn(l):
                flush()
                groups.append(lrnText(l))
            }
        }
        flush()
        return groups.joined(separator: "+")
    }

    static func lrnText(_ l: LRN) -> String {
        if l == .paper { return "lrn" }
        var p = LRN.paper
        p.size = l.size
        return l == p ? "lrn\(l.size)" : "lrn\(l.size):\(l.alpha):\(l.beta):\(l.k)"
    }

    public static func inputText(_ i: InputShape) -> String {
        i.batch == 1 ? "\(i.channels)x\(i.height)x\(i.width)" : "\(i.batch)x\(i.channels)x\(i.height)x\(i.width)"
    }

    public static func widthsText(_ widths: [Int]) -> String {
        widths.isEmpty ? "none" : widths.map(String.init).joined(separator: ",")
    }

    static func integers(_ text: String, separator: Character) throws(SpecError) -> [Int] {
        var out: [Int] = []
        for piece in text.lowercased().split(separator: separator, omittingEmptySubsequences: false) {
            guard let v = Int(trim(piece)) else { throw SpecError("not an integer: '\(trim(piece))'") }
            out.append(v)
        }
        return out
    }

    static func trim(_ s: Substring) -> String {
        String(s.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
    static func trim(_ s: String) -> String { trim(Substring(s)) }
}
