import Foundation
import XCTest

/// Compares `text` with `Fixtures/snapshots/<name>`. With VGGSCOPE_RECORD=1 it writes the file into
/// the source tree instead (review the diff, then commit it).
func assertTextSnapshot(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let sourceURL = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        .appendingPathComponent("Fixtures/snapshots").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["VGGSCOPE_RECORD"] == "1" {
        do { try text.write(to: sourceURL, atomically: true, encoding: .utf8) } catch {
            XCTFail("could not record \(sourceURL.path): \(error)", file: file, line: line)
        }
        return
    }
    let bundled = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/snapshots").appendingPathComponent(name)
    let url = FileManager.default.fileExists(atPath: sourceURL.path) ? sourceURL : bundled
    guard let url, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no snapshot \(name); record it with VGGSCOPE_RECORD=1 swift test --filter VGGCoreTests", file: file, line: line)
        return
    }
    guard expected != text else { return }
    let e = expected.components(separatedBy: "\n"), a = text.components(separatedBy: "\n")
    let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
    XCTFail("snapshot \(name) differs at line \(first + 1) (re-record with VGGSCOPE_RECORD=1 if intended):\n"
            + "- \(first < e.count ? e[first] : "<end>")\n+ \(first < a.count ? a[first] : "<end>")", file: file, line: line)
}
