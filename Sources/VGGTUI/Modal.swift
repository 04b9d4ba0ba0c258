/// The modal layer above the screen, at most one at a time.
public enum Modal: Equatable, Sendable {
    case prompt(Prompt)
    case confirmQuit
    case presetPicker(selected: Int)
}
