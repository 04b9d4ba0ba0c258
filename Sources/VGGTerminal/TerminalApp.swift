import VGGTUI

/// The event loop: terminal events and effect outcomes in, reducer, effects out, redraw.
public enum TerminalApp {
    /// Runs until the user quits; returns the exit status (128 + signal when a signal ended it).
    public static func run(_ initial: AppState, runner: EffectRunner, environment: [String: String]) throws -> Int32 {
        let terminal = try Terminal(environment: environment)
        defer { terminal.shutdown() }
        var state = initial
        let size = terminal.size
        state = Reducer.reduce(state, .resize(width: size.width, height: size.height)).0
        var dirty = true
        while !state.shouldQuit {
            if dirty {
                let frame = Renderer.render(state)
                let cursor = frame.cursorX.flatMap { x in frame.cursorY.map { (x: x, y: $0) } }
                terminal.draw(frame.buffer, cursor: cursor)
                dirty = false
            }
            if let signal = terminal.pendingSignal {
                if let run = state.run { runner.perform(.cancelRun(id: run.request.id)) }
                return 128 + signal
            }
            var actions: [Action] = []
            switch terminal.nextEvent() {
            case .key(let key)?: actions.append(.key(key))
            case .resize(let w, let h)?: actions.append(.resize(width: w, height: h))
            case nil: break
            }
            actions += runner.drain()
            for action in actions {
                let (next, effects) = Reducer.reduce(state, action)
                state = next
                runner.perform(effects)
                dirty = true
            }
        }
        return 0
    }
}
