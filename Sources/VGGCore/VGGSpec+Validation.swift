extension VGGSpec {
    /// Each pool halves the map, so more blocks than this could never fit any real input,
    /// and `1 << blocks` in the messages stays exact.
    public static let maxBlocks = SpecLimits.blocks
    /// Longest layer list accepted (AlexNet has 21).
    public static let maxLayers = 4096

    /// Rejects values no network can have, and values past `SpecLimits` (before any lowering, so an absurd size
    /// costs nothing); sizes that shrink to nothing are found by `ModelSummary`.
    public func validate() throws(SpecError) {
        let i = input
        if i.batch < 1 { throw SpecError("batch must be at least 1, got \(i.batch)", at: .input) }
        if i.batch > SpecLimits.batch {
            throw SpecError("batch must be at most \(SpecLimits.batch), got \(i.batch)", at: .input)
        }
        if i.channels < 1 { throw SpecError("input channels must be at least 1, got \(i.channels)", at: .input) }
        if i.channels > SpecLimits.channels {
            throw SpecError("input channels must be at most \(SpecLimits.channels), got \(i.channels)", at: .input)
        }
        if i.height < 1 || i.width < 1 {
            throw SpecError("input size must be at least 1x1, got \(i.height)x\(i.width)", at: .input)
        }
        if i.height > SpecLimits.inputSide || i.width > SpecLimits.inputSide {
            throw SpecError("input height and width must be at most \(SpecLimits.inputSide), got \(i.height)x\(i.width)",
                            at: .input)
        }
        if let list = layers {
            try validateLayerList(list)
            return
        }
        if blocks.isEmpty {
            throw SpecError("a VGG needs at least one block; add one like 1x64", at: .block(0))
        }
        if blocks.count > Self.maxBlocks {
            throw SpecError("at most \(Self.maxBlocks) blocks (each halves the image), got \(blocks.count)", at: .block(Self.maxBlocks))
        }
        for (b, block) in blocks.enumerated() {
            try Self.validate(block, at: b)
        }
        if classifier.count > SpecLimits.classifierLayers {
            throw SpecError("at most \(SpecLimits.classifierLayers) hidden classifier layers, got \(classifier.count)",
                            at: .classifier)
        }
        for (j, width) in classifier.enumerated() {
            if width < 1 {
                throw SpecError("classifier layer \(j + 1): width must be at least 1, got \(width)", at: .classifier)
            }
            if width > SpecLimits.classifierWidth {
                throw SpecError("classifier layer \(j + 1): width must be at most \(SpecLimits.classifierWidth), got \(width)",
                                at: .classifier)
            }
        }
        if classes < 1 { throw SpecError("classes must be at least 1, got \(classes)", at: .classes) }
        if classes > SpecLimits.classes {
            throw SpecError("classes must be at most \(SpecLimits.classes), got \(classes)", at: .classes)
        }
        if !(dropout >= 0 && dropout < 1) {
            throw SpecError("dropout must be in [0, 1), got \(dropout)", at: .dropout)
        }
    }

    static func validate(_ block: Block, at b: Int) throws(SpecError) {
        if block.convs > SpecLimits.convsPerBlock {
            throw SpecError("block \(b + 1): at most \(SpecLimits.convsPerBlock) convolutions per block, got \(block.convs)",
                            at: .block(b))
        }
        if block.convs < 1 {
            throw SpecError("block \(b + 1): needs at least 1 convolution, got \(block.convs)", at: .block(b))
        }
        if block.layers.count > SpecLimits.layersPerBlock {
            throw SpecError("block \(b + 1): at most \(SpecLimits.layersPerBlock) layers (convolutions and LRNs) per block, "
                            + "got \(block.layers.count)", at: .block(b))
        }
        var conv = 0
        for layer in block.layers {
            switch layer {
            case let .conv(k, c):
                conv += 1
                if c < 1 { throw SpecError("block \(b + 1): needs at least 1 channel, got \(c)", at: .block(b)) }
                if c > SpecLimits.channels {
                    throw SpecError("block \(b + 1): at most \(SpecLimits.channels) channels, got \(c)", at: .block(b))
                }
                if k > SpecLimits.window {
                    throw SpecError("block \(b + 1) conv \(conv): kernel must be at most \(SpecLimits.window), got \(k)",
                                    at: .block(b))
                }
                if k < 1 || k % 2 == 0 {
                    throw SpecError("block \(b + 1) conv \(conv): kernel \(k) must be odd and positive (1, 3, 5, 7, ...), "
                                    + "so that padding k/2 keeps the map size; write e.g. 1x\(c)k\(max(1, k | 1))", at: .block(b))
                }
            case let .lrn(lrn):
                if let problem = lrn.problem {
                    throw SpecError("block \(b + 1) LRN: \(problem)", at: .block(b))
                }
            }
        }
    }

    private func validateLayerList(_ list: [SpecLayer]) throws(SpecError) {
        if list.isEmpty { throw SpecError("a layer list needs at least one layer, ending in a linear", at: .layer(0)) }
        if list.count > Self.maxLayers {
            throw SpecError("at most \(Self.maxLayers) layers, got \(list.count)", at: .layer(Self.maxLayers))
        }
        guard list.contains(where: { if case .linear = $0 { true } else { false } }) else {
            throw SpecError("a layer list needs a linear layer (its last one gives the classes); add e.g. \"linear 1000\"",
                            at: .layer(list.count - 1))
        }
        if classes < 1 { throw SpecError("classes must be at least 1, got \(classes)", at: .classes) }
        if classes > SpecLimits.classes {
            throw SpecError("classes must be at most \(SpecLimits.classes), got \(classes)", at: .classes)
        }
        let plan = layerPlan
        for (i, layer) in list.enumerated() {
            let problem: String?
            switch layer {
            case let .conv(c, k, s, p):
                problem = c < 1 ? "needs at least 1 channel, got \(c)"
                    : c > SpecLimits.channels ? "at most \(SpecLimits.channels) channels, got \(c)"
                    : k > SpecLimits.window ? "kernel must be at most \(SpecLimits.window), got \(k)"
                    : k < 1 || k % 2 == 0 ? "kernel \(k) must be odd and positive (1, 3, 5, 7, 11, ...)"
                    : s < 1 ? "stride must be at least 1, got \(s)"
                    : s > SpecLimits.window ? "stride must be at most \(SpecLimits.window), got \(s)"
                    : p < 0 ? "padding must be at least 0, got \(p)"
                    : p > SpecLimits.window ? "padding must be at most \(SpecLimits.window), got \(p)" : nil
            case let .maxPool(k, s):
                problem = k < 1 ? "kernel must be at least 1, got \(k)"
                    : k > SpecLimits.window ? "kernel must be at most \(SpecLimits.window), got \(k)"
                    : s < 1 ? "stride must be at least 1, got \(s)"
                    : s > SpecLimits.window ? "stride must be at most \(SpecLimits.window), got \(s)" : nil
            case let .lrn(lrn):
                problem = lrn.problem
            case let .adaptiveAvgPool(h, w):
                problem = h < 1 || w < 1 ? "output size must be at least 1x1, got \(h)x\(w)"
                    : h > SpecLimits.inputSide || w > SpecLimits.inputSide
                    ? "output size must be at most \(SpecLimits.inputSide)x\(SpecLimits.inputSide), got \(h)x\(w)" : nil
            case let .linear(w):
                problem = w < 1 ? "width must be at least 1, got \(w)"
                    : w > SpecLimits.classifierWidth ? "width must be at most \(SpecLimits.classifierWidth), got \(w)" : nil
            case let .dropout(p):
                problem = p >= 0 && p < 1 ? nil : "dropout must be in [0, 1), got \(p)"
            case .batchNorm, .relu, .flatten:
                problem = nil
            }
            if let problem {
                throw SpecError("\(Self.label(plan[i].name, layer)): \(problem)", at: .layer(i))
            }
        }
    }

    /// `features.0 (conv 64 k11 s4 p2)`: how errors name a layer of a list.
    static func label(_ name: String, _ layer: SpecLayer) -> String {
        "\(name) (\(Notation.layerText(layer)))"
    }
}

extension LRN {
    /// What makes PyTorch's formula meaningless, or nil.
    var problem: String? {
        if size < 1 { return "size must be at least 1, got \(size)" }
        if size > SpecLimits.window { return "size must be at most \(SpecLimits.window), got \(size)" }
        if !(alpha.isFinite && alpha >= 0) { return "alpha must be a finite number >= 0, got \(alpha)" }
        if !(beta.isFinite && beta >= 0) { return "beta must be a finite number >= 0, got \(beta)" }
        if !(k.isFinite && k > 0) { return "k must be a finite number > 0, got \(k)" }
        return nil
    }
}
