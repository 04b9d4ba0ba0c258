import XCTest

// The CLI's error contract, asserted in one place for every test that runs the binary into an error.

extension BinaryRunner.Result {
    /// Ended by itself (not hung, no signal) with `status`, and stderr is one `vggscope: error:` line holding
    /// every fragment.
    func assertOneLineError(status: Int32, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(timedOut, "hung", file: file, line: line)
        XCTAssertFalse(signaled, "killed by signal \(self.status): \(stderr)", file: file, line: line)
        XCTAssertEqual(self.status, status, stderr, file: file, line: line)
        XCTAssertEqual(stderr.split(separator: "\n").count, 1, "one line: \(stderr)", file: file, line: line)
        XCTAssertTrue(stderr.hasPrefix("vggscope: error: "), stderr, file: file, line: line)
        for f in fragments {
            XCTAssertTrue(stderr.contains(f), "expected '\(f)' in: \(stderr)", file: file, line: line)
        }
    }
}

extension XCTestCase {
    /// Runs `args` and expects a failure: non-zero status, `fragment` in stderr, no trap, nothing on stdout.
    func expectError(_ args: [String], _ fragment: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try BinaryRunner.run(args)
        XCTAssertNotEqual(r.status, 0, "\(args) should fail", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(fragment), "\(args): stderr was: \(r.stderr)", file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Fatal error"), "\(args) trapped: \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stdout, "", "\(args) printed to stdout on error", file: file, line: line)
    }
}
