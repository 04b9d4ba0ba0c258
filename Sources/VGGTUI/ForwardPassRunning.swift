import VGGCore

/// Times a forward pass for the TUI (`r`, and each preset of `R`): reports progress (steps done, steps in all,
/// what runs now) and stops early when `isCancelled` turns true, throwing `.cancelled`. Probing the machine's
/// peaks for the roofline is the runner's business too (reported as `ProgressLabel.probing`).
///
/// The explorer only calls this; the executable injects the implementation over the runtime
/// (`VGGTUIRuntime.RuntimeForwardPass`), so the UI builds and tests without kernels.
public protocol ForwardPassRunning: Sendable {
    func run(_ spec: VGGSpec, progress: @escaping @Sendable (Int, Int, String) -> Void,
             isCancelled: @escaping @Sendable () -> Bool) throws(RunFailure) -> RunResult
}

/// Progress texts the status line treats specially.
public enum ProgressLabel {
    /// The machine probe before the session's first pass: nothing to count, so no bar.
    public static let probing = "probing machine…"
    /// Prefix of the weight-loading steps ("loading weights: features.0").
    public static let loadingPrefix = "loading"
}
