/// A one-line editable text with a cursor, used by every prompt. A prefilled value starts
/// selected: typing replaces it, arrows/Home/End keep it and move the cursor, Backspace erases it.
public struct TextField: Equatable, Sendable {
    public private(set) var text: [Character]
    public private(set) var cursor: Int
    /// The whole text is selected (until the first key).
    public private(set) var isSelected: Bool

    public init(_ initial: String = "", selected: Bool = false) {
        text = Array(initial)
        cursor = text.count
        isSelected = selected && !text.isEmpty
    }

    public var string: String { String(text) }

    /// Applies an editing key; returns false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        if isSelected {
            isSelected = false
            // A typed character replaces the selected value; any other key edits it in place.
            if case .char = key {
                text = []
                cursor = 0
            }
        }
        switch key {
        case .char(let c):
            text.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 {
                text.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < text.count { text.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"):
            text.removeFirst(cursor)
            cursor = 0
        case .ctrl("k"): text.removeLast(text.count - cursor)
        default: return false
        }
        return true
    }
}
