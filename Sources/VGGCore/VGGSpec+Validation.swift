extension VGGSpec {
    /// Each pool halves the map, so more blocks than this could never fit any real input,
    /// and `1 << blocks` in the messages stays exact.
    public static let maxBlocks = SpecLimits.blocks

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
        if blocks.isEmpty {
            throw SpecError("a VGG needs at least one block; add one like 1x64", at: .block(0))
        }
        if blocks.count > Self.maxBlocks {
            throw SpecError("at most \(Self.maxBlocks) blocks (each halves the image), got \(blocks.count)", at: .block(Self.maxBlocks))
        }
        for (b, block) in blocks.enumerated() {
            if block.convs < 1 {
                throw SpecError("block \(b + 1): needs at least 1 convolution, got \(block.convs)", at: .block(b))
            }
            if block.convs > SpecLimits.convsPerBlock {
                throw SpecError("block \(b + 1): at most \(SpecLimits.convsPerBlock) convolutions per block, got \(block.convs)",
                                at: .block(b))
            }
            if block.channels < 1 {
                throw SpecError("block \(b + 1): needs at least 1 channel, got \(block.channels)", at: .block(b))
            }
            if block.channels > SpecLimits.channels {
                throw SpecError("block \(b + 1): at most \(SpecLimits.channels) channels, got \(block.channels)", at: .block(b))
            }
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
}
