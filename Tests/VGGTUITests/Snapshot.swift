import Foundation
import XCTest

/// Compares `text` with `Snapshots/<name>.txt`. With VGGSCOPE_RECORD=1 it writes the file into
/// the source tree instead (review the diff, then commit it).
func assertSnapshot(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let sourceURL = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent("\(name).txt")
    let actual = text + "\n"
    if ProcessInfo.processInfo.environment["VGGSCOPE_RECORD"] == "1" {
        do {
            try actual.write(to: sourceURL, atomically: true, encoding: .utf8)
        } catch {
            XCTFail("could not record \(sourceURL.path): \(error)", file: file, line: line)
        }
        return
    }
    // The source tree is the truth (a recording is seen without a rebuild); the bundled copy
    // serves when the tests run away from the checkout.
    let bundled = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Snapshots")
    guard let url = FileManager.default.fileExists(atPath: sourceURL.path) ? sourceURL : bundled,
          let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no snapshot \(name).txt; record it with VGGSCOPE_RECORD=1 swift test --filter VGGTUITests",
                file: file, line: line)
        return
    }
    guard expected != actual else { return }
    XCTFail("snapshot \(name) differs (re-record with VGGSCOPE_RECORD=1 if the change is intended):\n"
            + diff(expected: expected, actual: actual), file: file, line: line)
}

/// Line diff: `-` expected, `+` actual, with 1-based line numbers.
func diff(expected: String, actual: String) -> String {
    let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
    var out: [String] = []
    for i in 0..<max(e.count, a.count) {
        let l = i < e.count ? e[i] : nil, r = i < a.count ? a[i] : nil
        if l != r {
            if let l { out.append(String(format: "%3d -|", i + 1) + l) }
            if let r { out.append(String(format: "%3d +|", i + 1) + r) }
        }
    }
    return out.joined(separator: "\n")
}
