import VGGCore

/// One entry of the preset chooser: a built-in name or a file in `presets/`.
public struct PresetChoice: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        case builtIn(String)
        case file(String)
    }
    public var label: String
    public var source: Source
    /// The block summary (or why the file cannot be read), filled in when the directory is scanned.
    public var detail: String?

    public init(label: String, source: Source, detail: String? = nil) {
        self.label = label
        self.source = source
        self.detail = detail
    }

    /// `1x64,1x128,2x256,2x512,2x512 +BN · 1x96x96 flatten`: blocks, then what differs from torchvision's setting.
    public static func detail(_ spec: VGGSpec) -> String {
        var text = spec.structureText
        if spec.isLayerList {
            return text + (spec.input.channels != 3 ? " · \(Notation.inputText(spec.input))" : "")
        }
        if spec.batchNorm { text += " +BN" }
        if spec.input.channels != 3 || spec.input.height != 224 || spec.input.width != 224 || spec.input.batch != 1
            || spec.head != .avgpool7 {
            text += " · \(Notation.inputText(spec.input)) \(spec.head.rawValue)"
        }
        return text
    }
}
