import Foundation

/// Preset files: small JSON a person can read and write.
///
///     {"name": "vgg11", "input": [3, 224, 224], "blocks": [[1, 64], [1, 128], ...],
///      "batch_norm": false, "head": "avgpool7", "classifier": [4096, 4096], "dropout": 0.5, "classes": 1000}
///
/// `input` may carry the batch ([N, C, H, W]); `fc` and `bn` are accepted for `classifier` and
/// `batch_norm` (the reference data's spelling); `blocks` items may be strings like "2x256" or
/// "2x256+1x256k1" (see `Notation.block`).
/// Missing fields take VGG-11's values; unknown fields are errors, so typos don't go unnoticed.
///
/// A layer list (AlexNet) replaces blocks, batch_norm, head, classifier and dropout:
///
///     {"name": "alexnet", "input": [3, 224, 224], "names": "torchvision",
///      "layers": ["conv 64 k11 s4 p2", "relu", "maxpool k3 s2", ..., "linear 1000"], "classes": 1000}
///
/// `names` is "torchvision" (features.i, avgpool, flatten, classifier.j) or "net" (net.i, d2l's);
/// `classes`, when given, is the last linear's width.
extension VGGSpec {
    static let jsonFields = ["name", "input", "blocks", "batch_norm", "bn", "head", "classifier", "fc", "dropout", "classes",
                             "layers", "names"]
    static let blockOnlyFields = ["blocks", "batch_norm", "bn", "head", "classifier", "fc", "dropout"]

    /// The longest list a preset may hold: a layer list of `maxLayers`.
    static let maxJSONItems = VGGSpec.maxLayers

