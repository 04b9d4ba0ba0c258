/// What a cell means, not how it looks: the terminal backend maps each role to colors, or to
/// attributes only (bold, reverse, underline) when colors are off (NO_COLOR, monochrome).
public enum Style: UInt8, CaseIterable, Sendable {
    case normal
    case dim
    case title
    case header
    case border
    case focusBorder
    case selected
    case highlight
    case error
    case ok
    case accent
    case bar
    case barAlt
    case status
    case statusKey
    case prompt
}
