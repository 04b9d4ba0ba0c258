/// Picks the screen for the state and size, then draws any modal on top.
public enum Renderer {
    public static func render(_ state: AppState, keymap: Keymap = .standard) -> Frame {
        var buffer = ScreenBuffer(width: state.width, height: state.height)
        if state.isTooSmall {
            TooSmallView.draw(state, into: &buffer)
            return Frame(buffer: buffer)
        }
        switch state.screen {
        case .main: MainView.draw(state, keymap: keymap, into: &buffer)
        case .compare: CompareView.draw(state, keymap: keymap, into: &buffer)
        case .counters: CountersView.draw(state, keymap: keymap, into: &buffer)
        case .help: HelpView.draw(keymap: keymap, into: &buffer)
        case .explain: ExplainView.draw(state, into: &buffer)
        }
        var frame = Frame(buffer: buffer)
        ModalView.draw(state, into: &frame)
        return frame
    }
}
