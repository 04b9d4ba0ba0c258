/// A rendered screen: the cells and, while a prompt is open, where the text cursor sits.
public struct Frame: Equatable, Sendable {
    public var buffer: ScreenBuffer
    public var cursorX: Int?
    public var cursorY: Int?

    public init(buffer: ScreenBuffer, cursorX: Int? = nil, cursorY: Int? = nil) {
        self.buffer = buffer
        self.cursorX = cursorX
        self.cursorY = cursorY
    }
}
