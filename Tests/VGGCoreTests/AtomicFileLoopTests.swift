import Foundation
@testable import VGGCore
import XCTest

/// A symbolic-link loop as an output path was reported as "a link to a missing file".
final class AtomicFileLoopTests: XCTestCase {
    func testSymlinkLoopIsNamed() throws {
        let dir = NSTemporaryDirectory() + "vggscope-loop-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/a", withDestinationPath: dir + "/b")
        try FileManager.default.createSymbolicLink(atPath: dir + "/b", withDestinationPath: dir + "/a")
        XCTAssertThrowsError(try AtomicFile.write("x", to: dir + "/a")) {
            XCTAssertTrue(($0 as? AtomicFile.WriteError)?.message.contains("loops back on itself") == true, "\($0)")
        }
        XCTAssertThrowsError(try AtomicFile.check(dir + "/b"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/gone", withDestinationPath: dir + "/nothing")
        XCTAssertThrowsError(try AtomicFile.write("x", to: dir + "/gone")) {
            XCTAssertTrue(($0 as? AtomicFile.WriteError)?.message.contains("missing file") == true, "\($0)")
        }
    }
}
