import Foundation
import XCTest

/// Paths to the reference files copied from ../shared/reference/forward.
enum Fixture {
    static func url(_ name: String) -> URL {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Fixtures") else {
            fatalError("fixture \(name) is missing from the test bundle")
        }
        return url
    }

    /// A fresh temporary file path, removed by the caller's test teardown.
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("vggruntime-\(UUID().uuidString)-\(name)")
    }
}

/// Max(abs, rel * |ref|) comparison; a failure names the index, both values and the context.
func assertClose(_ actual: [Float], _ expected: [Float], rel: Float, abs: Float = 1e-6, _ context: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(context): counts differ", file: file, line: line)
    for i in 0..<min(actual.count, expected.count) {
        let tolerance = max(abs, rel * Swift.abs(expected[i]))
        if !(Swift.abs(actual[i] - expected[i]) <= tolerance) {
            XCTFail("\(context): index \(i) got \(actual[i]), expected \(expected[i]) (tolerance \(tolerance))", file: file, line: line)
            return
        }
    }
}
