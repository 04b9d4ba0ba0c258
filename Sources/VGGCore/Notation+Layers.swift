/// The layer-list notation, one layer per string (preset JSON `layers`, `--layers`):
///
///     conv 64 k11 s4 p2    Conv2d to 64 channels, kernel 11, stride 4 (default 1), padding 2 (default 0)
///     maxpool k3 s2        MaxPool2d, floor mode (stride defaults to the kernel)
///     lrn 5                LocalResponseNorm size 5, alpha 1e-4, beta 0.75, k 2 (the paper's);
///                          or lrn 5 alpha=0.0001 beta=0.75 k=1
///     avgpool 6x6          AdaptiveAvgPool2d((6, 6)); `avgpool 6` is the same
///     flatten, relu, batchnorm, dropout 0.5, linear 4096
extension Notation {
    public static let layerForms = "conv C kK [sS] [pP], maxpool kK [sS], lrn SIZE [alpha=A beta=B k=K], avgpool HxW, "
        + "flatten, relu, batchnorm, dropout P, linear N"

    /// Comma-separated layers: `conv 64 k3 p1, relu, maxpool k2, flatten, linear 10`.
    public static func layers(_ text: String) throws(SpecError) -> [SpecLayer] {
        var out: [SpecLayer] = []
        for (i, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            do { out.append(try layer(String(part))) } catch {
                throw SpecError("layer \(i + 1): \(error.message)", at: .layer(i))
            }
        }
        return out
    }

    public static func layer(_ text: String) throws(SpecError) -> SpecLayer {
        let tokens = text.lowercased().split(separator: " ").map(String.init)
        guard let word = tokens.first else { throw SpecError("empty layer; expected one of: \(layerForms)") }
        let args = Array(tokens.dropFirst())
        func bad(_ form: String) -> SpecError { SpecError("malformed layer '\(trim(text))': expected \(form)") }
        /// `k11 s4 p2` options, each a letter and an integer, at most once each.
        func options(_ given: ArraySlice<String>, _ form: String, _ allowed: String) throws(SpecError) -> [Character: Int] {
            var found: [Character: Int] = [:]
            for a in given {
                guard let letter = a.first, allowed.contains(letter), found[letter] == nil, let v = Int(a.dropFirst()) else {
                    throw bad(form)
                }
                found[letter] = v
            }
            return found
        }
        switch word {
        case "conv", "conv2d":
            let form = "conv C kK [sS] [pP], like conv 64 k3 p1"
            guard let c = args.first.flatMap({ Int($0) }) else { throw bad(form) }
            let o = try options(args.dropFirst(), form, "ksp")
            guard let k = o["k"] else { throw bad(form) }
            return .conv(channels: c, kernel: k, stride: o["s"] ?? 1, padding: o["p"] ?? 0)
        case "maxpool", "pool":
            let form = "maxpool kK [sS], like maxpool k3 s2"
            let o = try options(args[...], form, "ks")
            guard let k = o["k"] else { throw bad(form) }
            return .maxPool(kernel: k, stride: o["s"] ?? k)
        case "lrn":
            let form = "lrn SIZE [alpha=A beta=B k=K], like lrn 5 (alpha 1e-4, beta 0.75, k 2 unless given)"
            guard let size = args.first.flatMap({ Int($0) }) else { throw bad(form) }
            var l = LRN.paper
            l.size = size
            var seen: Set<String> = []
            for a in args.dropFirst() {
                let kv = a.split(separator: "=", omittingEmptySubsequences: false)
                guard kv.count == 2, let v = Double(kv[1]), seen.insert(String(kv[0])).inserted else { throw bad(form) }
                switch kv[0] {
                case "alpha": l.alpha = v
                case "beta": l.beta = v
                case "k": l.k = v
                default: throw bad(form)
                }
            }
            return .lrn(l)
        case "avgpool", "adaptiveavgpool":
            let form = "avgpool HxW, like avgpool 6x6"
            guard args.count == 1, let n = try? integers(args[0], separator: "x"), n.count == 1 || n.count == 2 else {
                throw bad(form)
            }
            return .adaptiveAvgPool(height: n[0], width: n.count == 2 ? n[1] : n[0])
        case "linear", "fc":
            guard args.count == 1, let w = Int(args[0]) else { throw bad("linear N, like linear 4096") }
            return .linear(w)
        case "dropout":
            guard args.count <= 1 else { throw bad("dropout P, like dropout 0.5") }
            guard let p = args.isEmpty ? 0.5 : Double(args[0]) else { throw bad("dropout P, like dropout 0.5") }
            return .dropout(p)
        case "flatten", "relu", "batchnorm", "bn":
            guard args.isEmpty else { throw bad("\(word) alone") }
            return word == "flatten" ? .flatten : word == "relu" ? .relu : .batchNorm
        default:
            throw SpecError("unknown layer '\(trim(text))'; expected one of: \(layerForms)")
        }
    }

    /// The text `layer(_:)` reads back as this layer.
    public static func layerText(_ layer: SpecLayer) -> String {
        switch layer {
        case let .conv(c, k, s, p): "conv \(c) k\(k)" + (s == 1 ? "" : " s\(s)") + (p == 0 ? "" : " p\(p)")
        case .batchNorm: "batchnorm"
        case .relu: "relu"
        case let .maxPool(k, s): "maxpool k\(k) s\(s)"
        case let .lrn(l):
            "lrn \(l.size)" + (l.alpha == LRN.paper.alpha && l.beta == LRN.paper.beta && l.k == LRN.paper.k
                ? "" : " alpha=\(l.alpha) beta=\(l.beta) k=\(l.k)")
        case let .adaptiveAvgPool(h, w): "avgpool \(h)x\(w)"
        case .flatten: "flatten"
        case let .linear(w): "linear \(w)"
        case let .dropout(p): "dropout \(p)"
        }
    }

    public static func layersText(_ layers: [SpecLayer]) -> String {
        layers.map(layerText).joined(separator: ", ")
    }
}
