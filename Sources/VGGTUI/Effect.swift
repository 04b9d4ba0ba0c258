import VGGCore

/// A file the app wants written: an exported markdown summary or a saved preset.
public struct FileWrite: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case export
        /// The saved spec, so the state can mark exactly that spec as saved.
        case preset(VGGSpec)
    }
    public var kind: Kind
    public var path: String
    public var contents: String
    /// Create the file's directory when missing (saves into `presets/`).
    public var createsDirectory: Bool
    /// The absolute path, filled in by the runner once written (for the status line).
    public var fullPath: String?

    public init(kind: Kind, path: String, contents: String, createsDirectory: Bool = false) {
        self.kind = kind
        self.path = path
        self.contents = contents
        self.createsDirectory = createsDirectory
    }
}

/// Work the reducer asks for but does not do: the effect runner performs it and reports back
/// with actions, so tests can check effects and inject their results without kernels or files.
public enum Effect: Equatable, Sendable {
    case startRun(RunRequest)
    case cancelRun(id: Int)
    case write(FileWrite)
    /// List and read the preset directory; answered with `presetsScanned`.
    case scanPresets(directory: String)
    /// Read one preset file; answered with `presetLoaded` or `presetLoadFailed`.
    case loadPreset(path: String)
}