    public init(json data: Data, source: String, defaultName: String) throws(SpecError) {
        func fail(_ field: String, _ reason: String) -> SpecError {
            SpecError("\(source): field '\(field)': \(reason)", at: .file(source))
        }
        guard data.count <= SpecLimits.presetFileBytes else {
            throw SpecError("\(source): \(data.count) bytes is too large for a preset (at most \(SpecLimits.presetFileBytes)); "
                            + "see presets/vgg11.json for the format", at: .file(source))
        }
        let parsed: JSON
        do {
            // No list in a preset may be long (blocks, classifier, input): stop reading a huge one at once.
            parsed = try JSONParser(maxItems: Self.maxJSONItems).parse([UInt8](data))
        } catch {
            if error.tooManyItems {
                throw SpecError("\(source): a list has more than \(Self.maxJSONItems) items; a preset has at most "
                                + "\(SpecLimits.blocks) blocks, \(SpecLimits.classifierLayers) classifier layers or \(VGGSpec.maxLayers) layers", at: .file(source))
            }
            if let key = error.duplicateKey {
                throw fail(TerminalSafe.escape(key), "appears more than once; keep one")
            }
            throw SpecError("\(source): not valid JSON (\(error.description)); see presets/vgg11.json for the format",
                            at: .file(source))
        }
        guard case .object(let fields) = parsed else {
            throw SpecError("\(source): expected a JSON object like presets/vgg11.json", at: .file(source))
        }
        if let unknown = fields.first(where: { !Self.jsonFields.contains($0.0) }) {
            throw fail(TerminalSafe.escape(unknown.0),
                       "unknown field; known fields: name, input, blocks, batch_norm, head, classifier, dropout, classes, layers, names")
        }
        for (a, b) in [("batch_norm", "bn"), ("classifier", "fc")] where parsed[a] != nil && parsed[b] != nil {
            throw fail(b, "duplicates '\(a)' (the same field); keep one")
        }
        if parsed["layers"] != nil, let both = fields.first(where: { Self.blockOnlyFields.contains($0.0) }) {
            throw fail(both.0, "a preset has either blocks (with batch_norm, head, classifier, dropout) or layers, not both")
        }
        if parsed["names"] != nil, parsed["layers"] == nil {
            throw fail("names", "only a layer list (field 'layers') takes names; block lists use torchvision's")
        }
        func int(_ value: JSON, _ field: String) throws(SpecError) -> Int {
            guard case .int(let i) = value else { throw fail(field, "expected an integer, got \(value.snippet)") }
            return i
        }
        func ints(_ value: JSON, _ field: String) throws(SpecError) -> [Int] {
            guard case .array(let items) = value else {
                throw fail(field, "expected an array of integers, got \(value.snippet)")
            }
            var out: [Int] = []
            for (k, v) in items.enumerated() { out.append(try int(v, "\(field)[\(k)]")) }
            return out
        }

        var spec = VGGSpec.vgg11Shape
        spec.name = defaultName
        if let v = parsed["name"] {
            guard case .string(let s) = v, !s.isEmpty else { throw fail("name", "expected a non-empty string") }
            spec.name = s
        }
        if let v = parsed["input"] {
            if case .string(let s) = v {
                do { spec.input = try Notation.input(s) } catch { throw fail("input", error.message) }
            } else {
                let n = try ints(v, "input")
                switch n.count {
                case 3: spec.input = InputShape(batch: 1, channels: n[0], height: n[1], width: n[2])
                case 4: spec.input = InputShape(batch: n[0], channels: n[1], height: n[2], width: n[3])
                default: throw fail("input", "expected [C, H, W] or [N, C, H, W], got \(n.count) numbers")
                }
            }
        }
        if let v = parsed["blocks"] {
            guard case .array(let items) = v else { throw fail("blocks", "expected an array like [[1, 64], [1, 128]]") }
            guard items.count <= SpecLimits.blocks else {
                throw fail("blocks", "at most \(SpecLimits.blocks) blocks (each halves the image), got \(items.count)")
            }
            var blocks: [Block] = []
            for (k, item) in items.enumerated() {
                if case .string(let s) = item {
                    do { blocks.append(try Notation.block(s)) } catch { throw fail("blocks[\(k)]", error.message) }
                } else {
                    let pair = try ints(item, "blocks[\(k)]")
                    guard pair.count == 2 else {
                        throw fail("blocks[\(k)]", "expected [convs, channels], got \(pair.count) numbers")
                    }
                    blocks.append(Block(convs: pair[0], channels: pair[1]))
                }
            }
            spec.blocks = blocks
        }
        for key in ["batch_norm", "bn"] {
            guard let v = parsed[key] else { continue }
            guard case .bool(let b) = v else { throw fail(key, "expected true or false, got \(v.snippet)") }
            spec.batchNorm = b
        }
        if let v = parsed["head"] {
            guard case .string(let s) = v, let h = Head(rawValue: s) else {
                throw fail("head", "expected \"avgpool7\" or \"flatten\", got \(v.snippet)")
            }
            spec.head = h
        }
        for key in ["classifier", "fc"] {
            guard let v = parsed[key] else { continue }
            if case .string(let s) = v {
                do { spec.classifier = try Notation.widths(s) } catch { throw fail(key, error.message) }
            } else {
                if case .array(let items) = v, items.count > SpecLimits.classifierLayers {
                    throw fail(key, "at most \(SpecLimits.classifierLayers) hidden classifier layers, got \(items.count)")
                }
                spec.classifier = try ints(v, key)
            }
        }
        if let v = parsed["dropout"] {
            switch v {
            case .double(let d): spec.dropout = d
            case .int(let i): spec.dropout = Double(i)
            default: throw fail("dropout", "expected a number in [0, 1), got \(v.snippet)")
            }
        }
        if let v = parsed["layers"] {
            guard case .array(let items) = v else {
                throw fail("layers", "expected an array of layer strings like [\"conv 64 k3 p1\", \"relu\", ...]")
            }
            var list: [SpecLayer] = []
            for (k, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw fail("layers[\(k)]", "expected a layer string like \"conv 64 k3 p1\", got \(item.snippet)")
                }
                do { list.append(try Notation.layer(text)) } catch { throw fail("layers[\(k)]", error.message) }
            }
            var naming = LayerNaming.torchvision
            if let n = parsed["names"] {
                guard case .string(let t) = n, let value = LayerNaming(rawValue: t) else {
                    throw fail("names", "expected \"torchvision\" or \"net\", got \(n.snippet)")
                }
                naming = value
            }
            spec = VGGSpec(name: spec.name, input: spec.input, layers: list, naming: naming)
        }
        if let v = parsed["classes"] { spec.classes = try int(v, "classes") }
        do {
            try spec.validate()
        } catch {
            throw SpecError("\(source): \(error.message)", at: error.location)
        }
        self = spec
    }

    /// Stable, readable JSON: fixed key order, one block per line.
    public var jsonText: String {
        let inputDims = input.batch == 1 ? [input.channels, input.height, input.width] : input.dims
        if let list = layers {
            var last = list
            if let i = list.lastIndex(where: { if case .linear = $0 { true } else { false } }) { last[i] = .linear(classes) }
            // One layer per line, so the file reads like the network.
            let rows = last.map { "    " + JSON.quoted(Notation.layerText($0)) }.joined(separator: ",\n")
            return "{\n  \"name\": \(JSON.quoted(name)),\n  \"input\": \(JSON.array(inputDims.map(JSON.int)).rendered()),\n"
                + "  \"names\": \(JSON.quoted(naming.rawValue)),\n  \"layers\": [\n\(rows)\n  ],\n  \"classes\": \(classes)\n}\n"
        }
        let json = JSON.object([
            ("name", .string(name)),
            ("input", .array(inputDims.map(JSON.int))),
            ("blocks", .array(blocks.map(\.json))),
            ("batch_norm", .bool(batchNorm)),
            ("head", .string(head.rawValue)),
            ("classifier", .array(classifier.map(JSON.int))),
            ("dropout", .double(dropout)),
            ("classes", .int(classes)),
        ])
        return json.rendered() + "\n"
    }
}

extension Block {
    /// `[convs, channels]` for a plain block (as torchvision's configs read), else its notation string.
    var json: JSON {
        isPlain || layers.isEmpty ? .array([.int(convs), .int(channels)]) : .string(Notation.blockText(self))
    }
}
