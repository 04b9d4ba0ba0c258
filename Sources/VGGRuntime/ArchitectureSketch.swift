/// The VGG architecture a set of torchvision `state_dict` keys implies: conv blocks, batch norm, linear layers.
/// Built the same way from the spec's expected tensors and from a file's, so their differences make a fix-it hint.
struct ArchitectureSketch: Equatable {
    struct Conv: Equatable { var index: Int; var inChannels: Int; var outChannels: Int }

    var batchNorm: Bool
    var blocks: [[Conv]]
    /// (in, out) features of each Linear, in order.
    var linears: [(Int, Int)]

    static func == (a: ArchitectureSketch, b: ArchitectureSketch) -> Bool {
        a.batchNorm == b.batchNorm && a.blocks == b.blocks && a.linears.elementsEqual(b.linears, by: ==)
    }

    init(shapes: [String: [Int]]) {
        func index(_ key: String, section: String) -> Int? {
            let parts = key.split(separator: ".")
            guard parts.count == 3, parts[0] == section, parts[2] == "weight" else { return nil }
            return Int(parts[1])
        }
        batchNorm = shapes.keys.contains { $0.hasPrefix("features.") && $0.hasSuffix(".running_mean") }
        let convs = shapes.compactMap { key, shape -> Conv? in
            guard let i = index(key, section: "features"), shape.count == 4 else { return nil }
            return Conv(index: i, inChannels: shape[1], outChannels: shape[0])
        }.sorted { $0.index < $1.index }
        // Inside a block each conv is followed by (BatchNorm,) ReLU; a MaxPool closes the block.
        let step = batchNorm ? 3 : 2
        var blocks: [[Conv]] = []
        for conv in convs {
            if let last = blocks.last?.last, conv.index == last.index + step {
                blocks[blocks.count - 1].append(conv)
            } else {
                blocks.append([conv])
            }
        }
        self.blocks = blocks
        linears = shapes.compactMap { key, shape -> (Int, (Int, Int))? in
            guard let i = index(key, section: "classifier"), shape.count == 2 else { return nil }
            return (i, (shape[1], shape[0]))
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Human-readable differences, spec (self) first, file second.
    func differences(from file: ArchitectureSketch) -> [String] {
        var notes: [String] = []
        if batchNorm != file.batchNorm {
            notes.append("the spec has batch norm \(batchNorm ? "on" : "off"), the file \(file.batchNorm ? "has" : "has no") BatchNorm layers")
        }
        if blocks.count != file.blocks.count {
            notes.append("the spec has \(blocks.count) conv blocks, the file has \(file.blocks.count)")
        }
        for b in 0..<min(blocks.count, file.blocks.count) {
            let (mine, theirs) = (blocks[b], file.blocks[b])
            if mine.count != theirs.count {
                notes.append("the spec has \(mine.count) conv layer\(mine.count == 1 ? "" : "s") in block \(b + 1), the file has \(theirs.count)")
            } else if mine.last?.outChannels != theirs.last?.outChannels {
                notes.append("block \(b + 1) has \(mine.last?.outChannels ?? 0) channels in the spec, \(theirs.last?.outChannels ?? 0) in the file")
            }
        }
        if let mine = blocks.first?.first, let theirs = file.blocks.first?.first, mine.inChannels != theirs.inChannels {
            notes.append("the spec's input has \(mine.inChannels) channel(s), the file's first conv takes \(theirs.inChannels)")
        }
        if linears.count != file.linears.count {
            notes.append("the spec has \(linears.count) linear layers, the file has \(file.linears.count)")
        } else {
            if let mine = linears.first, let theirs = file.linears.first, mine.0 != theirs.0 {
                notes.append("the classifier takes \(mine.0) features in the spec, \(theirs.0) in the file (check --head and --input)")
            }
            let myHidden = linears.dropLast().map(\.1), theirHidden = file.linears.dropLast().map(\.1)
            if myHidden != theirHidden {
                notes.append("hidden widths are \(myHidden) in the spec, \(theirHidden) in the file (--fc)")
            }
            if let mine = linears.last, let theirs = file.linears.last, mine.1 != theirs.1 {
                notes.append("the spec has \(mine.1) classes, the file \(theirs.1) (--classes)")
            }
        }
        return notes
    }
}
