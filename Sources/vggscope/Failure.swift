import ArgumentParser
import Foundation

/// Library errors end here: one line on stderr that says how to fix the input, exit status 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("vggscope: error: \(message)\n".utf8))
    return ExitCode.failure
}

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
