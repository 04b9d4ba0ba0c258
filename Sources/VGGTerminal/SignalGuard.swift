import CNcurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Written from signal handlers, read by the event loop: plain word-sized stores.
nonisolated(unsafe) private var pendingSignal: Int32 = 0
nonisolated(unsafe) private var cursesActive = false
// The handlers that were installed before ours (the Swift runtime's crash backtracer among
// them), indexed by signal number; a raw buffer so the handler touches no reference counts.
nonisolated(unsafe) private let previousActions: UnsafeMutablePointer<sigaction> = {
    let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    p.initialize(repeating: sigaction(), count: 65)
    return p
}()

/// Restores the terminal however the process ends: SIGINT/SIGTERM/SIGHUP ask the loop to exit
/// cleanly (a second one restores and exits at once); crashes restore, then hand the signal to
/// whatever handled it before (so the runtime still prints its backtrace).
enum SignalGuard {
    static var pending: Int32 { pendingSignal }

    static func install() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { sig in
                if pendingSignal != 0 {
                    if cursesActive { endwin() }
                    _exit(128 + sig)
                }
                pendingSignal = sig
            }
        }
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            sigaction(sig, nil, previousActions + Int(sig))
            signal(sig) { sig in
                if cursesActive { endwin() }
                // Back to the earlier handler, which gets the signal as soon as this one returns.
                sigaction(sig, previousActions + Int(sig), nil)
                raise(sig)
            }
        }
    }

    static func markActive(_ active: Bool) { cursesActive = active }
}
