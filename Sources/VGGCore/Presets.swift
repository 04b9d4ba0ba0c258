import Foundation

/// The built-in architectures. They are compiled in, so they load from any working directory;
/// `presets/*.json` holds the same specs as files to read and copy (a test keeps them equal).
public enum Presets {
    /// torchvision's configs A, B, D, E.
    static let torchvision: [(String, [Block])] = [
        ("vgg11", [.init(convs: 1, channels: 64), .init(convs: 1, channels: 128), .init(convs: 2, channels: 256),
                   .init(convs: 2, channels: 512), .init(convs: 2, channels: 512)]),
        ("vgg13", [.init(convs: 2, channels: 64), .init(convs: 2, channels: 128), .init(convs: 2, channels: 256),
                   .init(convs: 2, channels: 512), .init(convs: 2, channels: 512)]),
        ("vgg16", [.init(convs: 2, channels: 64), .init(convs: 2, channels: 128), .init(convs: 3, channels: 256),
                   .init(convs: 3, channels: 512), .init(convs: 3, channels: 512)]),
        ("vgg19", [.init(convs: 2, channels: 64), .init(convs: 2, channels: 128), .init(convs: 4, channels: 256),
                   .init(convs: 4, channels: 512), .init(convs: 4, channels: 512)]),
    ]

    public static let all: [VGGSpec] = {
        var specs = torchvision.map { VGGSpec(name: $0.0, blocks: $0.1) }
        specs += torchvision.map { VGGSpec(name: $0.0 + "_bn", blocks: $0.1, batchNorm: true) }
        specs.append(VGGSpec(name: "d2l-vgg11", input: InputShape(channels: 1, height: 224, width: 224),
                             blocks: torchvision[0].1, head: .flatten, classes: 10))
        specs += paper
        specs += [alexnet, d2lAlexNet]
        return specs
    }()

    public static var names: [String] { all.map(\.name) }

    /// The four networks of the paper's table, for side-by-side comparison.
    public static let paperFour = ["vgg11", "vgg13", "vgg16", "vgg19"]

    /// The paper's Table 1, in its column order: A, A-LRN, B, C, D, E.
    public static let paperSix = ["vgg-a", "vgg-a-lrn", "vgg-b", "vgg-c", "vgg-d", "vgg-e"]

    /// By name, forgiving case and separators: `VGG-16`, `vgg16-bn`, `d2l_vgg11`.
    public static func named(_ name: String) -> VGGSpec? {
        let key = normalized(name)
        return all.first { normalized($0.name) == key }
    }

    /// A built-in name, or a path to a preset JSON file.
    public static func load(_ nameOrPath: String) throws(SpecError) -> VGGSpec {
        let looksLikePath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")
        if !looksLikePath, let spec = named(nameOrPath) { return spec }
        if looksLikePath || FileManager.default.fileExists(atPath: nameOrPath) {
            return try file(nameOrPath)
        }
        throw SpecError("unknown preset '\(nameOrPath)'; known presets: \(names.joined(separator: ", ")), "
                        + "or give a path to a .json file", at: .preset)
    }

    public static func file(_ path: String) throws(SpecError) -> VGGSpec {
        let data: Data
        do {
            data = try InputFile.read(path, maxBytes: SpecLimits.presetFileBytes, what: "preset file")
        } catch {
            let hint = error.kind == .notFound ? "; built-in presets: \(names.joined(separator: ", "))" : ""
            throw SpecError("\(path): \(error.kind == .notFound ? "no such preset file" : error.reason)\(hint)", at: .file(path))
        }
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try VGGSpec(json: data, source: path, defaultName: stem)
    }

    /// Preset files in a directory (the TUI's preset chooser), sorted by name; unreadable ones are skipped.
    public static func files(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    static func normalized(_ s: String) -> String {
        s.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
    }
}

extension VGGSpec {
    /// VGG-11's settings, the default the CLI and TUI open on.
    public static var vgg11: VGGSpec { Presets.named("vgg11")! }
    static var vgg11Shape: VGGSpec { VGGSpec(name: "vgg11", blocks: Presets.torchvision[0].1) }
}
