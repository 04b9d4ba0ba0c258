import VGGCore

/// A forward pass the user asked for: which spec, and a label for progress and the compare view.
public struct RunRequest: Equatable, Sendable {
    public var id: Int
    public var spec: VGGSpec
    public var label: String

    public init(id: Int, spec: VGGSpec, label: String) {
        self.id = id
        self.spec = spec
        self.label = label
    }
}
