/// One terminal cell: a single-column character and its style.
public struct Cell: Equatable, Sendable {
    public var char: Unicode.Scalar
    public var style: Style

    public init(_ char: Unicode.Scalar = " ", _ style: Style = .normal) {
        self.char = char
        self.style = style
    }

    public static let blank = Cell()
}
