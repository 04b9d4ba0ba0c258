/// One entry of the preset chooser: a built-in name or a file in `presets/`.
public struct PresetChoice: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        case builtIn(String)
        case file(String)
    }
    public var label: String
    public var source: Source

    public init(label: String, source: Source) {
        self.label = label
        self.source = source
    }
}
