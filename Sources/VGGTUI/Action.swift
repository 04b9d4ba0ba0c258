import VGGCore

/// Everything that can change the app state: keys and resizes from the terminal, results of
/// effects (runs, file writes) from the effect runner. Tests feed these directly.
public enum Action: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case runProgress(id: Int, completed: Int, total: Int, layer: String)
    case runFinished(id: Int, RunResult)
    case runFailed(id: Int, RunFailure)
    case runCancelled(id: Int)
    case fileWritten(FileWrite)
    case fileFailed(FileWrite, message: String)
    /// The preset directory as the runner found it (built-ins first).
    case presetsScanned([PresetChoice])
    case presetLoaded(path: String, VGGSpec)
    case presetLoadFailed(path: String, message: String)
}
