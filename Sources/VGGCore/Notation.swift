/// The short notations people type: `1x64,1x128` for blocks, `3x224x224` for the input,
/// `4096,4096` or `none` for classifier widths. Errors show the expected form.
public enum Notation {
    public static let blocksExample = "1x64,1x128,2x256,2x512,2x512"

    public static func blocks(_ text: String) throws(SpecError) -> [Block] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= SpecLimits.blocks else {
            throw SpecError("at most \(SpecLimits.blocks) blocks (each halves the image), got \(parts.count)",
                            at: .block(SpecLimits.blocks))
        }
        var blocks: [Block] = []
        for (i, part) in parts.enumerated() {
            guard let b = try? block(String(part)) else {
                throw SpecError("malformed blocks '\(text)': item \(i + 1) '\(trim(part))' is not CONVSxCHANNELS; "
                    + "expected comma-separated blocks like \(blocksExample)", at: .block(i))
            }
            blocks.append(b)
        }
        return blocks
    }

    /// One block, `3x256` (3 convolutions of 256 channels).
    public static func block(_ text: String) throws(SpecError) -> Block {
        guard let n = try? integers(text, separator: "x"), n.count == 2 else {
            throw SpecError("malformed block '\(trim(text))': expected CONVSxCHANNELS like 3x256")
        }
        return Block(convs: n[0], channels: n[1])
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
        blocks.map { "\($0.convs)x\($0.channels)" }.joined(separator: ",")
    }

    public static func inputText(_ i: InputShape) -> String {
        i.batch == 1 ? "\(i.channels)x\(i.height)x\(i.width)" : "\(i.batch)x\(i.channels)x\(i.height)x\(i.width)"
    }

    public static func widthsText(_ widths: [Int]) -> String {
        widths.isEmpty ? "none" : widths.map(String.init).joined(separator: ",")
    }

    private static func integers(_ text: String, separator: Character) throws(SpecError) -> [Int] {
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
