import CNcurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Written from signal handlers, read by the event loop: plain word-sized stores.
nonisolated(unsafe) private var pendingSignal: Int32 = 0
nonisolated(unsafe) private var cursesActive = false

/// Restores the terminal however the process ends: SIGINT/SIGTERM/SIGHUP ask the loop to exit
/// cleanly (a second one restores and exits at once); crashes restore, then die as they would have.
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
            signal(sig) { sig in
                if cursesActive { endwin() }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    static func markActive(_ active: Bool) { cursesActive = active }
}
