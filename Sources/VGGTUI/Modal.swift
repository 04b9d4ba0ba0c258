/// The modal layer above the screen, at most one at a time.
public enum Modal: Equatable, Sendable {
    case prompt(Prompt)
    case confirmQuit
    case presetPicker(selected: Int)
    /// The typed file name and the network's name differ: rename the network to the file's stem, or keep it.
    case confirmName(path: String, stem: String)
}
