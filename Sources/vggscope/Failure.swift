import ArgumentParser
import Foundation
import VGGCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Library errors end here: one line on stderr that says how to fix the input, exit status 1. Control characters
/// from file names, keys or paths are shown escaped, so the message stays one harmless line, and a message quoting
/// a huge argument is shortened in the middle.
func fail(_ message: String) -> ExitCode {
    writeStandardError("vggscope: error: \(TerminalSafe.shortened(TerminalSafe.escape(message)))\n")
    return ExitCode.failure
}

/// Writes to stdout; if that fails (a full disk, a closed descriptor) says so on stderr and exits 1 — a report
/// cut short must not look like success. A reader that went away (EPIPE, e.g. `| head`) ends it quietly.
func printOut(_ text: String) {
    guard let code = writeAll(STDOUT_FILENO, text) else { return }
    if code != EPIPE {
        writeStandardError("vggscope: error: cannot write to standard output: \(String(cString: strerror(code)))"
                           + "; check where the output goes (disk full? closed?)\n")
    }
    exit(1)
}

/// Best effort: if stderr itself is gone there is nobody left to tell.
func writeStandardError(_ text: String) {
    _ = writeAll(STDERR_FILENO, text)
}

/// The errno of a failed write, nil when everything was written.
private func writeAll(_ fd: Int32, _ text: String) -> Int32? {
    var text = text
    return text.withUTF8 { POSIX.writeAll(fd, UnsafeRawBufferPointer($0)) }
}

/// Set up before any command runs: a closed pipe becomes an EPIPE error (handled by `printOut`) rather than a
/// signal, and anything the argument parser printed through stdio (help, usage) is checked when the process
/// exits, so `vggscope --help > /dev/full` fails too.
func installOutputChecks() {
    signal(SIGPIPE, SIG_IGN)
    atexit {
        if fflush(nil) != 0 {
            let code = errno
            if code != EPIPE {
                writeStandardError("vggscope: error: cannot write to standard output: \(String(cString: strerror(code)))\n")
            }
            _exit(1)
        }
    }
}

/// `exit` for code inside a ParsableCommand, where `exit` names the argument parser's method.
func terminate(_ status: Int32) -> Never {
    exit(status)
}
