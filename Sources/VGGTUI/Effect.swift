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

    public init(kind: Kind, path: String, contents: String) {
        self.kind = kind
        self.path = path
        self.contents = contents
    }
}

/// Work the reducer asks for but does not do: the effect runner performs it and reports back
/// with actions, so tests can check effects and inject their results without kernels or files.
public enum Effect: Equatable, Sendable {
    case startRun(RunRequest)
    case cancelRun(id: Int)
    case write(FileWrite)
}
